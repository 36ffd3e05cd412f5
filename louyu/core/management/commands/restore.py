"""louyu restore PATH — replace the database's contents with a backup (checked whole before anything changes)."""
from django.core.management.base import BaseCommand, CommandError

from louyu.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "恢复：先校验备份（行数与 SHA-256），再用备份内容替换数据库全部数据与上传文件（需先执行 louyu migrate）"

    def add_arguments(self, parser):
        parser.add_argument("path", help="louyu backup 生成的备份文件")

    def handle(self, *args, path, **options):
        try:
            manifest = restore(path)
        except (BackupError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from None
        rows = sum(m["rows"] for m in manifest["models"].values())
        self.stdout.write(f"已恢复 {len(manifest['models'])} 张表共 {rows:,} 行（备份于 {manifest['created_at']}，来自 {manifest['database']}）")
