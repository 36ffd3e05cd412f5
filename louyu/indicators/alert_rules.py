"""The alert rules (三(二) 跟踪监测): one small function per alert kind, each one set-wise query over the
facts. A rule takes the detection's `AlertScope` and yields `Found` alerts; `louyu.indicators.alerts.detect`
runs every registered rule and upserts what they found. A new rule is a new function with `@rule(kind)`.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterator, NamedTuple

from . import definitions
from .facts import first_tax_month
from .models import AlertKind
from .sqlbits import PRES, REG, TBL, active_on, fetch, in_list, mlit, money, msum, num, yuan


class Found(NamedTuple):
    kind: str
    building_id: int
    district_id: int | None
    period: dt.date
    evidence: dict
    enterprise_id: int | None = None


@dataclass(frozen=True)
class AlertScope:
    """What one detection looks at: a year as of its last computed month, optionally some buildings."""

    year: int
    horizon: dt.date
    buildings: object = None  # None: every building; else building ids
    cfg: dict = field(default_factory=definitions.config)

    @property
    def last(self) -> dt.date:
        """The year's last computed month (December for a past year)."""
        return dt.date(self.year, 12 if self.year < self.horizon.year else self.horizon.month, 1)

    @property
    def as_of(self) -> dt.date:
        return self.last.replace(day=calendar.monthrange(self.last.year, self.last.month)[1])

    @property
    def jan1(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def base(self) -> dict:
        return {"year": self.year}


@dataclass(frozen=True)
class Rule:
    kind: str
    find: Callable[[AlertScope], Iterator[Found]]
    reads_tax: bool  # False: a tax-only refresh keeps this kind's alerts as they are
    # True: the rule reads the present state (listings, open requests), not a year's facts; it is detected only
    # for the current alert year (`current_year`) and re-detected on its own after its inputs change
    # (`louyu.indicators.alerts.redetect`). The page-level apps above indicators register such rules.
    live: bool = False


RULES: list[Rule] = []


def rule(kind, *, reads_tax: bool = True, live: bool = False):
    def register(find):
        RULES.append(Rule(kind=str(kind), find=find, reads_tax=reads_tax, live=live))
        return find
    return register


def current_year(horizon: dt.date | None, today: dt.date) -> int:
    """The year live alerts belong to: the data horizon's (the latest year the engine detects), else today's."""
    return horizon.year if horizon else today.year


def _money(value) -> str | None:
    return None if value is None else format(Decimal(str(value)).quantize(Decimal("0.01")), "f")


def _ratio(value) -> str | None:
    return None if value is None else format(Decimal(str(value)).quantize(Decimal("0.000001")), "f")


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _shift_months(period: dt.date, months: int) -> dt.date:
    index = period.year * 12 + period.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@rule(AlertKind.TAX_FALL)
def tax_fall(scope: AlertScope) -> Iterator[Found]:
    """税收同比下降: tax falling ≥ 30 % year on year (like-for-like months)."""
    params = [scope.year, str(-scope.cfg["ALERT_TAX_FALL"]), str(scope.cfg["ALERT_TAX_FALL_MIN_PRIOR"])]
    where = in_list("y.building_id", scope.buildings, params)
    for b, d, tax, prior, growth, months in fetch(
        f"SELECT y.building_id, y.district_id, y.total_tax, y.prior_total_tax, y.tax_growth, y.months FROM {TBL.building_year} y"
        f" WHERE y.year = %s AND y.tax_growth <= {num()} AND y.prior_total_tax >= {num()}{where}", params):
        yield Found(AlertKind.TAX_FALL, b, d, scope.jan1, {**scope.base, "tax": _money(tax), "prior_tax": _money(prior),
                                                           "growth": _ratio(growth), "months": months})


@rule(AlertKind.TOP_TAXPAYER_EXIT)
def top_taxpayer_exit(scope: AlertScope) -> Iterator[Found]:
    """重点纳税企业迁出: a top-N taxpayer (tax attributed over Y−1 and Y) ending its registered tenancy in Y."""
    year = scope.year
    params = [year - 1, year]
    where = in_list("building_id", scope.buildings, params)
    params += [scope.cfg["ALERT_TOP_TAXPAYERS"], scope.jan1, dt.date(year, 12, 31)]
    rows = fetch(
        f"""
        WITH w AS (
            SELECT building_id, enterprise_id, {msum('total_tax')} AS tax_c FROM {TBL.taxpayer_year}
            WHERE year IN (%s, %s){where} GROUP BY building_id, enterprise_id
        ), rk AS (
            SELECT building_id, enterprise_id, tax_c,
                ROW_NUMBER() OVER (PARTITION BY building_id ORDER BY tax_c DESC, enterprise_id) AS rn
            FROM w WHERE tax_c > 0
        )
        SELECT t.id, t.building_id, b.district_id, t.enterprise_id, t.move_out, rk.rn, {yuan('rk.tax_c')}
        FROM {TBL.tenancy} t JOIN rk ON rk.building_id = t.building_id AND rk.enterprise_id = t.enterprise_id AND rk.rn <= %s
        JOIN {TBL.building} b ON b.id = t.building_id
        WHERE t.kind IN {REG} AND t.move_out >= %s AND t.move_out <= %s
        AND NOT EXISTS (
            SELECT 1 FROM {TBL.tenancy} t2 WHERE t2.enterprise_id = t.enterprise_id AND t2.building_id = t.building_id
            AND t2.id <> t.id AND t2.kind IN {REG} AND {active_on('t2', 't.move_out')}
        )
        """, params)
    destinations = _next_registered(rows)
    for tid, b, d, e, move_out, rank, tax_c in rows:
        yield Found(AlertKind.TOP_TAXPAYER_EXIT, b, d, _date(move_out).replace(day=1),
                    {**scope.base, "rank": rank, "window_tax": _money(tax_c), "move_out": move_out, "tenancy": tid,
                     "moved_to": destinations.get(tid)}, e)


@rule(AlertKind.OCCUPANCY_FALL, reads_tax=False)
def occupancy_fall(scope: AlertScope) -> Iterator[Found]:
    """入驻率季度下降: 入驻率 falling ≥ 10 points against the previous quarter's end (quarter ends, and the
    latest month)."""
    params = [scope.year, scope.horizon, str(scope.cfg["ALERT_OCCUPANCY_FALL"])]
    where = in_list("bm.building_id", scope.buildings, params)
    for b, d, period, rate, prior_rate, prior_period, source in fetch(
        f"SELECT bm.building_id, bm.district_id, bm.period, bm.occupancy_rate, pq.occupancy_rate, pq.period,"
        f" bm.occupancy_source FROM {TBL.building_month} bm JOIN {TBL.month} m ON m.period = bm.period"
        f" JOIN {TBL.building_month} pq ON pq.building_id = bm.building_id AND pq.period = m.prev_quarter_end"
        f" WHERE bm.year = %s AND (m.month IN (3, 6, 9, 12) OR m.period = %s)"
        f" AND bm.occupancy_rate IS NOT NULL AND pq.occupancy_rate IS NOT NULL"
        f" AND ROUND(pq.occupancy_rate - bm.occupancy_rate, 6) >= {num()}{where}", params):
        yield Found(AlertKind.OCCUPANCY_FALL, b, d, _date(period),
                    {**scope.base, "rate": _ratio(rate), "prior_rate": _ratio(prior_rate),
                     "prior_period": prior_period, "source": source})


@rule(AlertKind.AT_RISK_100M)
def at_risk_100m(scope: AlertScope) -> Iterator[Found]:
    """亿元楼宇预警: a 亿元楼宇 of Y−1 whose year-to-date pace (tax × 12 / months) is below the threshold."""
    cfg = scope.cfg
    op = definitions.hundred_million_op()
    params = [scope.year - 1, scope.year, cfg["ALERT_AT_RISK_MIN_MONTHS"]]
    where = in_list("y.building_id", scope.buildings, params)
    for b, d, tax, months, prior in fetch(
        f"SELECT y.building_id, y.district_id, y.total_tax, y.months, py.total_tax FROM {TBL.building_year} y"
        f" JOIN {TBL.building_year} py ON py.building_id = y.building_id AND py.year = %s AND py.is_100m"
        f" WHERE y.year = %s AND y.months >= %s"
        f" AND NOT ({money('y.total_tax')} * 12.0 / y.months {op} {mlit(cfg['HUNDRED_MILLION'])}){where}", params):
        tax = Decimal(str(tax))
        pace = (tax * 12 / months).quantize(Decimal("0.01"))
        yield Found(AlertKind.AT_RISK_100M, b, d, scope.jan1,
                    {**scope.base, "tax": _money(tax), "months": months, "pace": pace,
                     "threshold": _money(cfg["HUNDRED_MILLION"]), "prior_tax": _money(prior)})


@rule(AlertKind.REGISTERED_ONLY, reads_tax=False)
def registered_only(scope: AlertScope) -> Iterator[Found]:
    """仅注册未办公（异地经营）on the year-end snapshot."""
    params = [scope.as_of, scope.as_of]
    where = in_list("t.building_id", scope.buildings, params)
    for tid, b, d, e, move_in in fetch(
        f"SELECT t.id, t.building_id, b.district_id, t.enterprise_id, t.move_in"
        f" FROM {TBL.tenancy} t JOIN {TBL.building} b ON b.id = t.building_id"
        f" WHERE t.kind = 'registered_only' AND {active_on('t', '%s')}{where} ORDER BY t.id", params):
        yield Found(AlertKind.REGISTERED_ONLY, b, d, scope.jan1, {**scope.base, "move_in": move_in, "tenancy": tid}, e)


@rule(AlertKind.PRESENT_ONLY, reads_tax=False)
def present_only(scope: AlertScope) -> Iterator[Found]:
    """仅办公未注册（税源落地机会）: present, registered elsewhere or nowhere on the register."""
    as_of = scope.as_of
    params = [as_of, as_of, as_of, as_of]
    where = in_list("t.building_id", scope.buildings, params)
    rows = fetch(
        f"SELECT t.id, t.building_id, b.district_id, t.enterprise_id, t.move_in, t.area, rb.code"
        f" FROM {TBL.tenancy} t JOIN {TBL.building} b ON b.id = t.building_id"
        f" LEFT JOIN {TBL.tenancy} reg ON reg.enterprise_id = t.enterprise_id AND reg.kind IN {REG} AND {active_on('reg', '%s')}"
        f" LEFT JOIN {TBL.building} rb ON rb.id = reg.building_id"
        f" WHERE t.kind = 'present_only' AND {active_on('t', '%s')}"
        f" AND (reg.building_id IS NULL OR reg.building_id <> t.building_id){where} ORDER BY t.id", params)
    for tid, b, d, e, move_in, area, registered_in in rows:
        yield Found(AlertKind.PRESENT_ONLY, b, d, scope.jan1,
                    {**scope.base, "move_in": move_in, "area": _money(area), "tenancy": tid, "registered_in": registered_in}, e)


@rule(AlertKind.ZOMBIE)
def zombie(scope: AlertScope) -> Iterator[Found]:
    """占用面积无税收（僵尸企业）: occupies area through the whole window, no positive tax in it (only where
    data covers it). The window's tax is read from the attribution facts: every tax row of a computed month
    is in exactly one of TaxpayerYear (attributed) and UnattributedTax (未归属), one month column each."""
    window = scope.cfg["ALERT_ZOMBIE_MONTHS"]
    start = _shift_months(scope.last, -(window - 1))
    first_data = first_tax_month()
    if not first_data or start < first_data:
        return
    params = [scope.as_of, scope.as_of, start]
    where = in_list("t.building_id", scope.buildings, params)
    rows = fetch(
        f"WITH taxed AS ({_taxed_in_window(start, scope.last)})"
        f" SELECT t.id, t.building_id, b.district_id, t.enterprise_id, t.move_in, t.area"
        f" FROM {TBL.tenancy} t JOIN {TBL.building} b ON b.id = t.building_id"
        f" LEFT JOIN taxed x ON x.enterprise_id = t.enterprise_id"
        f" WHERE t.kind IN {PRES} AND {active_on('t', '%s')} AND t.area > 0 AND t.move_in <= %s"
        f" AND x.enterprise_id IS NULL{where} ORDER BY t.id", params)
    last_taxed = _last_taxed({r[3] for r in rows})
    for tid, b, d, e, move_in, area in rows:
        yield Found(AlertKind.ZOMBIE, b, d, scope.jan1,
                    {**scope.base, "move_in": move_in, "area": _money(area), "tenancy": tid, "window": window,
                     "last_tax_period": last_taxed.get(e)}, e)


def _taxed_in_window(start: dt.date, last: dt.date) -> str:
    """SQL: the enterprises with a positive tax month in [start, last] (within one or two calendar years)."""
    parts = []
    for year in range(start.year, last.year + 1):
        lo = start.month if year == start.year else 1
        hi = last.month if year == last.year else 12
        positive = " OR ".join(f"m{i:02d} > 0" for i in range(lo, hi + 1))
        for fact in (TBL.taxpayer_year, TBL.unattributed_tax):
            parts.append(f"SELECT enterprise_id FROM {fact} WHERE year = {int(year)} AND ({positive})")
    return " UNION ".join(parts)


def _next_registered(rows) -> dict[int, str]:
    """For ending tenancies: the building code of the enterprise's next registered tenancy, if any."""
    from louyu.enterprises.models import Tenancy

    out: dict[int, str] = {}
    by_enterprise: dict[int, list] = {}
    for tid, _b, _d, e, move_out, *_ in rows:
        by_enterprise.setdefault(e, []).append((tid, move_out))
    ids = list(by_enterprise)
    for start in range(0, len(ids), 900):
        nxt = Tenancy.objects.filter(enterprise_id__in=ids[start:start + 900], kind__in=["registered_present", "registered_only"])
        for t in nxt.select_related("building").order_by("move_in"):
            for tid, move_out in by_enterprise[t.enterprise_id]:
                if tid not in out and t.id != tid and str(t.move_in) >= str(move_out):
                    out[tid] = t.building.code
    return out


def _last_taxed(enterprises) -> dict[int, str]:
    ids = sorted(enterprises)
    out: dict[int, str] = {}
    for start in range(0, len(ids), 900):
        params: list = []
        where = in_list("enterprise_id", ids[start:start + 900], params)
        for e, period in fetch(f"SELECT enterprise_id, MAX(period) FROM {TBL.tax_record} WHERE total_tax > 0{where}"
                               f" GROUP BY enterprise_id", params):
            out[e] = str(period)[:7]
    return out
