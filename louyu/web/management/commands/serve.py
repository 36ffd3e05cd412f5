"""`louyu serve`: the production server (gunicorn, static files through whitenoise)."""
import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "以生产方式启动平台（gunicorn louyu.wsgi），默认地址 127.0.0.1:8000。"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="监听地址，如 127.0.0.1:8000 或 0.0.0.0:80")
        parser.add_argument("--workers", type=int, default=default_workers(), help="工作进程数（默认：CPU 核数 × 2 + 1）")
        parser.add_argument("--threads", type=int, default=1, help="每个进程的线程数")
        parser.add_argument("--timeout", type=int, default=120, help="请求超时（秒），大文件导入时可调大")

    def handle(self, *args, **options):
        argv = gunicorn_argv(options["bind"], options["workers"], options["threads"], options["timeout"])
        self.stdout.write(f"服务地址：http://{options['bind']}/ （{options['workers']} 个工作进程，Ctrl+C 停止）")
        self.stdout.flush()
        os.execv(argv[0], argv)


def default_workers() -> int:
    return (os.cpu_count() or 1) * 2 + 1


def gunicorn_argv(bind: str, workers: int, threads: int = 1, timeout: int = 120, extra: tuple = ()) -> list[str]:
    """The gunicorn command line, run with this interpreter so the same virtualenv serves."""
    return [
        sys.executable, "-m", "gunicorn", "louyu.wsgi:application",
        "--bind", bind, "--workers", str(workers), "--threads", str(threads), "--timeout", str(timeout),
        "--access-logfile", "-", *extra,
    ]
