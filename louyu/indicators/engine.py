"""The indicator engine: decides what to (re)compute and runs the set-wise statements in order.

    compute()                       everything, every year with data
    compute(year=Y)                 Y and Y−1 (what Y's figures need), and Y+1's year-on-year fields
    compute(months=..., buildings=..., enterprises=...)
                                    incremental after an import: only those months / buildings

Order inside one transaction: months → industry map → overlaps → taxpayer-year and 未归属 (one pass over
the tax rows, month columns) → building-month (sums those columns; month-end snapshot; 入驻率) → per year
(industry-year → building-year) → district-year → city-year → alerts. Every fact table is merged: only
changed rows are written, and readers see the previous facts until the transaction commits.
"""
from __future__ import annotations

import calendar
import datetime as dt
import logging
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Max, Min

from louyu.buildings.models import OperationReport, RenovationProject
from louyu.enterprises.models import Tenancy, TaxRecord
from louyu.programme.models import AnnualTarget

from . import alerts, definitions, facts, rollup
from .models import (
    BuildingIndustryYear, BuildingMonth, BuildingYear, CityYear, ComputeState, DistrictYear, FeaturedRecognition, Month,
    SupersededTenancy, TaxpayerYear, UnattributedTax,
)
from .sqlbits import TBL, execute, fetch, is_pg

log = logging.getLogger(__name__)
SCOPE_LIMIT = 2000  # more ids than this: treat as "all" (one set-wise pass beats a huge IN list)


@dataclass
class ComputeResult:
    mode: str
    years: list[int]
    months: int
    buildings: int | None  # None = all
    horizon: dt.date | None
    seconds: float = 0.0
    district_years: list[int] = field(default_factory=list)
    alerts: int = 0
    steps: dict[str, float] = field(default_factory=dict)  # seconds per step (STEP_LABELS), for operators and the benchmark


STEP_LABELS = {
    "prepare": "准备（月份、行业映射、重叠入驻）", "attribution": "税收归属（企业-楼宇-年度，未归属）",
    "months": "楼宇月度（税收、月末入驻、入驻率）", "years": "产业结构与楼宇年度", "districts": "地区与全市汇总",
    "alerts": "预警",
}


class _Stopwatch:
    """Adds the wall time of each `with watch("step"):` block to a dict, and reports the step to `progress`
    (a job's progress(done, total, phase), louyu.jobs) as it starts."""

    def __init__(self, into: dict[str, float], progress=None):
        self.into, self.progress = into, progress

    def __call__(self, step: str):
        self.step = step
        if self.progress is not None:
            self.progress(list(STEP_LABELS).index(step), len(STEP_LABELS), STEP_LABELS[step])
        return self

    def __enter__(self):
        self.started = time.perf_counter()

    def __exit__(self, *exc):
        self.into[self.step] = self.into.get(self.step, 0.0) + time.perf_counter() - self.started


def month_end(period: dt.date) -> dt.date:
    return period.replace(day=calendar.monthrange(period.year, period.month)[1])


def data_horizon() -> dt.date | None:
    """The latest month with tax or operation data: a year's figures are as of its last month up to here."""
    tax = TaxRecord.objects.aggregate(p=Max("period"))["p"]
    ops = OperationReport.objects.aggregate(p=Max("period"))["p"]
    candidates = [p for p in (tax, ops) if p]
    return max(candidates) if candidates else None


def data_years() -> list[int]:
    """Every year from the first with tax or operation data to the horizon's (no gaps: month-end snapshots
    run through the months in order)."""
    firsts = [d for d in (TaxRecord.objects.aggregate(p=Min("period"))["p"],
                          OperationReport.objects.aggregate(p=Min("period"))["p"]) if d]
    horizon = data_horizon()
    if not firsts or horizon is None:
        return []
    return list(range(min(firsts).year, horizon.year + 1))


def months_of(year: int, horizon: dt.date) -> list[dt.date]:
    last = 12 if year < horizon.year else horizon.month
    return [dt.date(year, m, 1) for m in range(1, last + 1)] if year <= horizon.year else []


def _month_row(period: dt.date) -> Month:
    q_first = (period.month - 1) // 3 * 3 + 1  # first month of this quarter
    prev_q_end = dt.date(period.year, q_first - 1, 1) if q_first > 1 else dt.date(period.year - 1, 12, 1)
    return Month(period=period, month_end=month_end(period), year=period.year, month=period.month, prev_quarter_end=prev_q_end)


def _months_sync(periods: list[dt.date]) -> None:
    removed, _ = Month.objects.exclude(period__in=periods).delete()
    have = set(Month.objects.values_list("period", flat=True))
    added = Month.objects.bulk_create([_month_row(p) for p in periods if p not in have])
    if (removed or added) and is_pg():  # every statement joins it: the planner must know its size
        execute(f"ANALYZE {TBL.month}")


COMPUTE_LOCK = 0x10_7A_02  # pg_advisory_xact_lock key: one compute at a time


def _take_turn() -> None:
    """Computes take turns (two at once — two form saves, an import's refresh and `louyu compute` — would merge
    into the same fact rows and fail on each other's keys). PostgreSQL: a transaction-level advisory lock;
    SQLite writes one transaction at a time anyway."""
    if is_pg():
        execute("SELECT pg_advisory_xact_lock(%s)", [COMPUTE_LOCK])


def _tune() -> None:
    """PostgreSQL: memory for the hash aggregates, parallel plans for the staged aggregates, no JIT (its
    compile time costs more than it saves on these statements), and a small ANALYZE sample for the staged
    tables (row counts and rough distinct counts are all their joins need; the default sample costs 0.2 s
    per table), and a commit that does not wait for the WAL flush: the facts are derived data, so a crash
    right after the commit loses at most this whole compute (atomically), which `louyu compute` redoes.
    Local to the compute transaction."""
    if is_pg():
        with connection.cursor() as cursor:
            for setting in ("work_mem = '256MB'", "jit = off", "parallel_setup_cost = 100", "parallel_tuple_cost = 0.01",
                            "default_statistics_target = 10", "synchronous_commit = off"):
                cursor.execute(f"SET LOCAL {setting}")


def _buildings_of_enterprises(enterprises) -> set[int] | None:
    if enterprises is None or len(enterprises) > SCOPE_LIMIT:
        return None
    return set(Tenancy.objects.filter(enterprise_id__in=list(enterprises)).values_list("building_id", flat=True))


def _enterprises_of_buildings(buildings) -> set[int] | None:
    if buildings is None or len(buildings) > SCOPE_LIMIT:
        return None
    return set(Tenancy.objects.filter(building_id__in=list(buildings)).values_list("enterprise_id", flat=True))


def _delete_years(years, *, above: int | None = None) -> None:
    for model in (BuildingMonth, UnattributedTax, TaxpayerYear, BuildingIndustryYear, BuildingYear, DistrictYear, CityYear):
        if years is not None:
            model.objects.filter(year__in=list(years)).delete()
        if above is not None:
            model.objects.filter(year__gt=above).delete()


def _delete_other_years(keep) -> None:
    """Facts of years that no longer have data (e.g. after a correction removed them)."""
    for model in (BuildingMonth, UnattributedTax, TaxpayerYear, BuildingIndustryYear, BuildingYear):
        model.objects.exclude(year__in=list(keep)).delete()
    SupersededTenancy.objects.exclude(period__year__in=list(keep)).delete()


def _years_without_facts(dyears) -> bool:
    """Whether a data year (other than the horizon's, which grows month by month) has never been computed."""
    computed = set(BuildingYear.objects.values_list("year", flat=True).distinct())
    return bool(set(dyears[:-1]) - computed)


def _other_years() -> set[int]:
    """Years the district table needs even without tax data: targets, recognitions, renovations."""
    years = set(AnnualTarget.objects.values_list("year", flat=True))
    years |= {d.year for d in FeaturedRecognition.objects.filter(recognised_on__isnull=False).dates("recognised_on", "year")}
    years |= {d.year for d in RenovationProject.objects.filter(completion_date__isnull=False).dates("completion_date", "year")}
    return years


def compute(*, year: int | None = None, buildings=None, months=None, enterprises=None, tax_only: bool = False,
            progress=None) -> ComputeResult:
    """(Re)compute the indicator facts. See the module docstring for the three modes."""
    started = time.perf_counter()
    with transaction.atomic():
        _take_turn()
        _tune()
        result = _compute(year=year, buildings=buildings, months=months, enterprises=enterprises, tax_only=tax_only,
                          progress=progress)
        state = ComputeState.objects.first() or ComputeState()
        state.horizon = result.horizon
        state.last_scope = f"{result.mode}: {','.join(map(str, result.years))}"[:300]
        result.seconds = time.perf_counter() - started
        state.seconds = result.seconds
        state.save()
    log.info("indicators computed: %s", result)
    return result


@dataclass(frozen=True)
class ScopePlan:
    """What one compute touches, decided before anything is written (`scope_plan`); `_run` carries it out."""

    mode: str  # "full" | "year" | "incremental"
    horizon: dt.date | None
    data_years: list[int]  # years with tax data, up to the horizon
    fact_years: list[int]  # years whose building facts are recomputed
    months: list[dt.date]  # months whose attribution and building-month facts are recomputed
    district_years: list[int]
    buildings: set[int] | None  # None: every building
    enterprises: set[int] | None  # None: every enterprise
    next_year_refresh: bool  # Y+1's 新增/同比 fields read the recomputed years
    snapshot_kept: bool  # only tax changed in computed months: tenancy-derived facts stand
    drop_other_years: bool = False  # full: facts of years that no longer have data go
    drop_after_horizon: bool = False  # facts beyond the data horizon go
    horizon_moved: bool = False  # incremental: the horizon moved since the last compute


def scope_plan(*, year: int | None, buildings, months, enterprises, horizon: dt.date | None, data_years: list[int],
               computed_horizon: dt.date | None, tax_only: bool = False) -> ScopePlan:
    """Which mode, years, months, buildings and enterprises a compute covers (reads, never writes).
    `computed_horizon`: the horizon of the last compute (None: never computed)."""
    dyears = [y for y in data_years if horizon and y <= horizon.year]
    incremental = year is None and any(x is not None for x in (buildings, months, enterprises))
    if incremental and (computed_horizon is None or _years_without_facts(dyears)):
        incremental = False  # nothing (or a new earlier year) computed yet: an increment of nothing is everything
    if year is None and not incremental:
        return ScopePlan(mode="full", horizon=horizon, data_years=dyears, fact_years=dyears,
                         months=[p for y in dyears for p in months_of(y, horizon)],
                         district_years=sorted(set(dyears) | _other_years()), buildings=None, enterprises=None,
                         next_year_refresh=False, snapshot_kept=False, drop_other_years=True)
    if year is not None:
        fact_years = [y for y in (year - 1, year) if y in dyears]
        bscope = set(buildings) if buildings is not None else None
        return ScopePlan(mode="year", horizon=horizon, data_years=dyears, fact_years=fact_years,
                         months=[p for y in fact_years for p in months_of(y, horizon)],
                         district_years=sorted({year - 1, year}), buildings=bscope,
                         enterprises=_enterprises_of_buildings(bscope), next_year_refresh=True, snapshot_kept=False,
                         drop_after_horizon=True)
    bscope = set(buildings or ())
    escope = set(enterprises) if enterprises is not None else None
    if escope:
        from_enterprises = _buildings_of_enterprises(escope)
        bscope = None if from_enterprises is None else bscope | from_enterprises
    if bscope is not None and (len(bscope) > SCOPE_LIMIT or (buildings is None and enterprises is None)):
        bscope = None
    if escope is None and bscope is not None:
        escope = _enterprises_of_buildings(bscope)
    if escope is not None and len(escope) > SCOPE_LIMIT:
        escope = None
    if escope is not None and bscope is not None:  # their tax may move between any of their buildings
        more = _buildings_of_enterprises(escope)
        bscope = None if more is None else bscope | more
    valid = {p for y in dyears for p in months_of(y, horizon)}
    scope_months = sorted({dt.date(p.year, p.month, 1) for p in months} & valid) if months is not None else sorted(valid)
    horizon_moved = computed_horizon != horizon
    if horizon_moved:
        # The data horizon moved: new months exist for every building, and each year-end snapshot moved.
        lo, _hi = sorted([computed_horizon, horizon or computed_horizon])
        scope_months = sorted(set(scope_months) | {p for p in valid if lo <= p})
        bscope = escope = None
    fact_years = sorted({p.year for p in scope_months})
    return ScopePlan(mode="incremental", horizon=horizon, data_years=dyears, fact_years=fact_years, months=scope_months,
                     district_years=list(fact_years), buildings=bscope, enterprises=escope, next_year_refresh=True,
                     snapshot_kept=tax_only and not horizon_moved, drop_after_horizon=horizon_moved,
                     horizon_moved=horizon_moved)


def _clear(plan: ScopePlan) -> None:
    """The facts a plan makes obsolete: years without data, years and months beyond the horizon."""
    if plan.drop_other_years:
        _delete_other_years(plan.data_years)  # the rest is merged: only changed facts are written
    if plan.drop_after_horizon:
        _delete_years(None, above=plan.horizon.year if plan.horizon else -1)
    if plan.horizon_moved and plan.horizon:
        BuildingMonth.objects.filter(period__gt=plan.horizon).delete()


def _compute(*, year, buildings, months, enterprises, tax_only=False, progress=None) -> ComputeResult:
    state = ComputeState.objects.first()
    plan = scope_plan(year=year, buildings=buildings, months=months, enterprises=enterprises, horizon=data_horizon(),
                      data_years=data_years(), computed_horizon=state.horizon if state else None, tax_only=tax_only)
    _clear(plan)
    return _run(plan, progress)


def _run(plan: ScopePlan, progress=None) -> ComputeResult:
    """Carry out a plan: months → attribution → building facts → districts and city → alerts."""
    mode, horizon, dyears, fact_years, scope_months = plan.mode, plan.horizon, plan.data_years, plan.fact_years, plan.months
    bscope, escope, district_years, kept_snapshot = plan.buildings, plan.enterprises, plan.district_years, plan.snapshot_kept
    steps: dict[str, float] = {}
    watch = _Stopwatch(steps, progress)
    all_months = [p for y in dyears for p in months_of(y, horizon)] if horizon else []
    with watch("prepare"):
        first_tax = facts.first_tax_month()
        new_known = lambda y: definitions.new_100m_known(y, first_tax)  # noqa: E731
        _months_sync(all_months)
        facts.map_refresh()
        # Only tax rows changed, in months already computed (kept_snapshot): the tenancy-derived facts of those
        # months (overlaps, month-end snapshots) still hold, so they are kept rather than recomputed.
        if scope_months and not kept_snapshot:
            use_sup = facts.superseded_refresh(scope_months)
        else:
            use_sup = bool(SupersededTenancy.objects.exists())
        added = _new_buildings() if mode != "full" and all_months else []
    if scope_months:
        by_year: dict[int, list[dt.date]] = {}
        for p in scope_months:
            by_year.setdefault(p.year, []).append(p)
        whole = {y for y, ps in by_year.items() if len(ps) == len(months_of(y, horizon))}
        with watch("attribution"):
            facts.attribution_refresh(by_year, whole, escope, use_sup)  # before the months: they sum its columns
        with watch("months"):
            facts.building_month_refresh(scope_months, bscope, kept_snapshot=kept_snapshot)
    with watch("years"):
        _year_steps(fact_years, bscope, horizon, new_known, tax_only=kept_snapshot)
    for start in range(0, len(added), SCOPE_LIMIT):  # buildings registered since the last compute: all of it
        chunk = added[start:start + SCOPE_LIMIT]
        with watch("months"):
            facts.building_month_refresh(all_months, chunk)
        with watch("years"):
            _year_steps(dyears, chunk, horizon, new_known)
    if added:
        district_years = sorted(set(district_years) | set(dyears))
        bscope = None if bscope is None else bscope | set(added)
    if plan.next_year_refresh and fact_years and BuildingYear.objects.filter(year=fact_years[-1] + 1).exists():
        nxt = fact_years[-1] + 1  # its 新增/同比 fields read this year's facts
        with watch("years"):
            facts.building_year_refresh(nxt, months_of(nxt, horizon)[-1].month, bscope, new_known=new_known(nxt))
        district_years = sorted(set(district_years) | {nxt})

    with watch("districts"):
        for y in district_years:
            rollup.district_year_refresh(y, new_known=new_known(y))
            rollup.city_year_refresh(y, prior_year_has_data=new_known(y))

    alert_years = dyears[-definitions.config()["ALERT_YEARS"]:] if dyears else []
    detected = 0
    with watch("alerts"):
        for y in sorted(set(alert_years) & (set(fact_years) | ({fact_years[-1] + 1} if fact_years else set()))):
            detected += alerts.detect(y, horizon, bscope, tax_only=kept_snapshot)
    return ComputeResult(mode=mode, years=fact_years, months=len(scope_months), buildings=None if bscope is None else len(bscope),
                         horizon=horizon, district_years=district_years, alerts=detected, steps=steps)


def _year_steps(years, bscope, horizon, new_known, *, tax_only: bool = False) -> None:
    if not years:
        return
    year_ends = {y: month_end(months_of(y, horizon)[-1]) for y in years}
    if tax_only:  # the tenancies at the year's end are as computed: only the industry tax changes
        facts.industry_tax_patch(year_ends, bscope)
    else:
        facts.industry_year_refresh(year_ends, bscope)
    for y in years:  # in order: each year's 新增/同比 read the year before
        facts.building_year_refresh(y, months_of(y, horizon)[-1].month, bscope, new_known=new_known(y))


def _new_buildings() -> list[int]:
    """Buildings without any monthly fact yet (registered since the last compute)."""
    return [r[0] for r in fetch(
        f"SELECT b.id FROM {TBL.building} b WHERE NOT EXISTS (SELECT 1 FROM {TBL.building_month} bm WHERE bm.building_id = b.id)")]


def refresh_after_import(batch, affected: dict) -> ComputeResult | None:
    """The intake hook (louyu.intake.hooks): recompute only what an import touched. Called after the import
    committed, a failure propagates to the hook, which keeps the import and notes the failure on the batch;
    called inside a transaction, the refresh waits for the commit (and None is returned). `louyu compute`
    repairs facts at any time."""
    months = set(affected.get("months") or ()) or None
    buildings = set(affected.get("buildings") or ())
    enterprises = set(affected.get("enterprises") or ())
    tax_only = bool(affected.get("tax_only"))  # a tax import: no tenancy, building or report changed
    if not (months or buildings or enterprises):
        return

    def run():
        return compute(months=months, buildings=buildings, enterprises=enterprises, tax_only=tax_only)

    if connection.in_atomic_block:
        transaction.on_commit(run)
        return None
    return run()


def vacuum_facts() -> None:
    """PostgreSQL: reclaim the row versions a recompute left behind and refresh the planner's statistics, so the
    next (incremental) refresh updates rows in place. Must run outside a transaction; elsewhere a no-op."""
    if not is_pg() or connection.in_atomic_block:
        return
    tables = ", ".join(getattr(TBL, t) for t in ("building_month", "building_year", "taxpayer_year", "unattributed_tax",
                                                 "building_industry_year", "district_year", "alert"))
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {tables}")
