"""Finding 9, second half: a refresh that fails after an import is shown on the import (and its job) and
retried until it succeeds — never reported as a plain 已导入."""
import pytest

from louyu.intake import hooks
from louyu.intake.models import FollowupStatus, ImportStatus
from louyu.intake.services import import_file
from louyu.intake.job_kinds import _import_summary, batch_result

from .files import csv_file

pytestmark = pytest.mark.django_db

HEADER = ["楼宇编码", "楼宇名称", "所属地区", "详细地址"]


@pytest.fixture
def flaky_refresh(settings):
    """An after-import step that fails while `broken` holds (as an indicator refresh meeting a busy database)."""
    settings.LOUYU_FOLLOWUP_ATTEMPTS = 2
    state = {"broken": True, "calls": []}

    def refresh(batch, affected):
        state["calls"].append((batch.pk, sorted(affected.get("buildings", ()))))
        if state["broken"]:
            raise RuntimeError("database is locked")

    hooks.after_import(refresh)
    yield state
    hooks.remove(refresh)


def _import(tmp_path, name, code):
    path = csv_file(tmp_path / name, [HEADER, [code, f"{code}大厦", "姑苏区", "人民路1号"]])
    return import_file(kind="buildings", path_or_file=path, actor=None)


def test_a_failed_refresh_marks_the_import_and_it_is_retried_until_it_succeeds(tmp_path, flaky_refresh):
    first = _import(tmp_path, "a.csv", "FU-1")
    assert first.status == ImportStatus.COMMITTED
    assert first.followup_status == FollowupStatus.FAILED
    assert "待重试" in first.status_text and "待重试" in _import_summary(batch_result(first))
    assert "database is locked" in first.followup_errors[0]["reason"]
    assert len(flaky_refresh["calls"]) == 2  # tried again before giving up for now

    flaky_refresh["broken"] = False
    second = _import(tmp_path, "b.csv", "FU-2")
    first.refresh_from_db()
    assert second.followup_status == first.followup_status == FollowupStatus.DONE
    assert first.status_text == "已导入" and first.pending_affected == {}
    building_ids = [ids for pk, ids in flaky_refresh["calls"] if pk == first.pk]
    assert building_ids[-1] == building_ids[0] and building_ids[0]  # retried with what the import touched


def test_louyu_compute_also_retries_pending_follow_ups(tmp_path, flaky_refresh):
    from django.core.management import call_command

    batch = _import(tmp_path, "a.csv", "FU-3")
    assert batch.followup_status == FollowupStatus.FAILED
    flaky_refresh["broken"] = False
    call_command("compute")
    batch.refresh_from_db()
    assert batch.followup_status == FollowupStatus.DONE
