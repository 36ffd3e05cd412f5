"""The cockpit's late 附件2 assignments are cached against the newest audit entry (louyu.web.figures.changes_stamp):
a visit after any audited change — a unit filing its 完成 report — reads them afresh; between changes, no query."""
import datetime as dt

import pytest
from django.test.utils import CaptureQueriesContext
from django.db import connection

from louyu import factories as f
from louyu.programme.services import progress_report_create
from louyu.web.cockpit import overdue_tasks


@pytest.mark.django_db
def test_a_filed_completion_report_takes_the_task_off_the_cached_late_list():
    admin = f.city_admin()
    assignment = f.TaskAssignmentFactory(task=f.KeyTaskFactory(deadline=dt.date(2024, 6, 30)))
    today = dt.date(2024, 9, 1)
    def late():
        return {a.pk for a, _ in overdue_tasks(admin, today)}

    assert assignment.pk in late()
    with CaptureQueriesContext(connection) as queries:
        assert assignment.pk in late()
    assert len(queries) == 1  # the stamp only
    progress_report_create(assignment=assignment, reported_on=dt.date(2024, 8, 30), text="已完成", status="done", actor=admin)
    assert assignment.pk not in late()
