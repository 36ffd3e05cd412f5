"""Blue book benchmark: `louyu bluebook` for the Suzhou demo year as DOCX and as PDF, end to end (a fresh process
each, as the office runs it), on the demo data in a database of its own (never yours).

    python -m benchmarks.bluebook            # prints the timings as JSON

The demo database (SQLite, `louyu init` + `louyu demo-data` + `louyu compute`) is built once under
var/bench-bluebook/ and reused. The PDF is timed twice: with no cached font subsets (first run on a machine) and
with them (var/fonts of the benchmark's own var directory).
"""
from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOUYU = str(Path(sys.executable).with_name("louyu"))
TARGET_SECONDS = 30.0


def _run(args: list[str], env: dict) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one command; a busy machine inflates CPU time far less."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([LOUYU, *args], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return round(time.perf_counter() - started, 2), round(cpu, 2)


def _demo_env(var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["LOUYU_VAR_DIR"] = str(var_dir)
    ready = var_dir / "demo-ready"
    if not ready.exists():
        shutil.rmtree(var_dir, ignore_errors=True)
        var_dir.mkdir(parents=True)
        for step in (["init"], ["demo-data"], ["compute"]):
            _run(step, env)
        ready.write_text("ok")
    return env


def run_bluebook_bench(year: int = 2023, var_dir: Path | None = None) -> dict:
    """Generate the blue book of `year` as DOCX and as PDF; returns seconds per run."""
    var_dir = var_dir or ROOT / "var" / "bench-bluebook"
    env = _demo_env(var_dir)
    out = var_dir / "out"
    out.mkdir(exist_ok=True)
    shutil.rmtree(var_dir / "fonts", ignore_errors=True)
    cpu = {}

    def timed(name, args):
        wall, cpu[name] = _run(args, env)
        return wall

    timings = {
        "pdf_cold_font_cache": timed("pdf_cold_font_cache", ["bluebook", "--year", str(year), "--output", str(out / "book.pdf")]),
        "pdf": timed("pdf", ["bluebook", "--year", str(year), "--output", str(out / "book.pdf")]),
        "docx": timed("docx", ["bluebook", "--year", str(year), "--output", str(out / "book.docx")]),
        "briefing_pdf": timed("briefing_pdf", ["briefing", "--month", f"{year}-12", "--output", str(out / "briefing.pdf")]),
        "district_report_pdf": timed("district_report_pdf", ["district-report", "--district", "工业园区", "--year", str(year),
                                     "--output", str(out / "district.pdf")]),
    }
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {"year": year, "seconds": timings, "cpu_seconds": cpu, "target_seconds": TARGET_SECONDS,
            "within_target": all(v <= TARGET_SECONDS for v in timings.values()),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, load {load:.1f}" if load is not None else platform.machine(),
            "files": {p.name: p.stat().st_size for p in sorted(out.iterdir())}}


if __name__ == "__main__":
    print(json.dumps(run_bluebook_bench(), ensure_ascii=False, indent=2))
