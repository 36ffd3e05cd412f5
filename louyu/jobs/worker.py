"""The worker: django-tasks-db's worker loop, plus a thread that recovers jobs of workers that died."""
from __future__ import annotations

import threading

from django.db import connection
from django_tasks_db.management.commands.db_worker import Worker

from .services import lease_seconds, this_worker, worker_tick


def make_worker(*, batch: bool = False, interval: float = 1.0) -> Worker:
    return Worker(queue_names=["default"], interval=interval, batch=batch, backend_name="default", startup_delay=False,
                  max_tasks=None, worker_id=this_worker()[-64:], excluded_queue_names=[])


def run_queued() -> None:
    """Run every queued job here and return (tests, `louyu worker --batch`)."""
    make_worker(batch=True, interval=0).run()


def start_recovery(stop: threading.Event) -> threading.Thread:
    """Every quarter lease (at most every 30 s), fail or requeue the jobs of dead workers."""
    every = min(30.0, max(1.0, lease_seconds() / 4))

    def loop() -> None:
        try:
            while not stop.wait(every):
                try:
                    worker_tick()
                except Exception:  # a locked SQLite file or a lost connection: try again next time
                    pass
        finally:
            connection.close()

    thread = threading.Thread(target=loop, daemon=True, name="job-recovery")
    thread.start()
    return thread
