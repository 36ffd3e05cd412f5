"""louyu bench-intake [--rows N] [--xlsx-rows N] [--orm-rows N] [--changed-rows N] [--db-name NAME] [--output docs/performance.md]"""
from django.core.management.base import BaseCommand

from benchmarks.intake import BENCH_DB, run_intake_bench


class Command(BaseCommand):
    help = "数据导入基准测试：100万行税收（CSV 和 XLSX）对比 raw COPY 和朴素 ORM 循环，结果写入 docs/performance.md。"

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=1_000_000, help="CSV 行数（默认 1000000）")
        parser.add_argument("--xlsx-rows", type=int, default=None, help="XLSX 行数（默认 200000，较小以节省生成时间；报告中按吞吐量外推）")
        parser.add_argument("--orm-rows", type=int, default=20_000, help="朴素 ORM 循环的样本行数（默认 20000）")
        parser.add_argument("--small-rows", type=int, default=100_000, help="对比内存用的小文件行数（默认 100000）")
        parser.add_argument("--changed-rows", type=int, default=100_000, help="更正文件（每行金额都改动）的行数（默认 100000）")
        parser.add_argument("--db-name", default=BENCH_DB, help=f"PostgreSQL 上临时基准数据库的名称（默认 {BENCH_DB}；多人同时运行时各用一个）")
        parser.add_argument("--no-sqlite", action="store_true", help="不测 SQLite")
        parser.add_argument("--output", default="docs/performance.md", help="写入结果的文档（只替换“数据导入 (intake)”一节）")

    def handle(self, *args, rows, xlsx_rows, orm_rows, small_rows, changed_rows, db_name, no_sqlite, output, **options):
        run_intake_bench(output, rows=rows, xlsx_rows=xlsx_rows, orm_rows=orm_rows, small_rows=small_rows, changed_rows=changed_rows,
                         db_name=db_name, sqlite=not no_sqlite, log=lambda text: self.stdout.write(text))
        self.stdout.write(f"结果已写入 {output}")
