"""`louyu bench-match [--output docs/performance.md]`: quality and speed of the address matcher."""
from pathlib import Path

from django.core.management.base import BaseCommand

from benchmarks.common import write_section
from benchmarks.matching import SECTION_TITLE, render_markdown, run_bench


class Command(BaseCommand):
    help = ("地址匹配评测：开发集与留出集的精确率/召回率/F1/待复核比例（与子串基线对比），"
            "以及 5,000 栋合成楼宇、10 万条地址上的速度（与暴力 rapidfuzz 对比）。")

    def add_arguments(self, parser):
        parser.add_argument("--output", help="把结果写入该 Markdown 文件的“地址匹配”一节（如 docs/performance.md）")
        parser.add_argument("--dev", help="开发集目录（含 buildings.csv、dev.csv），默认 ../shared/data/address-matching")
        parser.add_argument("--buildings", type=int, default=5000, help="合成楼宇数（默认 %(default)s）")
        parser.add_argument("--addresses", type=int, default=100_000, help="合成地址数（默认 %(default)s）")
        parser.add_argument("--brute-sample", type=int, default=500,
                            help="暴力 rapidfuzz 对比所用的地址样本数（默认 %(default)s）")

    def handle(self, *args, **options):
        report = run_bench(Path(options["dev"]) if options["dev"] else None, options["buildings"],
                           options["addresses"], options["brute_sample"], log=self.stdout.write)
        command = "louyu bench-match" + (f" --output {options['output']}" if options["output"] else "")
        for flag in ("buildings", "addresses", "brute_sample"):
            default = {"buildings": 5000, "addresses": 100_000, "brute_sample": 500}[flag]
            if options[flag] != default:
                command += f" --{flag.replace('_', '-')} {options[flag]}"
        section = render_markdown(report, command)
        if options["output"]:
            write_section(options["output"], SECTION_TITLE, section)
            self.stdout.write(f"已写入 {options['output']} 的“地址匹配”一节。")
        else:
            self.stdout.write(section)
