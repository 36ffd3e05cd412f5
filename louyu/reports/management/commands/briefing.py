from louyu.reports.management.commands._report import ReportCommand
from louyu.reports.services import briefing_generate


class Command(ReportCommand):
    help = "生成楼宇经济运行监测简报（月度，DOCX 或 PDF）。"

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="月份，格式 YYYY-MM，如 2024-06")
        self.add_common(parser)

    def handle(self, *args, **options):
        self.stdout.write(f"生成 {options['month']} 运行监测简报 …")
        self.run(briefing_generate, month=options["month"], path=options["output"], actor=self.actor(options))
