"""louyu template KIND --output PATH"""
from django.core.management.base import BaseCommand

from louyu.intake.templates import template_write

from ._common import check_kind, kind_help


class Command(BaseCommand):
    help = "生成导入模板（.xlsx，含示例行和填写说明）。"

    def add_arguments(self, parser):
        parser.add_argument("kind", help=kind_help())
        parser.add_argument("--output", "-o", required=True, help="输出的 .xlsx 文件路径")

    def handle(self, *args, kind, output, **options):
        check_kind(kind)
        template_write(kind, output)
        self.stdout.write(f"已生成导入模板 {output}")
