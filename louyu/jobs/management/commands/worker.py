"""`louyu worker`: run background jobs (imports, computes, batch matches, reports)."""
import logging
import threading

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("运行后台任务工作进程（数据导入、指标计算、批量匹配、报告）。`louyu serve` 会自动启动一个；"
            "生产环境可在任意台机器上另行运行多个（均连接同一数据库）。")

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="队列为空时每隔几秒查看一次（默认 1）")
        parser.add_argument("--batch", action="store_true", help="运行完当前排队的任务后退出")

    def handle(self, *args, interval, batch, verbosity, **options):
        from louyu.jobs.services import jobs_recover, this_worker
        from louyu.jobs.worker import make_worker, start_recovery

        logger = logging.getLogger("django_tasks_db")
        logger.setLevel(logging.INFO if verbosity else logging.WARNING)
        if not logger.handlers:
            logger.addHandler(logging.StreamHandler(self.stdout))
        recovered = jobs_recover()
        for job in recovered:
            self.stdout.write(f"任务 #{job.pk}：{job.message}")
        worker = make_worker(batch=batch, interval=interval)
        self.stdout.write(f"后台任务工作进程 {this_worker()} 已启动（Ctrl+C 停止）")
        self.stdout.flush()
        stop = threading.Event()
        if not batch:
            start_recovery(stop)
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()
