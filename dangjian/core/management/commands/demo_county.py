import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from dangjian.core import demo
from dangjian.core.demo.accounts import DEMO_COUNTY_CODE, DEMO_PROVINCE_CODE
from dangjian.core.management.commands.demo_accounts import print_accounts
from dangjian.core.models import Org


class Command(BaseCommand):
    help = "生成示范数据: 一个县(临颍县, 约30,000名党员)或一个省(约100个县, 约300万名党员)"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="随机种子; 同一种子与基准日期生成相同的数据")
        parser.add_argument("--scale", choices=["county", "province"], default="county")
        parser.add_argument("--if-empty", action="store_true", help="已有任何党组织时不做任何事")
        parser.add_argument("--villages", type=int, default=None, help="缩小规模: 行政村和社区总数(默认367)")
        parser.add_argument("--members", type=int, default=None, help="每县党员数(默认约30,000)")
        parser.add_argument("--counties", type=int, default=100, help="省级规模的县数(默认100)")
        parser.add_argument("--anchor", default=None, help="数据的基准日期 YYYY-MM-DD(默认今天)")

    def handle(self, *args, **options):
        if options["if_empty"] and Org.objects.exists():
            self.stdout.write("已有党组织数据, 不生成示范数据。")
            return
        for code in (DEMO_COUNTY_CODE, DEMO_PROVINCE_CODE):
            if Org.objects.filter(code=code).exists():
                raise CommandError(f"示范数据已存在(组织代码 {code}); 请在空数据库上生成")
        anchor = None
        if options["anchor"]:
            try:
                anchor = dt.date.fromisoformat(options["anchor"])
            except ValueError:
                raise CommandError(f"基准日期“{options['anchor']}”格式应为 YYYY-MM-DD") from None
        shape = None
        if options["villages"] or options["members"]:
            shape = demo.CountyShape.small(options["villages"] or demo.CountyShape.villages)
            if options["members"]:
                shape = demo.CountyShape(
                    villages=shape.villages,
                    townships=shape.townships,
                    members=options["members"],
                    departments=shape.departments,
                )
        if options["scale"] == "province":
            result = demo.build_province(
                seed=options["seed"],
                anchor=anchor,
                counties=options["counties"],
                shape=shape,
                progress=lambda line: self.stdout.write(line),
            )
        else:
            result = demo.build_county(seed=options["seed"], anchor=anchor, shape=shape)
        self.stdout.write(
            self.style.SUCCESS(
                f"已生成 {result.root.name}: {len(result.counties)} 个县(区), {result.orgs} 个组织(含党小组), "
                f"{result.people} 名党员, {result.posts} 个职务, 用时 {result.seconds:.1f} 秒"
            )
        )
        print_accounts(self.stdout, result.accounts)
