"""Test data of 招商 (kept here, self-contained, next to the shared louyu.factories)."""
import datetime as dt
from decimal import Decimal

import factory

from louyu import factories as f
from louyu.investment.models import Demand, Lead, VacantUnit


class VacantUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VacantUnit

    building = factory.SubFactory(f.BuildingFactory)
    floor = "12"
    unit = factory.Sequence(lambda n: f"U{n:04d}")
    area = Decimal("500.00")
    asking_rent = Decimal("3.50")
    available_from = dt.date(2024, 1, 1)
    confirmed_on = dt.date(2024, 1, 1)


class DemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demand

    enterprise_name = factory.Sequence(lambda n: f"苏州意向{n}律师事务所")
    industry = factory.LazyFunction(lambda: f.industry("7231"))
    area_min = Decimal("300.00")
    area_max = Decimal("600.00")
    budget_rent = Decimal("4.00")
    district = factory.LazyFunction(lambda: f.district("姑苏区"))
    move_in_by = dt.date(2024, 6, 1)


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    demand = factory.SubFactory(DemandFactory)
    unit = factory.SubFactory(VacantUnitFactory)
    district = factory.LazyAttribute(lambda o: o.unit.building.district)
    clue_on = dt.date(2024, 2, 1)
