"""`louyu backup` / `louyu restore`: the platform's data moves between SQLite and PostgreSQL and back with
every row (and every indicator fact) equal; a damaged backup is refused whole."""
import datetime as dt
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core import serializers
from django.db import connection

from louyu import factories as f
from louyu.core.backup import BackupError, backed_up_models, backup, restore

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
PG = "postgres://postgres@127.0.0.1:5432/"


def _state() -> dict:
    return {m._meta.label: serializers.serialize("python", m._base_manager.order_by("pk"), use_natural_foreign_keys=True)
            for m in backed_up_models()}


@pytest.fixture
def platform(reference_data):
    """Demo-like data: registers, tenancies, tax, reports, projects, users, a token, audit, facts."""
    from louyu.core.tokens import token_create
    from louyu.web.tests.conftest import compute_facts

    for name in ("姑苏区", "工业园区"):
        district = f.district(name)
        for i in range(3):
            building = f.BuildingFactory(district=district, is_key=i == 0)
            for j in range(2):
                tenancy = f.TenancyFactory(building=building, enterprise=f.EnterpriseFactory(district=district), room=f"{j}01")
                for month in (1, 2, 3):
                    f.TaxRecordFactory(enterprise=tenancy.enterprise, period=dt.date(2024, month, 1))
            f.OperationReportFactory(building=building, period=dt.date(2024, 3, 1))
            f.RenovationProjectFactory(building=building)
        f.NewBuildingProjectFactory(district=district)
    operator = f.user_with_role("operator", buildings=[building])
    token_create(user=operator)
    f.AuditEntryFactory()
    compute_facts()


def _other_database(tmp_path) -> tuple[str, dict]:
    """A fresh database of the other engine for the child processes (skip when PostgreSQL is unreachable)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="louyu.settings", LOUYU_VAR_DIR=str(tmp_path / "other-var"))
    if connection.vendor == "postgresql":
        return "sqlite", env
    psycopg = pytest.importorskip("psycopg")
    name = "louyu_backup_roundtrip"
    try:
        with psycopg.connect(PG + "postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    env["DATABASE_URL"] = PG + name
    return "postgresql", env


def _louyu(env, *args) -> str:
    done = subprocess.run([sys.executable, "-m", "louyu.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    return done.stdout


def test_a_backup_round_trips_between_sqlite_and_postgresql_with_every_row_equal(tmp_path, platform):
    before = _state()
    assert before["enterprises.TaxRecord"] and before["indicators.BuildingYear"]
    first, second = tmp_path / "here.zip", tmp_path / "there.zip"
    backup(first)
    engine, env = _other_database(tmp_path)
    _louyu(env, "migrate", "--noinput")
    assert "已恢复" in _louyu(env, "restore", str(first))
    _louyu(env, "backup", str(second))
    with zipfile.ZipFile(second) as archive:
        assert f'"database": "{engine}"' in archive.read("manifest.json").decode()
    f.BuildingFactory(name="恢复前新增的楼宇")  # restore replaces, it does not merge
    restore(second)
    assert _state() == before


def test_a_damaged_backup_is_refused_before_anything_changes(tmp_path, platform):
    path, damaged = tmp_path / "ok.zip", tmp_path / "damaged.zip"
    backup(path)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "data/buildings.Building.jsonl":
                data = data.replace("姑苏区".encode(), "吴中区".encode(), 1) + b"\n"
            target.writestr(info, data)
    before = _state()
    with pytest.raises(BackupError, match="校验失败"):
        restore(damaged)
    assert _state() == before
