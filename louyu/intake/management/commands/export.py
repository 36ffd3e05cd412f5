"""louyu export KIND --output PATH [--user USERNAME]"""
from django.core.management.base import BaseCommand, CommandError

from louyu.intake.export import export_file

from ._common import check_kind, kind_help, user_named


class Command(BaseCommand):
    help = "导出名录或数据为 .xlsx 或 .csv（按文件扩展名），表头与导入模板相同，可原样再导入。"

    def add_arguments(self, parser):
        parser.add_argument("kind", help=kind_help())
        parser.add_argument("--output", "-o", required=True, help="输出文件路径（.xlsx 或 .csv）")
        parser.add_argument("--user", metavar="USERNAME", help="按该用户可见的范围导出；不指定则导出全部")
        parser.add_argument("--year", type=int, help="年度（指标导出 building-indicators、district-progress 须指定）")

    def handle(self, *args, kind, output, user, **options):
        from louyu.indicators.exports import EXPORTS as INDICATOR_EXPORTS  # the indicator engine's CSV exports

        from louyu.events.exports import EXPORTS as EVENT_EXPORTS  # the mechanism rules' verdicts

        if kind in EVENT_EXPORTS:
            if options.get("year") is None:
                raise CommandError("该导出须指定 --year，例如 --year 2023")
            count = EVENT_EXPORTS[kind](options["year"], output)
            self.stdout.write(f"已导出 {count} 行到 {output}")
            return
        if kind in INDICATOR_EXPORTS:
            if options.get("year") is None:
                raise CommandError("指标导出须指定 --year，例如 --year 2023")
            count = INDICATOR_EXPORTS[kind](options["year"], output, user=user_named(user))
            self.stdout.write(f"已导出 {count} 行到 {output}")
            return
        check_kind(kind)
        count = export_file(kind=kind, user=user_named(user), output=output)
        self.stdout.write(f"已导出 {count} 行到 {output}")
