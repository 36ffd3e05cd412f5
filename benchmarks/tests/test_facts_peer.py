"""The columnar peer computes the engine's attribution rules: tax follows the registered tenancy active at the
month's end, a later registration supersedes an earlier one, unclaimed tax is 未归属."""
import datetime as dt
from decimal import Decimal

import pytest

from benchmarks import facts_peer

duckdb = pytest.importorskip("duckdb")  # a bench-only dependency (requirements-bench.txt)

TIERS = [(10, Decimal("1000000000")), (5, Decimal("500000000")), (1, Decimal("100000000"))]


def facts(tax, tenancies) -> dict:
    con = duckdb.connect()
    con.execute("CREATE TABLE month (period DATE, month_end DATE, year INT)")
    con.execute("INSERT INTO month VALUES ('2024-01-01', '2024-01-31', 2024), ('2024-02-01', '2024-02-29', 2024)")
    con.execute("CREATE TABLE tax (enterprise_id BIGINT, period DATE, total_tax DECIMAL(18,2))")
    con.executemany("INSERT INTO tax VALUES (?, ?, ?)", tax)
    con.execute("CREATE TABLE tenancy (id BIGINT, enterprise_id BIGINT, building_id BIGINT, kind VARCHAR, move_in DATE, move_out DATE)")
    con.executemany("INSERT INTO tenancy VALUES (?, ?, ?, ?, ?, ?)", tenancies)
    for name, sql in facts_peer.fact_sql(TIERS, ">=").items():
        con.execute(f"CREATE TABLE {name} AS {sql}")
    return {name: facts_peer._normal(con.execute(f"SELECT {', '.join(cols)} FROM {name}").fetchall())
            for name, cols in facts_peer.COMPARED.items()}


def test_a_later_registration_takes_the_tax_and_unclaimed_tax_is_unattributed():
    out = facts(
        tax=[(1, "2024-01-01", 60_000_000), (1, "2024-02-01", 50_000_000), (2, "2024-01-01", 7)],
        tenancies=[(10, 1, 100, "registered_only", "2020-01-01", None),  # superseded in February by the move to 200
                   (11, 1, 200, "registered_present", "2024-02-10", None),
                   (12, 3, 100, "present_only", "2023-06-01", "2024-02-15")],  # moved out mid-February: absent at its end
    )
    assert out["taxpayer_year"] == [(100, 1, 2024, Decimal("60000000"), 1), (200, 1, 2024, Decimal("50000000"), 1)]
    assert out["unattributed_tax"] == [(2, 2024, Decimal("7"), 1)]
    jan, feb = dt.date(2024, 1, 1), dt.date(2024, 2, 1)
    # building, month, tax, taxpayers, present, registered, registered-and-present (the superseded registration
    # still counts as registered in 100 at February's end, but no longer draws the tax)
    assert out["building_month"] == [(100, jan, Decimal("60000000"), 1, 1, 1, 0), (100, feb, Decimal("0"), 0, 0, 1, 0),
                                     (200, feb, Decimal("50000000"), 1, 1, 1, 1)]
    assert [(b, y, t, tier) for b, y, t, tier, *_ in out["building_year"]] == [
        (100, 2024, Decimal("60000000"), 0), (200, 2024, Decimal("50000000"), 0)]


def test_differences_count_rows_on_either_side():
    engine = {name: [(1, 2)] for name in facts_peer.COMPARED}
    peer = {name: [(1, 2)] for name in facts_peer.COMPARED} | {"building_year": [(1, 3)]}
    assert facts_peer.differences(engine, peer) == {"taxpayer_year": 0, "unattributed_tax": 0, "building_month": 0, "building_year": 2}
