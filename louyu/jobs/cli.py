"""The CLI side of jobs: a progress bar on the terminal, and following a queued job until it ends.

Commands run their job inline by default (`louyu compute`: recorded, unique and visible on the pages like a
queued one, with a progress bar here); `--queue` hands it to the workers and follows it with the same bar."""
from __future__ import annotations

import time

from .models import Job
from .services import job_follow

WIDTH = 30


class ProgressPrinter:
    """progress(done, total, phase) → a bar redrawn in place on a terminal, one line per phase otherwise."""

    def __init__(self, out, label: str = ""):
        self.out, self.label = out, label
        self.tty = getattr(out, "isatty", lambda: False)()
        self.last_phase, self.last_draw = None, 0.0

    def __call__(self, done: int, total: int | None, phase: str) -> None:
        now = time.monotonic()
        if phase == self.last_phase and now - self.last_draw < 0.2:
            return
        new_phase, self.last_phase, self.last_draw = phase != self.last_phase, phase, now
        if total:
            filled = min(WIDTH, WIDTH * done // total)
            line = f"[{'#' * filled}{'.' * (WIDTH - filled)}] {done * 100 // total:3d}%  {done:,}/{total:,}  {phase}"
        else:
            line = f"[{'~' * WIDTH}]  {done:,}  {phase}"
        if self.tty:
            self.out.write("\r" + line.ljust(100), ending="")
            self.out.flush()
        elif new_phase:
            self.out.write(line)

    def close(self) -> None:
        if self.tty and self.last_phase is not None:
            self.out.write("")


def follow(job: Job, out, poll: float = 0.5) -> Job:
    """Draw a queued job's progress until it ends (the worker writes it; recovery runs if the worker dies)."""
    printer = ProgressPrinter(out)
    while True:
        job = job_follow(job)
        printer(job.done, job.total, job.phase or job.get_status_display())
        if not job.active:
            printer.close()
            return job
        time.sleep(poll)
