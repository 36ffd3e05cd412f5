from louyu.reports.management.commands._report import ReportCommand
from louyu.reports.services import bluebook_generate


class Command(ReportCommand):
    help = "生成年度楼宇经济高质量发展蓝皮书（DOCX 或 PDF，按 --output 的扩展名），数据取自指标引擎的计算结果。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度，如 2023")
        self.add_common(parser)

    def handle(self, *args, **options):
        self.stdout.write(f"生成 {options['year']} 年度蓝皮书 …")
        self.run(bluebook_generate, year=options["year"], path=options["output"], actor=self.actor(options))
