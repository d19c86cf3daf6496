from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from dangjian.core import services
from dangjian.core.audit import audit_context
from dangjian.core.choices import Role
from dangjian.core.models import Org, Person
from dangjian.core.rules import normalize_id_number


class Command(BaseCommand):
    help = "新建账号: add_account USERNAME --org CODE --role ROLE --password PASSWORD"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--org", required=True, help="所属党组织的组织代码")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--password", required=True)
        parser.add_argument("--person-id-number", default="", help="党员账号对应党员的公民身份号码")
        parser.add_argument("--display-name", default="")

    def handle(self, *args, **options):
        org = Org.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(f"组织代码“{options['org']}”不存在")
        person = None
        if options["person_id_number"]:
            person = Person.objects.filter(
                id_number_index=services.person_id_index(normalize_id_number(options["person_id_number"]))
            ).first()
            if person is None:
                raise CommandError("找不到该公民身份号码对应的党员")
        try:
            with audit_context(source="cli"):
                user = services.account_create(
                    actor=None,
                    username=options["username"],
                    org=org,
                    role=options["role"],
                    password=options["password"],
                    person=person,
                    display_name=options["display_name"],
                )
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None
        self.stdout.write(f"已建立账号 {user.username}({user.get_role_display()},{user.org.name})")
