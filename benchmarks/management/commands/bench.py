"""`louyu bench` (what `make bench` runs): every benchmark, each writing its own section of docs/performance.md."""
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from benchmarks.indicators import run_indicator_bench
from benchmarks.intake import run_intake_bench
from benchmarks.pages import run_page_bench

# Each function takes output_path and rewrites only its own section.
BENCHMARKS = {"intake": run_intake_bench, "indicators": run_indicator_bench, "pages": run_page_bench}


class Command(BaseCommand):
    help = "运行全部性能基准（数据导入、地址匹配、指标计算、页面响应），结果写入 docs/performance.md。"

    def add_arguments(self, parser):
        parser.add_argument("--output", default="docs/performance.md", help="结果文件")
        parser.add_argument("--only", default="", help="只运行其中几项，逗号分隔：intake,match,indicators,pages")

    def handle(self, *args, **options):
        only = {s.strip() for s in options["only"].split(",") if s.strip()}
        unknown = only - set(BENCHMARKS) - {"match"}
        if unknown:
            raise CommandError(f"未知的基准项：{'、'.join(sorted(unknown))}")
        if not only or "match" in only:
            self._timed("match", lambda: call_command("bench_match", output=options["output"]))
        for name, run in BENCHMARKS.items():
            if only and name not in only:
                continue
            self._timed(name, lambda: run(options["output"]))

    def _timed(self, name, run):
        self.stdout.write(f"== {name} ==")
        started = time.perf_counter()
        run()
        self.stdout.write(f"   {name} 完成，用时 {time.perf_counter() - started:.1f} 秒")
