"""Small builders for indicator tests: buildings, tenancies and monthly tax in a line each."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from louyu.enterprises.models import TenancyKind
from louyu.factories import BuildingFactory, EnterpriseFactory, OperationReportFactory, TaxRecordFactory, TenancyFactory
from louyu.factories import industry as industry_code
from louyu.indicators import engine
from louyu.indicators.models import BuildingMonth, BuildingYear, CityYear, DistrictYear

RP, RO, PO = TenancyKind.REGISTERED_PRESENT, TenancyKind.REGISTERED_ONLY, TenancyKind.PRESENT_ONLY
D = dt.date


def building(**kw):
    return BuildingFactory(**kw)


def enterprise(industry: str = "6512", **kw):
    return EnterpriseFactory(industry=industry_code(industry), **kw)


def tenancy(ent, bld, move_in=D(2020, 1, 1), move_out=None, kind=RP, area="500.00"):
    return TenancyFactory(enterprise=ent, building=bld, move_in=move_in, move_out=move_out, kind=kind,
                          area=Decimal(area) if area is not None else None)


def tax(ent, year: int, amounts, months=range(1, 13)):
    """Monthly tax: one amount for every month, or a list matched to `months`."""
    months = list(months)
    if not isinstance(amounts, (list, tuple)):
        amounts = [amounts] * len(months)
    for month, amount in zip(months, amounts):
        TaxRecordFactory(enterprise=ent, period=D(year, month, 1), total_tax=Decimal(str(amount)))


def report(bld, year: int, month: int, leasable="10000.00", leased="8000.00"):
    return OperationReportFactory(building=bld, period=D(year, month, 1), leasable_area=Decimal(leasable),
                                  leased_area=Decimal(leased))


def compute(**kw):
    return engine.compute(**kw)


def by(bld, year: int) -> BuildingYear:
    return BuildingYear.objects.get(building=bld, year=year)


def bm(bld, year: int, month: int) -> BuildingMonth:
    return BuildingMonth.objects.get(building=bld, period=D(year, month, 1))


def dy(district, year: int) -> DistrictYear:
    return DistrictYear.objects.get(district=district, year=year)


def cy(year: int) -> CityYear:
    return CityYear.objects.get(year=year)


def split_year(total: str) -> list[Decimal]:
    """A yearly total as 12 monthly amounts (11 equal months, the rest in December), exact to the cent."""
    total = Decimal(total)
    month = (total / 12).quantize(Decimal("0.01"))
    return [month] * 11 + [total - month * 11]
