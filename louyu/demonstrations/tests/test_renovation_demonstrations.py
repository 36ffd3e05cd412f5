"""存量楼宇提升示范项目: before/after figures come from the engine's building facts and the operation reports."""
import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from louyu import factories as f
from louyu.demonstrations import selectors
from louyu.indicators.tests.scenario import building, compute, enterprise, tax, tenancy

pytestmark = pytest.mark.django_db


def test_a_demonstration_project_shows_its_building_before_and_after_completion(client):
    b = building(office_area=Decimal("10000"))
    firm = enterprise()
    tenancy(firm, b, area="4000.00")
    tax(firm, 2022, 100)  # 1,200 元 a year
    tax(firm, 2024, 1000)  # 12,000 元 a year
    f.OperationReportFactory(building=b, period=dt.date(2022, 12, 1), leasable_area=Decimal("10000"), leased_area=Decimal("5000"),
                             average_rent=Decimal("3.00"))
    f.OperationReportFactory(building=b, period=dt.date(2024, 12, 1), leasable_area=Decimal("10000"), leased_area=Decimal("9000"),
                             average_rent=Decimal("4.50"))
    project = f.RenovationProjectFactory(building=b, is_demonstration=True, status="completed",
                                         start_date=dt.date(2022, 9, 1), completion_date=dt.date(2023, 6, 30))
    f.RenovationProjectFactory(building=b, is_demonstration=False, status="completed", completion_date=dt.date(2023, 6, 30))
    compute()
    admin = f.city_admin()
    [row] = selectors.renovation_demonstrations(admin)
    assert row["project"] == project
    assert (row["before"]["year"], row["after"]["year"]) == (2022, 2024)
    assert row["before"]["tax_per_m2"] == Decimal("0.12") and row["after"]["tax_per_m2"] == Decimal("1.20")
    assert row["before"]["occupancy"] == Decimal("0.5") and row["after"]["occupancy"] == Decimal("0.9")
    assert (row["before"]["rent"], row["after"]["rent"]) == (Decimal("3.00"), Decimal("4.50"))
    client.force_login(admin)
    page = client.get(reverse("demonstrations:renovations")).content.decode()
    assert project.code in page and "90.0%" in page
    # another district's editor does not see it
    assert selectors.renovation_demonstrations(f.district_editor("吴中区")) == []
