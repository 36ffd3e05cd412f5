"""Absolute rules are database constraints: they hold whatever path writes the row."""
import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from louyu import factories as f

pytestmark = pytest.mark.django_db


def violates(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_building_areas_cannot_be_negative():
    violates(lambda: f.BuildingFactory(office_area=Decimal("-1")))
    violates(lambda: f.BuildingFactory(gross_area=Decimal("-0.01")))


def test_building_code_is_unique():
    f.BuildingFactory(code="SZ-X-1")
    violates(lambda: f.BuildingFactory(code="SZ-X-1"))


def test_building_coordinates_are_in_range():
    violates(lambda: f.BuildingFactory(latitude=Decimal("91")))


def test_tenancy_moves_out_after_it_moves_in():
    violates(lambda: f.TenancyFactory(move_in=dt.date(2023, 5, 1), move_out=dt.date(2023, 5, 1)))
    violates(lambda: f.TenancyFactory(move_in=dt.date(2023, 5, 1), move_out=dt.date(2023, 4, 30)))


def test_tenancy_area_cannot_be_negative():
    violates(lambda: f.TenancyFactory(area=Decimal("-5")))


def test_one_tax_record_per_enterprise_and_month():
    record = f.TaxRecordFactory(period=dt.date(2023, 3, 1))
    violates(lambda: f.TaxRecordFactory(enterprise=record.enterprise, period=dt.date(2023, 3, 1)))


def test_tax_period_is_the_first_day_of_the_month():
    violates(lambda: f.TaxRecordFactory(period=dt.date(2023, 3, 15)))


def test_operation_report_leased_area_cannot_exceed_leasable():
    violates(lambda: f.OperationReportFactory(leasable_area=Decimal("100"), leased_area=Decimal("100.01")))


def test_one_operation_report_per_building_and_month():
    report = f.OperationReportFactory()
    violates(lambda: f.OperationReportFactory(building=report.building, period=report.period))


def test_completed_renovation_has_a_completion_date():
    violates(lambda: f.RenovationProjectFactory(status="completed", completion_date=None))


def test_project_cannot_complete_before_it_starts():
    violates(lambda: f.NewBuildingProjectFactory(start_date=dt.date(2024, 1, 1), expected_completion=dt.date(2023, 1, 1)))


def test_annual_target_cumulative_is_at_least_new():
    violates(lambda: f.AnnualTargetFactory(year=2030, new_100m=5, cumulative_100m=4))


def test_district_editor_must_have_a_district():
    from louyu.core.models import Role

    violates(lambda: f.user_with_role(Role.DISTRICT_EDITOR))


def test_money_is_exact_decimal():
    record = f.TaxRecordFactory(total_tax=Decimal("100000000.01"))
    record.refresh_from_db()
    assert record.total_tax == Decimal("100000000.01")
    assert isinstance(record.total_tax, Decimal)
