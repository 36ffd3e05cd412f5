"""What the three report commands share: --output, --user, progress lines on stdout, errors as CommandError."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from louyu.reports.services import ReportError


class ReportCommand(BaseCommand):
    def add_common(self, parser) -> None:
        parser.add_argument("--output", required=True, help="输出文件，扩展名 .docx 或 .pdf 决定格式")
        parser.add_argument("--user", help="以该用户身份生成（检查其权限；地区用户只能生成本地区报告）")

    def actor(self, options):
        name = options.get("user")
        if not name:
            return None
        try:
            return get_user_model().objects.get(username=name, is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"用户“{name}”不存在或已停用") from None

    def progress(self, done: int, total: int, phase: str) -> None:
        self.stdout.write(f"  [{done}/{total}] {phase}")

    def run(self, fn, **kwargs) -> None:
        try:
            result = fn(progress=self.progress, **kwargs)
        except ReportError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(
            f"已生成 {result['path']}（{result['format'].upper()}，{result['bytes'] / 1024:,.0f} KB，用时 {result['seconds']:.1f} 秒）"))
