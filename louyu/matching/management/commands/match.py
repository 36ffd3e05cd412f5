"""`louyu match --registry 楼宇.xlsx --input 企业.csv --output 结果.csv`: attribute each address to a building."""
from django.core.management.base import BaseCommand, CommandError

from louyu.matching.batch import match_file
from louyu.matching.register import TableError
from louyu.matching.scoring import MatchSettings


class Command(BaseCommand):
    help = ("按注册地址把企业匹配到楼宇。输入文件需有 编号、企业名称、注册地址 三列（CSV 或 Excel），"
            "输出 CSV 含 编号、楼宇编码、置信度、状态（匹配/待复核/无匹配）、依据。")

    def add_arguments(self, parser):
        parser.add_argument("--registry", required=True, help="楼宇文件（楼宇模板：楼宇编码、楼宇名称、别名、所属地区、地址、楼栋）")
        parser.add_argument("--input", required=True, help="地址文件：编号、企业名称、注册地址（csv 或 xlsx）")
        parser.add_argument("--output", required=True, help="结果 CSV（UTF-8 带 BOM，Excel 可直接打开）")
        parser.add_argument("--match-threshold", type=float, default=MatchSettings.match_threshold,
                            help="置信度不低于此值判为“匹配”（默认 %(default)s）")
        parser.add_argument("--review-threshold", type=float, default=MatchSettings.review_threshold,
                            help="候选楼宇合计概率不低于此值判为“待复核”（默认 %(default)s）")

    def handle(self, *args, **options):
        settings = MatchSettings(match_threshold=options["match_threshold"],
                                 review_threshold=options["review_threshold"])
        try:
            summary = match_file(options["registry"], options["input"], options["output"], settings=settings)
        except TableError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(summary.text())
