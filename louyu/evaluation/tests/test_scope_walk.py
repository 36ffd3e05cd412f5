"""督查 records in the generic role × action × scope walk; published evaluations are read by every role."""
import datetime as dt

import pytest
from django.urls import reverse

from louyu import factories as f
from louyu.core.testing import ROLES, ScopedCase, walk
from louyu.evaluation.models import Evaluation, Inspection, InspectionFollowUp


def _inspection(district):
    return Inspection.objects.create(inspected_on=dt.date(2023, 5, 1), district=district, policy_item=f"三(五) {district.name}",
                                     findings="推介活动场次不足", deadline=dt.date(2023, 8, 1))


CASES = [
    ScopedCase("督查记录", make=_inspection, marker=lambda r: r.policy_item, list_url="evaluation:inspection_list",
               detail_url="evaluation:inspection_detail", edit_url="evaluation:inspection_edit",
               add_url="evaluation:inspection_add", api_basename="inspection"),
    ScopedCase("整改报告", make=lambda d: InspectionFollowUp.objects.create(inspection=_inspection(d), reported_on=dt.date(2023, 6, 1),
                                                                       content="已整改"), marker=lambda r: str(r.pk)),
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label)
def test_each_role_sees_and_changes_only_inspections_in_its_scope(client, case, role):
    assert walk(client, case, role) == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_a_published_evaluation(client, role):
    from louyu.core.testing import make_user

    evaluation = Evaluation.objects.create(year=2023, version=1, weights={"occupancy": 1}, results=[])
    client.force_login(make_user(role, building=f.BuildingFactory()))
    assert client.get(reverse("evaluation:version", args=[evaluation.pk])).status_code == 200
    assert client.get(reverse("api:evaluation-detail", args=[evaluation.pk])).status_code == 200


def test_every_scoped_model_of_the_evaluation_app_has_a_case():
    from django.apps import apps

    scoped = {m._meta.verbose_name for m in apps.get_app_config("evaluation").get_models() if getattr(m, "scope_path", None)}
    assert scoped == {c.label for c in CASES}
