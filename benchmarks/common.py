"""What every benchmark shares: its section of docs/performance.md and its own PostgreSQL database."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DOCUMENT_TITLE = "# 性能 (performance)"
LOCAL_SERVER = "postgres@127.0.0.1:5432"


def write_section(path: str | Path, heading: str, text: str) -> None:
    """Replace the section that starts with the line `heading` (up to the next `## `) with `text`, or append
    it; the other benchmarks' sections stay as they are."""
    path = Path(path)
    current = path.read_text(encoding="utf-8") if path.exists() else DOCUMENT_TITLE + "\n"
    lines = current.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.strip() == heading), None)
    if start is None:
        new = current.rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n"
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        rest = "".join(lines[end:])
        new = "".join(lines[:start]) + text.rstrip("\n") + "\n" + ("\n" + rest if rest else "")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


def scale_database(scale: float) -> str:
    """The benchmark database holding `louyu demo-data --seed 2023 --scale K` (louyu_bench_x10; louyu_bench_x0_5)."""
    return "louyu_bench_x" + f"{scale:g}".replace(".", "_")


def database_url(name: str, *, override_env: str | None = None, base_url: str | None = None) -> str:
    """The URL of the benchmark database `name` on the PostgreSQL server of `base_url` (default DATABASE_URL,
    else the local server); `override_env` names an environment variable that gives the whole URL instead."""
    if override_env and os.environ.get(override_env):
        return os.environ[override_env]
    base = urlsplit(base_url or os.environ.get("DATABASE_URL", ""))
    netloc = base.netloc if base.scheme in ("postgres", "postgresql") else LOCAL_SERVER
    return urlunsplit(("postgres", netloc, f"/{name}", "", ""))


def _admin(url: str) -> tuple[str, str]:
    """(the server's `postgres` database URL, the database's name) of a database URL."""
    head, name = url.rsplit("/", 1)
    return head + "/postgres", name.split("?")[0]


def database_ensure(url: str, *, fresh: bool = False) -> None:
    """Create the benchmark database if it does not exist (`fresh`: drop it first)."""
    import psycopg

    admin, name = _admin(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def database_drop(url: str) -> None:
    import psycopg

    admin, name = _admin(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def year_partitions() -> None:
    """Year partitions as production has them: the import and compute jobs run partitions_ensure after their
    work, but `louyu demo-data` and a direct compute() do not, which would leave every row in the DEFAULT
    partition. A no-op once done."""
    from django.db import connection

    from louyu.core.partitions import partitions_ensure

    if partitions_ensure():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
