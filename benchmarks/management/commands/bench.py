"""`louyu bench` (what `make bench` runs): every benchmark in one run, each writing its own section of
docs/performance.md and its rows of docs/performance.json; `--growth` (`make bench-growth`) measures the
recompute, the pages and the matching at several scales instead."""
from django.core.management.base import BaseCommand, CommandError

from benchmarks import growth, record

MAIN = ("match", "intake", "indicators", "pages", "bluebook")
GROWTH = ("indicators", "pages", "match")


class Command(BaseCommand):
    help = ("运行全部性能基准（地址匹配、数据导入、指标计算、页面响应、蓝皮书），结果写入 docs/performance.md 和 "
            "docs/performance.json；--growth 在多个数据规模上测量指标重算、页面和地址匹配的增长。")

    def add_arguments(self, parser):
        parser.add_argument("--output", default="docs/performance.md", help="结果文件（同名 .json 为机器可读记录）")
        parser.add_argument("--only", default="", help=f"只运行其中几项，逗号分隔：{','.join(MAIN)}（--growth 时：{','.join(GROWTH)}）")
        parser.add_argument("--growth", action="store_true", help="增长测量：在 --scales 的每个规模上运行指标重算、页面和地址匹配")
        parser.add_argument("--scales", default="1,10,100", help="增长测量的规模倍数，逗号分隔（默认 %(default)s）")
        parser.add_argument("--spark", action="store_true", help="增长测量时在 ×10 上也用 Spark 本地模式计算同样的事实（需要 pyspark 与 Java）")
        parser.add_argument("--no-explain", action="store_true", help="增长测量后不做最大规模上的 EXPLAIN")

    def handle(self, *args, **options):
        output = options["output"]
        names = GROWTH if options["growth"] else MAIN
        only = {s.strip() for s in options["only"].split(",") if s.strip()}
        unknown = only - set(names)
        if unknown:
            raise CommandError(f"未知的基准项：{'、'.join(sorted(unknown))}")
        chosen = [name for name in names if not only or name in only]
        if options["growth"]:
            try:
                scales = sorted({float(s) for s in options["scales"].split(",") if s.strip()})
            except ValueError:
                raise CommandError(f"--scales 应为逗号分隔的数字：{options['scales']}") from None
            growth.run_growth(output, scales, spark=options["spark"], explain=not options["no_explain"], log=self.stdout.write,
                              names=chosen)
            return
        rows = growth.run_main(output, chosen, log=self.stdout.write)
        self.stdout.write(f"已写入 {output} 与 {record.json_path(output)}（{len(rows)} 行）。")
