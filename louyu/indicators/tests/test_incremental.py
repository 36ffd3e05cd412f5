"""Incremental refresh after an import gives exactly the facts of a full recompute."""
import datetime as dt
from decimal import Decimal

import pytest

from louyu.buildings.models import Building, OperationReport
from louyu.enterprises.models import Enterprise, Tenancy, TaxRecord
from louyu.factories import BuildingFactory, EnterpriseFactory, ImportBatchFactory, city_admin
from louyu.indicators import engine
from louyu.indicators.models import (
    Alert, BuildingIndustryYear, BuildingMonth, BuildingYear, CityYear, DistrictYear, TaxpayerYear, UnattributedTax,
)

from .randomcity import build

pytestmark = pytest.mark.django_db
FACTS = {
    BuildingMonth: ("building_id", "period"), BuildingYear: ("building_id", "year"), TaxpayerYear: ("building_id", "year", "enterprise_id"),
    UnattributedTax: ("enterprise_id", "year"), BuildingIndustryYear: ("building_id", "year", "dimension", "key"),
    DistrictYear: ("district_id", "year"), CityYear: ("year",),
}


def snapshot() -> dict:
    out = {}
    for model, key in FACTS.items():
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
        out[model.__name__] = sorted(model.objects.values_list(*fields), key=lambda row: tuple(str(v) for v in row))
    out["Alert"] = sorted(Alert.objects.values_list("kind", "building_id", "subject", "period", "evidence", "active"),
                          key=lambda row: tuple(str(v) for v in row))
    return out


def assert_incremental_equals_full(affected, capture):
    with capture(execute=True):
        engine.refresh_after_import(None, affected)
    incremental = snapshot()
    engine.compute()
    full = snapshot()
    for name in full:
        assert incremental[name] == full[name], name


@pytest.fixture
def city():
    data = build(11, buildings=8, enterprises=70, years=(2022, 2023), last_month=10)
    engine.compute()
    return data


def test_one_month_tax_import_refreshes_like_a_full_recompute(city, django_capture_on_commit_callbacks):
    ents = city["enterprises"]
    rows = [TaxRecord(enterprise=e, period=dt.date(2023, 11, 1), total_tax=Decimal(1000 + i)) for i, e in enumerate(ents[:50])]
    TaxRecord.objects.bulk_create(rows)  # the data horizon moves from October to November
    affected = {"buildings": set(), "enterprises": {e.pk for e in ents[:50]}, "months": {dt.date(2023, 11, 1)}}
    assert_incremental_equals_full(affected, django_capture_on_commit_callbacks)


def test_correcting_a_past_month_refreshes_like_a_full_recompute(city, django_capture_on_commit_callbacks):
    record = TaxRecord.objects.filter(period=dt.date(2022, 5, 1)).order_by("-total_tax").first()
    record.total_tax = Decimal("123456789.00")
    record.save()
    affected = {"buildings": set(), "enterprises": {record.enterprise_id}, "months": {record.period}, "tax_only": True}
    assert_incremental_equals_full(affected, django_capture_on_commit_callbacks)


def test_withdrawn_tax_rows_refresh_like_a_full_recompute(city, django_capture_on_commit_callbacks):
    """A corrected file withdraws May's rows of twenty enterprises; for one of them May was its only month of
    2023, so its attribution facts of the year vanish."""
    period = dt.date(2023, 5, 1)
    withdrawn = list(TaxRecord.objects.filter(period=period).order_by("id")[:20])
    only_may = withdrawn[0].enterprise_id
    TaxRecord.objects.filter(enterprise_id=only_may, period__year=2023).exclude(period=period).delete()
    engine.compute()
    assert TaxpayerYear.objects.filter(enterprise_id=only_may, year=2023).exists() or \
        UnattributedTax.objects.filter(enterprise_id=only_may, year=2023).exists()
    TaxRecord.objects.filter(pk__in=[r.pk for r in withdrawn]).delete()
    affected = {"buildings": set(), "enterprises": {r.enterprise_id for r in withdrawn}, "months": {period}, "tax_only": True}
    assert_incremental_equals_full(affected, django_capture_on_commit_callbacks)
    assert not TaxpayerYear.objects.filter(enterprise_id=only_may, year=2023).exists()
    assert not UnattributedTax.objects.filter(enterprise_id=only_may, year=2023).exists()


def test_tenancy_change_refreshes_like_a_full_recompute(city, django_capture_on_commit_callbacks):
    moved = Tenancy.objects.filter(move_out__isnull=True, kind="registered_present").order_by("id").first()
    old_building = moved.building_id
    new_building = Building.objects.exclude(pk=old_building).filter(code__startswith="R11-").first()
    moved.move_out = dt.date(2023, 3, 31)
    moved.save()
    Tenancy.objects.create(enterprise_id=moved.enterprise_id, building=new_building, move_in=dt.date(2023, 3, 31),
                           kind="registered_present", area=Decimal("300"))
    affected = {"buildings": {old_building, new_building.pk}, "enterprises": {moved.enterprise_id}, "months": set()}
    assert_incremental_equals_full(affected, django_capture_on_commit_callbacks)


def test_new_building_and_operation_report_refresh_like_a_full_recompute(city, django_capture_on_commit_callbacks):
    b = Building.objects.create(code="R11-NEW", name="新楼", district=city["buildings"][0].district, address="新路1号",
                                office_area=Decimal("15000"), completion_year=2023)
    e = Enterprise.objects.order_by("id").last()
    Tenancy.objects.create(enterprise=e, building=b, move_in=dt.date(2023, 2, 1), kind="present_only", area=Decimal("900"))
    OperationReport.objects.create(building=city["buildings"][1], period=dt.date(2023, 6, 1),
                                   leasable_area=Decimal("1000"), leased_area=Decimal("10"))
    affected = {"buildings": {b.pk, city["buildings"][1].pk}, "enterprises": {e.pk}, "months": {dt.date(2023, 6, 1)}}
    assert_incremental_equals_full(affected, django_capture_on_commit_callbacks)


def test_the_refresh_waits_for_the_import_to_commit(city, django_capture_on_commit_callbacks):
    record = TaxRecord.objects.order_by("id").first()
    record.total_tax += 1
    record.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        engine.refresh_after_import(None, {"enterprises": {record.enterprise_id}, "months": {record.period}})
    assert len(callbacks) == 1


def test_the_refresh_is_registered_with_the_intake_hooks():
    from louyu.intake import hooks

    assert engine.refresh_after_import in hooks.callbacks()


def test_a_form_edit_refreshes_the_facts_after_its_commit(city, django_capture_on_commit_callbacks):
    """A tenancy moved to another building through the service a form uses (no import): once the change
    commits, the facts are those of a full recompute — both buildings included."""
    from louyu.enterprises.services import tenancy_update

    moved = Tenancy.objects.filter(move_out__isnull=True, kind="registered_present").order_by("id").first()
    target = Building.objects.exclude(pk=moved.building_id).filter(code__startswith="R11-").order_by("id").first()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tenancy_update(tenancy=moved, data={"building": target}, actor=city_admin())
    assert len(callbacks) >= 1
    incremental = snapshot()
    engine.compute()
    assert incremental == snapshot()


def test_changes_in_one_transaction_refresh_once_and_imports_do_not_count(django_capture_on_commit_callbacks):
    """Two rows changed in one transaction: one refresh with both scopes. A write that belongs to an import
    (batch given) is left to the import's own hook."""
    from django.db import transaction

    from louyu.core import changes
    from louyu.enterprises.services import tenancy_create

    heard = []
    changes.after_change(record := lambda batch, affected: heard.append(affected))
    try:
        a, b, e = BuildingFactory(), BuildingFactory(), EnterpriseFactory()
        dropped = BuildingFactory()
        with pytest.raises(RuntimeError), transaction.atomic():  # rolled back: its scope must not leak
            tenancy_create(data={"enterprise": e, "building": dropped, "move_in": dt.date(2023, 1, 1),
                                 "kind": "present_only"}, actor=None)
            raise RuntimeError
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                tenancy_create(data={"enterprise": e, "building": a, "move_in": dt.date(2023, 1, 1), "kind": "present_only"},
                               actor=None)
                tenancy_create(data={"enterprise": e, "building": b, "move_in": dt.date(2023, 1, 1), "kind": "present_only"},
                               actor=None)
        assert heard == [{"buildings": {a.pk, b.pk}, "enterprises": {e.pk}, "months": set()}]
        with django_capture_on_commit_callbacks(execute=True):
            tenancy_create(data={"enterprise": e, "building": a, "move_in": dt.date(2024, 1, 1), "kind": "present_only"},
                           actor=None, batch=ImportBatchFactory())
        assert len(heard) == 1
    finally:
        changes.remove(record)


def test_tax_only_refresh_keeps_industry_rows_made_by_tenancies_and_drops_those_made_by_tax(
        django_capture_on_commit_callbacks):
    """Industry structure after a tax-only refresh equals a full recompute, at its edges: a present tenant with
    no area and no tax keeps its class's row; a tenant that left mid-year keeps a row only while it has tax;
    a class that only a correction brings appears."""
    from .scenario import PO, RP, D, building, enterprise, tax, tenancy

    b = building()
    lawyer = enterprise("7231")  # present only, no area, no tax: its row stays with zeros
    tenancy(lawyer, b, D(2021, 1, 1), kind=PO, area=None)
    bank = enterprise("6621")  # registered all along, its tax corrected
    tenancy(bank, b, D(2021, 1, 1), kind=RP)
    tax(bank, 2023, "1000.00")
    leaver = enterprise("7241")  # left in July: a row only through its tax, which is withdrawn
    tenancy(leaver, b, D(2021, 1, 1), D(2023, 7, 1), kind=RP)
    tax(leaver, 2023, "500.00", months=range(1, 7))
    designer = enterprise("7484")  # left in July, its tax arrives only with the correction
    tenancy(designer, b, D(2021, 1, 1), D(2023, 7, 1), kind=RP)
    engine.compute()
    TaxRecord.objects.filter(enterprise=leaver).delete()
    TaxRecord.objects.filter(enterprise=bank, period=D(2023, 3, 1)).update(total_tax=Decimal("9999.00"))
    tax(designer, 2023, "700.00", months=[3])
    affected = {"buildings": set(), "enterprises": {leaver.pk, bank.pk, designer.pk},
                "months": {D(2023, m, 1) for m in range(1, 7)}, "tax_only": True}
    assert_incremental_equals_full(affected, django_capture_on_commit_callbacks)
    keys = set(BuildingIndustryYear.objects.filter(building=b, year=2023, dimension="featured").values_list("key", flat=True))
    assert keys == {"legal", "finance", "design"}  # 会计审计 (the leaver) is gone; 设计 came with the correction


@pytest.mark.django_db(transaction=True)
def test_computes_take_turns_on_postgresql():
    """While another session holds the compute lock, a compute waits for it (PostgreSQL)."""
    import threading
    import time

    import psycopg
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite serialises writing transactions itself")
    settings = connection.get_connection_params()
    holder = psycopg.connect(**{k: v for k, v in settings.items() if k in ("dbname", "user", "host", "port", "password")},
                             autocommit=False)
    holder.execute("SELECT pg_advisory_xact_lock(%s)", [engine.COMPUTE_LOCK])
    done = threading.Event()

    def run():
        try:
            engine.compute()
        finally:
            connections.close_all()
            done.set()

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(0.5)
    assert not done.is_set()  # waiting for its turn
    holder.rollback()
    holder.close()
    assert done.wait(10)
    worker.join()
