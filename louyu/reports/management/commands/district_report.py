from django.core.management.base import CommandError

from louyu.geo.models import District
from louyu.reports.management.commands._report import ReportCommand
from louyu.reports.services import district_report_generate


class Command(ReportCommand):
    help = "生成一个地区的年度楼宇经济发展报告（DOCX 或 PDF）；地区用户只能生成本地区的报告。"

    def add_arguments(self, parser):
        parser.add_argument("--district", required=True, help="地区名称，如 姑苏区")
        parser.add_argument("--year", type=int, required=True, help="年度，如 2023")
        self.add_common(parser)

    def handle(self, *args, **options):
        name = options["district"].strip()
        district = District.objects.filter(name=name).first() or District.objects.filter(full_name=name).first()
        if district is None:
            names = "、".join(District.objects.order_by("order").values_list("name", flat=True))
            raise CommandError(f"没有名为“{options['district']}”的地区（可选：{names}）")
        self.stdout.write(f"生成 {district.name} {options['year']} 年度报告 …")
        self.run(district_report_generate, district=district, year=options["year"], path=options["output"],
                 actor=self.actor(options))
