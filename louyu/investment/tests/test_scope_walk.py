"""招商 models in the generic role × action × scope walk (louyu.core.testing): list, detail, edit, export, API."""
import pytest

from louyu import factories as f
from louyu.core.testing import ROLES, ScopedCase, walk


def _unit(district):
    return f.VacantUnitFactory(building=f.BuildingFactory(district=district))


CASES = [
    # Operators list space, so the generic add-page expectation (operators refused) does not apply: the
    # add page is checked in test_pages for each role.
    ScopedCase("可招商空间", make=_unit, marker=lambda r: r.unit, building_of=lambda r: r.building,
               list_url="investment:unit_list", detail_url="investment:unit_detail", edit_url="investment:unit_edit",
               api_basename="vacantunit", operator_writable=True),
    ScopedCase("招商需求", make=lambda d: f.DemandFactory(district=d), marker=lambda r: r.enterprise_name,
               list_url="investment:demand_list", detail_url="investment:demand_detail", edit_url="investment:demand_edit",
               add_url="investment:demand_add", api_basename="demand"),
    ScopedCase("招商线索", make=lambda d: f.LeadFactory(unit=_unit(d), demand=f.DemandFactory(district=d), district=d),
               marker=lambda r: r.demand.enterprise_name, list_url="investment:lead_list", detail_url="investment:lead_detail",
               edit_url="investment:lead_edit", api_basename="lead"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.label)
def test_each_role_sees_and_changes_only_investment_rows_in_its_scope(client, case, role):
    assert walk(client, case, role) == []


def test_every_investment_model_has_a_case():
    from django.apps import apps

    assert {m._meta.verbose_name for m in apps.get_app_config("investment").get_models()} == {c.label for c in CASES}
