"""The event register's models in the generic role × action × scope walk (louyu.core.testing)."""
import pytest
from django.core.files.base import ContentFile

from louyu import factories as f
from louyu.core.testing import ROLES, ScopedCase, walk
from louyu.events.models import EventAttachment, EventKind


def _attachment(district):
    attachment = EventAttachment(event=f.EventFactory(district=district), kind="minutes", title="会议纪要", size=9)
    attachment.file.save("minutes.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    return attachment


CASES = [
    ScopedCase("活动", make=lambda d: f.EventFactory(district=d), marker=lambda r: r.name,
               list_url="events:event_list", detail_url="events:event_detail", edit_url="events:event_edit",
               add_url="events:event_add", api_basename="event"),
    ScopedCase("议定事项", make=lambda d: f.ResolutionFactory(event=f.EventFactory(district=d, kind=EventKind.JOINT_MEETING)),
               marker=lambda r: str(r.pk), edit_url="events:resolution_edit", api_basename="resolution"),
    ScopedCase("活动材料", make=_attachment, marker=lambda r: r.title, detail_url="events:attachment_download"),
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label)
def test_each_role_sees_and_changes_only_event_rows_in_its_scope(client, case, role):
    assert walk(client, case, role) == []


def test_every_scoped_model_of_the_events_app_has_a_case():
    from django.apps import apps

    scoped = {m._meta.verbose_name for m in apps.get_app_config("events").get_models() if getattr(m, "scope_path", None)}
    assert scoped == {c.label for c in CASES}
