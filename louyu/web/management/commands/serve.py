"""`louyu serve`: the production server (gunicorn, static files through whitenoise) and a background-job
worker beside it (`louyu worker`), stopped together: one command serves everything."""
import os
import signal
import subprocess
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "以生产方式启动平台（gunicorn louyu.wsgi）并同时启动一个后台任务工作进程，默认地址 127.0.0.1:8000。"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="监听地址，如 127.0.0.1:8000 或 0.0.0.0:80")
        parser.add_argument("--workers", type=int, default=default_workers(), help="工作进程数（默认：CPU 核数 × 2 + 1）")
        parser.add_argument("--threads", type=int, default=1, help="每个进程的线程数")
        parser.add_argument("--timeout", type=int, default=120, help="请求超时（秒）")
        parser.add_argument("--job-workers", type=int, default=1,
                            help="同时启动的后台任务工作进程数（默认 1；0 表示不启动，另行运行 louyu worker）")

    def handle(self, *args, **options):
        argv = gunicorn_argv(options["bind"], options["workers"], options["threads"], options["timeout"])
        workers = options["job_workers"]
        self.stdout.write(f"服务地址：http://{options['bind']}/ （{options['workers']} 个网页进程，"
                          f"{workers} 个后台任务进程，Ctrl+C 停止）")
        self.stdout.flush()
        sys.exit(supervise([argv] + [worker_argv()] * workers))


def default_workers() -> int:
    return (os.cpu_count() or 1) * 2 + 1


def gunicorn_argv(bind: str, workers: int, threads: int = 1, timeout: int = 120, extra: tuple = ()) -> list[str]:
    """The gunicorn command line, run with this interpreter so the same virtualenv serves."""
    return [
        sys.executable, "-m", "gunicorn", "louyu.wsgi:application",
        "--bind", bind, "--workers", str(workers), "--threads", str(threads), "--timeout", str(timeout),
        "--access-logfile", "-", *extra,
    ]


def worker_argv() -> list[str]:
    return [sys.executable, "-m", "louyu.cli", "worker"]


def supervise(commands: list[list[str]], grace: float = 30.0) -> int:
    """Run the commands together; when the first (the web server) ends or we are told to stop, stop the rest
    (SIGTERM: a job worker finishes its current job first, up to `grace` seconds). Returns the server's code."""
    processes = [subprocess.Popen(argv) for argv in commands]

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        code = processes[0].wait()
    except KeyboardInterrupt:
        code = 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return code
