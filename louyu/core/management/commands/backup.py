"""louyu backup PATH — the whole platform (every table, uploads) in one zip with a checksum manifest."""
from django.core.management.base import BaseCommand

from louyu.core.backup import backup


class Command(BaseCommand):
    help = "备份：全部数据表与上传文件写入一个 zip（含行数与 SHA-256 校验清单），可恢复到 SQLite 或 PostgreSQL"

    def add_arguments(self, parser):
        parser.add_argument("path", help="备份文件路径，如 louyu-20241231.zip")

    def handle(self, *args, path, **options):
        manifest = backup(path)
        rows = sum(m["rows"] for m in manifest["models"].values())
        self.stdout.write(f"已备份 {len(manifest['models'])} 张表共 {rows:,} 行、上传文件 {len(manifest['media'])} 个 → {path}")
