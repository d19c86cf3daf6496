import time

from django.core.management.base import BaseCommand, CommandError

from dangjian.core import stats
from dangjian.core.choices import OrgLevel
from dangjian.core.models import Org


class Command(BaseCommand):
    help = "重新计算组织统计(工作台数据): 全部, 或 --county 指定的县(区)及其上级"

    def add_arguments(self, parser):
        parser.add_argument("--county", default="", help="县(区)党组织的组织代码")

    def handle(self, *args, **options):
        started = time.perf_counter()
        if options["county"]:
            county = Org.objects.filter(code=options["county"]).first()
            if county is None:
                raise CommandError(f"组织代码“{options['county']}”不存在")
            if county.level != OrgLevel.COUNTY:
                raise CommandError(f"“{county.name}”不是县(区)级党组织")
            rows = stats.refresh_county(county.pk)
        else:
            rows = stats.refresh_all()
        self.stdout.write(f"已更新 {rows} 个组织的统计, 用时 {time.perf_counter() - started:.1f} 秒")
