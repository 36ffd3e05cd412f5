"""Finding 9 (concurrency): two `louyu import` processes of the same kind at the same moment, on the
database the suite runs on (SQLite or PostgreSQL), both finish — the second queues behind the first —
and every row of both files is there; no "database is locked", no unique-key failure."""
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from louyu.buildings.models import Building
from louyu.intake.models import ImportBatch, ImportStatus

from .files import csv_file

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
HEADER = ["楼宇编码", "楼宇名称", "所属地区", "详细地址"]


def _rows(first: int, last: int) -> list[list]:
    return [HEADER] + [[f"BF-{i:05d}", f"并发大厦{i}", "姑苏区", f"干将路{i}号"] for i in range(first, last)]


def _database_for_subprocesses(tmp_path: Path) -> tuple[str, callable]:
    """A DATABASE_URL the child processes share with this test, and a reader of the outcome."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"

        def outcome():
            return Building.objects.count(), sorted(ImportBatch.objects.values_list("status", flat=True))

        return url, outcome
    # SQLite: the test database lives in memory; copy it to a file the children can open.
    path = tmp_path / "louyu.sqlite3"
    target = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    target.close()

    def outcome():
        with sqlite3.connect(path) as db:
            count = db.execute("SELECT COUNT(*) FROM buildings_building").fetchone()[0]
            statuses = sorted(r[0] for r in db.execute("SELECT status FROM intake_importbatch"))
        return count, statuses

    return f"sqlite:///{path}", outcome


def test_two_processes_importing_the_same_kind_at_once_both_succeed(tmp_path, reference_data):
    url, outcome = _database_for_subprocesses(tmp_path)
    first = csv_file(tmp_path / "甲.csv", _rows(0, 1200))
    second = csv_file(tmp_path / "乙.csv", _rows(600, 1800))  # half the rows in both files: same new keys
    env = {**os.environ, "DATABASE_URL": url, "LOUYU_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "louyu.settings"}
    command = [sys.executable, "-m", "louyu.cli", "import", "buildings"]
    children = [subprocess.Popen(command + [str(path)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for path in (first, second)]
    results = [child.communicate(timeout=300) + (child.returncode,) for child in children]
    for out, err, code in results:
        assert code == 0, (out, err[-2000:])
        assert "locked" not in err
    assert outcome() == (1800, [ImportStatus.COMMITTED, ImportStatus.COMMITTED])
