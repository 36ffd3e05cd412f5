"""An independent check: recompute a random sample of building-years from the raw rows in plain Python
(no SQL, no engine code) and compare with the engine's facts."""
import calendar
import datetime as dt
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest

from louyu.buildings.models import Building, OperationReport
from louyu.enterprises.models import FeaturedCategory, Tenancy, TaxRecord
from louyu.indicators import engine
from louyu.indicators.models import BuildingYear, CityYear

from .randomcity import build

pytestmark = pytest.mark.django_db
YI = Decimal("100000000.00")
REG, PRES = {"registered_present", "registered_only"}, {"registered_present", "present_only"}


def month_end(year, month):
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def active(t, day):
    return t.move_in <= day and (t.move_out is None or t.move_out > day)


def r6(value):
    return Decimal(value).quantize(Decimal("0.000001"), ROUND_HALF_UP)


class Raw:
    """The raw rows, loaded once, and the policy's definitions written out longhand."""

    def __init__(self):
        self.tenancies = list(Tenancy.objects.select_related("enterprise"))
        self.by_enterprise = defaultdict(list)
        for t in self.tenancies:
            self.by_enterprise[t.enterprise_id].append(t)
        self.tax = list(TaxRecord.objects.all())
        self.reports = {(r.building_id, r.period): r for r in OperationReport.objects.all()}
        self.horizon = max(max(r.period for r in self.tax), max(self.reports)[1] if self.reports else dt.date.min)
        self.categories = list(FeaturedCategory.objects.order_by("order"))

    def last_month(self, year):
        return 12 if year < self.horizon.year else self.horizon.month

    def registered_building(self, enterprise_id, day):
        live = [t for t in self.by_enterprise[enterprise_id] if t.kind in REG and active(t, day)]
        return max(live, key=lambda t: (t.move_in, t.id)).building_id if live else None

    def building_tax(self, building_id, year):
        per_enterprise = defaultdict(Decimal)
        for r in self.tax:
            if r.period.year == year and r.period.month <= self.last_month(year):
                if self.registered_building(r.enterprise_id, month_end(year, r.period.month)) == building_id:
                    per_enterprise[r.enterprise_id] += r.total_tax
        return per_enterprise

    def category(self, enterprise):
        code = enterprise.industry_id or ""
        return next((c.code for c in self.categories if any(code.startswith(p) for p in c.industry_prefixes)), None)

    def year_facts(self, building, year):
        day = month_end(year, self.last_month(year))
        taxes = self.building_tax(building.pk, year)
        total = sum(taxes.values(), Decimal(0))
        here = [t for t in self.tenancies if t.building_id == building.pk and active(t, day)]
        registered = {t.enterprise_id: t.enterprise for t in here if t.kind in REG}
        present = {t.enterprise_id for t in here if t.kind in PRES}
        area = sum((t.area or 0 for t in here if t.kind in PRES), Decimal(0))
        report = self.reports.get((building.pk, dt.date(year, self.last_month(year), 1)))
        if report and report.leasable_area and report.leased_area is not None:
            occupancy = r6(report.leased_area / report.leasable_area)
        elif building.office_area:
            occupancy = min(Decimal(1), r6(area / building.office_area))
        else:
            occupancy = None
        shares = {}
        for c in self.categories:
            s_e = r6(Decimal(sum(1 for e in registered.values() if self.category(e) == c.code)) / len(registered)) if registered else 0
            c_area = sum((t.area or 0 for t in here if t.kind in PRES and self.category(t.enterprise) == c.code), Decimal(0))
            s_a = r6(c_area / area) if area else 0
            c_tax = sum((v for e, v in taxes.items() if self.category(next(t.enterprise for t in self.by_enterprise[e])) == c.code), Decimal(0))
            s_t = r6(c_tax / total) if total > 0 else 0
            shares[c.code] = (max(s_e, s_a, s_t), s_t, c.order)
        lead = max(shares.items(), key=lambda kv: (kv[1][0], kv[1][1], -kv[1][2]))
        return {
            "total_tax": total, "is_100m": total >= YI, "present_count": len(present), "registered_count": len(registered),
            "occupancy_rate": occupancy,
            "lead": lead[0] if lead[1][0] > 0 else None, "concentration": lead[1][0] if lead[1][0] > 0 else 0,
        }


@pytest.mark.parametrize("seed", [7, 2024])
def test_random_sample_of_building_years_agrees_with_plain_python(seed):
    city = build(seed, buildings=10, enterprises=90)
    engine.compute()
    raw = Raw()
    rng = random.Random(seed)
    sample = rng.sample([(b, y) for b in city["buildings"] for y in city["years"]], 12)
    for b, year in sample:
        b = Building.objects.get(pk=b.pk)
        expected = raw.year_facts(b, year)
        fact = BuildingYear.objects.get(building=b, year=year)
        got = {"total_tax": fact.total_tax, "is_100m": fact.is_100m, "present_count": fact.present_count,
               "registered_count": fact.registered_count, "occupancy_rate": fact.occupancy_rate,
               "lead": fact.lead_category.code if fact.lead_category else None, "concentration": fact.concentration}
        assert got == expected, f"{b.code} {year}"
    for year in city["years"]:  # and the city's books balance
        records = sum((r.total_tax for r in raw.tax if r.period.year == year), Decimal(0))
        assert CityYear.objects.get(year=year).total_tax == records
