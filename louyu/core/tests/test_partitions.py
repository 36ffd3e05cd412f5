"""On PostgreSQL the tables that grow with time are partitioned by year; every constraint keeps its meaning."""
import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from louyu import factories as f
from louyu.core.partitions import TABLES, is_partitioned, partition_years, partitions_ensure
from louyu.enterprises.models import TaxRecord

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="declarative partitioning is PostgreSQL's")


def where(table: str, pk: int) -> str:
    with connection.cursor() as c:
        c.execute(f'SELECT tableoid::regclass::text FROM "{table}" WHERE id = %s', [pk])
        return c.fetchone()[0]


@postgres_only
def test_tax_records_facts_and_the_audit_are_partitioned_by_year_with_a_default_partition():
    for spec in TABLES:
        assert is_partitioned(spec.table), spec.table
        with connection.cursor() as c:
            c.execute("SELECT 1 FROM pg_class WHERE relname = %s", [f"{spec.table}_default"])
            assert c.fetchone(), spec.table
        this_year = dt.date.today().year
        assert {this_year, this_year + 1} <= set(partition_years(spec.table))


@postgres_only
def test_a_year_without_a_partition_lands_in_the_default_one_and_then_gets_its_own():
    row = f.TaxRecordFactory(period=dt.date(2031, 3, 1))
    assert where("enterprises_taxrecord", row.pk) == "enterprises_taxrecord_default"
    created = partitions_ensure()
    assert 2031 in created["enterprises_taxrecord"]
    assert where("enterprises_taxrecord", row.pk) == "enterprises_taxrecord_y2031"
    assert TaxRecord.objects.get(pk=row.pk).total_tax == row.total_tax  # the ORM reads it as before
    assert partitions_ensure() == {}  # nothing left to do


@postgres_only
def test_one_tax_row_per_enterprise_per_month_is_still_enforced_across_partitions():
    row = f.TaxRecordFactory(period=dt.date(2023, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        TaxRecord.objects.create(enterprise=row.enterprise, period=dt.date(2023, 1, 1), total_tax=Decimal("1.00"))
    TaxRecord.objects.create(enterprise=row.enterprise, period=dt.date(2024, 1, 1), total_tax=Decimal("1.00"))
    assert TaxRecord.objects.filter(enterprise=row.enterprise).count() == 2


@postgres_only
def test_ids_stay_unique_across_partitions():
    rows = [f.TaxRecordFactory(period=dt.date(year, 1, 1)) for year in (2022, 2023, 2031)]
    assert len({r.pk for r in rows}) == 3


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite keeps plain tables")
def test_sqlite_keeps_plain_tables():
    assert partitions_ensure() == {}
