import datetime as dt

import pytest

from louyu import factories as f
from louyu.indicators.engine import compute
from louyu.web import figures


@pytest.fixture(autouse=True)
def fresh_figure_cache():
    """Cached figures are keyed by the facts' compute time; tests roll data back, so start each clean."""
    figures.reset_cache()
    yield
    figures.reset_cache()


@pytest.fixture
def admin_client(client, db):
    client.force_login(f.city_admin())
    return client


@pytest.fixture
def gusu_client(client, db):
    client.force_login(f.district_editor("姑苏区"))
    return client


@pytest.fixture
def populated(db):
    """A few buildings with tenants, tax, reports and projects in two districts: 7 buildings, 14
    enterprises, 7 projects of each kind — more rows than any page's query budget has to spare, so an N+1
    query shows in the counts."""
    buildings = []
    for i, name in enumerate(["姑苏区"] * 4 + ["吴中区"] * 3):
        b = f.BuildingFactory(district=f.district(name), longitude=120.6 + i / 100, latitude=31.3, is_key=i % 2 == 0)
        buildings.append(b)
        for j in range(2):
            t = f.TenancyFactory(building=b, enterprise=f.EnterpriseFactory(district=b.district), room=f"{j}01")
            for month in (1, 2, 3):
                f.TaxRecordFactory(enterprise=t.enterprise, period=dt.date(2024, month, 1))
        f.OperationReportFactory(building=b, period=dt.date(2024, 3, 1))
        f.RenovationProjectFactory(building=b)
        f.NewBuildingProjectFactory(district=b.district)
    compute_facts()
    return buildings


def compute_facts():
    """Fill the indicator facts, so pages render their full figures."""
    compute()
    figures.reset_cache()
