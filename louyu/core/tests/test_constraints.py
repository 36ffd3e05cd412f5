"""Absolute rules are database constraints: they hold whatever path writes the row."""
import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, models, transaction

from louyu import factories as f
from louyu.buildings.models import Building, NewBuildingProject, OperationReport, RenovationProject
from louyu.core.models import Role
from louyu.accounts.models import UserProfile
from louyu.enterprises.models import TaxRecord, Tenancy
from louyu.programme.models import AnnualTarget

pytestmark = pytest.mark.django_db


def violates(make, model, constraint: str):
    """`make()` is refused by the database because of `model`'s constraint `constraint` (a Meta constraint's
    name, or a field with unique=True) — not by some other rule that happens to fail too."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        make()
    message = str(caught.value)
    assert any(sign in message for sign in _signs(model, constraint)), f"{constraint} 未出现在：{message}"


def _signs(model, constraint: str) -> list[str]:
    """How PostgreSQL (the constraint's name) and SQLite (a check's name; a uniqueness's columns) name it."""
    table = model._meta.db_table
    found = next((c for c in model._meta.constraints if c.name == constraint), None)
    if found is None:  # unique=True on a field
        column = model._meta.get_field(constraint).column
        return [f"{table}.{column}", f"{table}_{column}_key"]
    signs = [constraint]
    if isinstance(found, models.UniqueConstraint):
        columns = [model._meta.get_field(name).column for name in found.fields]
        signs.append(", ".join(f"{table}.{column}" for column in columns))
        # a table partitioned by year (PostgreSQL, louyu.core.partitions) reports the partition's index, with the key
        signs.append(f"Key ({', '.join(columns)})=")
    return signs


def test_building_areas_cannot_be_negative():
    violates(lambda: f.BuildingFactory(office_area=Decimal("-1")), Building, "building_office_area_nonneg")
    violates(lambda: f.BuildingFactory(gross_area=Decimal("-0.01")), Building, "building_gross_area_nonneg")


def test_building_code_is_unique():
    f.BuildingFactory(code="SZ-X-1")
    violates(lambda: f.BuildingFactory(code="SZ-X-1"), Building, "code")


def test_building_coordinates_are_in_range():
    violates(lambda: f.BuildingFactory(latitude=Decimal("91")), Building, "building_latitude_range")


def test_tenancy_moves_out_after_it_moves_in():
    violates(lambda: f.TenancyFactory(move_in=dt.date(2023, 5, 1), move_out=dt.date(2023, 5, 1)), Tenancy,
             "tenancy_move_out_after_move_in")
    violates(lambda: f.TenancyFactory(move_in=dt.date(2023, 5, 1), move_out=dt.date(2023, 4, 30)), Tenancy,
             "tenancy_move_out_after_move_in")


def test_tenancy_area_cannot_be_negative():
    violates(lambda: f.TenancyFactory(area=Decimal("-5")), Tenancy, "tenancy_area_nonneg")


def test_one_tax_record_per_enterprise_and_month():
    record = f.TaxRecordFactory(period=dt.date(2023, 3, 1))
    violates(lambda: f.TaxRecordFactory(enterprise=record.enterprise, period=dt.date(2023, 3, 1)), TaxRecord,
             "tax_unique_enterprise_month")


def test_tax_period_is_the_first_day_of_the_month():
    violates(lambda: f.TaxRecordFactory(period=dt.date(2023, 3, 15)), TaxRecord, "tax_period_first_day")


def test_operation_report_leased_area_cannot_exceed_leasable():
    violates(lambda: f.OperationReportFactory(leasable_area=Decimal("100"), leased_area=Decimal("100.01")), OperationReport,
             "operation_leased_le_leasable")


def test_one_operation_report_per_building_and_month():
    report = f.OperationReportFactory()
    violates(lambda: f.OperationReportFactory(building=report.building, period=report.period), OperationReport,
             "operation_report_unique_month")


def test_completed_renovation_has_a_completion_date():
    violates(lambda: f.RenovationProjectFactory(status="completed", completion_date=None), RenovationProject,
             "renovation_completed_has_date")


def test_project_cannot_complete_before_it_starts():
    violates(lambda: f.NewBuildingProjectFactory(start_date=dt.date(2024, 1, 1), expected_completion=dt.date(2023, 1, 1)),
             NewBuildingProject, "project_completion_after_start")


def test_annual_target_cumulative_is_at_least_new():
    violates(lambda: f.AnnualTargetFactory(year=2030, new_100m=5, cumulative_100m=4), AnnualTarget, "target_cumulative_ge_new")


def test_district_editor_must_have_a_district():
    violates(lambda: f.user_with_role(Role.DISTRICT_EDITOR), UserProfile, "district_editor_has_district")


def test_money_is_exact_decimal():
    record = f.TaxRecordFactory(total_tax=Decimal("100000000.01"))
    record.refresh_from_db()
    assert record.total_tax == Decimal("100000000.01")
    assert isinstance(record.total_tax, Decimal)
