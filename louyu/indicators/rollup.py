"""District and city facts: the 附件1 columns' actuals and headline figures, rolled up from building facts.

The city is the sum of its districts, plus 未归属 tax of enterprises that no district can claim.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal


from . import definitions
from .models import CityYear, DistrictYear, Month
from .sqlbits import NOT_BUILT, TBL, execute, fetch, money, msum, num, ratio, yuan

Q2 = Decimal("0.01")
Q6 = Decimal("0.000001")


def district_year_refresh(year: int, *, new_known: bool) -> None:
    """DistrictYear from the buildings' facts; `new_known` as for BuildingYear (新增 NULL when it cannot be told)."""
    cfg = definitions.config()
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    execute(f"DELETE FROM {TBL.district_year} WHERE year = %s", [year])
    area_min = str(cfg["OFFICE_AREA_MIN"])
    params = [year, area_min, year, area_min, year - 1, jan1, dec31, dec31, dec31, jan1, dec31, year, year, year]
    execute(
        f"""
        INSERT INTO {TBL.district_year} (district_id, year, months, buildings, office_buildings_10k, office_buildings_10k_list,
            cumulative_100m, new_100m, tier_1, tier_5, tier_10, new_featured, featured_recognised,
            featured_candidates, featured_reserves, renovated, promotion_events, total_tax, prior_total_tax,
            tax_growth, unattributed_tax, present_count, registered_count, registered_present_count, presence_rate,
            office_area, occupancy_rate, tax_per_m2)
        WITH g AS (
            SELECT y.district_id, COUNT(*) AS n,
                SUM(CASE WHEN y.is_100m THEN 1 ELSE 0 END) AS cum, SUM(CASE WHEN y.is_new_100m THEN 1 ELSE 0 END) AS new,
                SUM(CASE WHEN y.tax_tier = 1 THEN 1 ELSE 0 END) AS t1, SUM(CASE WHEN y.tax_tier = 5 THEN 1 ELSE 0 END) AS t5,
                SUM(CASE WHEN y.tax_tier = 10 THEN 1 ELSE 0 END) AS t10,
                SUM(CASE WHEN y.featured_status = 'candidate' AND NOT y.is_recognised THEN 1 ELSE 0 END) AS cand,
                SUM(CASE WHEN y.featured_status = 'reserve' AND NOT y.is_recognised THEN 1 ELSE 0 END) AS res,
                {msum('y.total_tax')} AS tax_c, {msum('y.prior_total_tax')} AS prior_c,
                SUM(y.present_count) AS pres, SUM(y.registered_count) AS reg, SUM(y.registered_present_count) AS regp,
                SUM(CASE WHEN b.office_area > 0 THEN b.office_area END) AS area, SUM(CASE WHEN b.office_area > 0 THEN {money('b.office_area')} END) AS area_m,
                SUM(CASE WHEN b.office_area > 0 THEN {money('y.total_tax')} END) AS area_tax_c,
                SUM(CASE WHEN b.office_area > 0 AND y.occupancy_rate IS NOT NULL THEN y.occupancy_rate * b.office_area END) AS occ_num,
                SUM(CASE WHEN b.office_area > 0 AND y.occupancy_rate IS NOT NULL THEN b.office_area END) AS occ_den
            FROM {TBL.building_year} y JOIN {TBL.building} b ON b.id = y.building_id WHERE y.year = %s GROUP BY y.district_id
        ), o AS (
            SELECT district_id, COUNT(*) AS n FROM {TBL.building}
            WHERE office_area >= {num()} AND completion_year <= %s AND status NOT IN {NOT_BUILT} GROUP BY district_id
        ), op AS (
            SELECT district_id, COUNT(*) AS n FROM {TBL.building}
            WHERE office_area >= {num()} AND completion_year <= %s AND status NOT IN {NOT_BUILT} GROUP BY district_id
        ), nf AS (
            SELECT b.district_id, COUNT(DISTINCT r.building_id) AS n FROM {TBL.featured_recognition} r JOIN {TBL.building} b ON b.id = r.building_id
            WHERE r.status IN ('recognised', 'revoked') AND r.recognised_on >= %s AND r.recognised_on <= %s GROUP BY b.district_id
        ), fr AS (
            SELECT b.district_id, COUNT(DISTINCT r.building_id) AS n FROM {TBL.featured_recognition} r JOIN {TBL.building} b ON b.id = r.building_id
            WHERE r.recognised_on <= %s AND (r.status = 'recognised' OR (r.status = 'revoked' AND r.revoked_on > %s))
            GROUP BY b.district_id
        ), rn AS (
            SELECT b.district_id, COUNT(DISTINCT p.building_id) AS n FROM {TBL.renovation_project} p JOIN {TBL.building} b ON b.id = p.building_id
            WHERE p.status = 'completed' AND p.completion_date >= %s AND p.completion_date <= %s GROUP BY b.district_id
        ), u AS (
            SELECT district_id, {msum('total_tax')} AS tax_c FROM {TBL.unattributed_tax} WHERE year = %s GROUP BY district_id
        ), mo AS (
            SELECT COUNT(*) AS n FROM {TBL.month} WHERE year = %s
        )
        SELECT d.id, %s, mo.n, COALESCE(g.n, 0), COALESCE(o.n, 0), COALESCE(op.n, 0),
            COALESCE(g.cum, 0), {'COALESCE(g.new, 0)' if new_known else 'CAST(NULL AS INTEGER)'}, COALESCE(g.t1, 0), COALESCE(g.t5, 0), COALESCE(g.t10, 0),
            COALESCE(nf.n, 0), COALESCE(fr.n, 0), COALESCE(g.cand, 0), COALESCE(g.res, 0), COALESCE(rn.n, 0), NULL,
            {yuan('COALESCE(g.tax_c, 0)')}, {yuan('g.prior_c')},
            CASE WHEN g.prior_c > 0 THEN ROUND(g.tax_c * 1.0 / g.prior_c - 1, 6) END,
            {yuan('COALESCE(u.tax_c, 0)')}, COALESCE(g.pres, 0), COALESCE(g.reg, 0), COALESCE(g.regp, 0),
            {ratio('g.regp', 'g.reg')}, COALESCE(g.area, 0), {ratio('g.occ_num', 'g.occ_den')},
            CASE WHEN g.area > 0 THEN ROUND(g.area_tax_c * 1.0 / g.area_m, 2) END
        FROM {TBL.district} d CROSS JOIN mo
        LEFT JOIN g ON g.district_id = d.id LEFT JOIN o ON o.district_id = d.id LEFT JOIN op ON op.district_id = d.id
        LEFT JOIN nf ON nf.district_id = d.id LEFT JOIN fr ON fr.district_id = d.id LEFT JOIN rn ON rn.district_id = d.id
        LEFT JOIN u ON u.district_id = d.id
        """,
        params,
    )
    if definitions.promotion_events_known():  # else they stay unknown (NULL): 暂无数据, not 0
        _district_promotion_events(year, definitions.promotion_events(year))


def _district_promotion_events(year: int, counts: dict) -> None:
    """推介活动 come from the event register (a registered provider); a district's own events only."""
    DistrictYear.objects.filter(year=year).exclude(district_id__in=[k for k in counts if k]).update(promotion_events=0)
    for district_id, events in counts.items():
        if district_id:
            DistrictYear.objects.filter(district_id=district_id, year=year).update(promotion_events=events)


def promotion_events_refresh(years) -> None:
    """After the event register changed: the 推介活动 counts of `years` (districts and city), without a full
    compute; the compute stamp moves so cached figures are redrawn."""
    from .models import ComputeState

    touched = False
    for year in sorted(set(years)):
        if not DistrictYear.objects.filter(year=year).exists():
            continue
        counts = definitions.promotion_events(year)
        _district_promotion_events(year, counts)
        total = sum(DistrictYear.objects.filter(year=year).values_list("promotion_events", flat=True)) + counts.get(None, 0)
        CityYear.objects.filter(year=year).update(promotion_events=total)
        touched = True
    if touched:
        state = ComputeState.objects.first()
        if state is not None:
            state.save(update_fields=["computed_at"])


def _exact(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Q2)


def _sum(values) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def city_year_refresh(year: int, prior_year_has_data: bool) -> None:
    """CityYear from the districts' rows plus all 未归属 tax (exact Decimal sums in Python: ten rows)."""
    rows = list(DistrictYear.objects.filter(year=year))
    CityYear.objects.filter(year=year).delete()
    if not rows:
        return
    months = list(Month.objects.filter(year=year).order_by("period").values_list("period", "month_end"))
    unattributed = _exact(fetch(f"SELECT {yuan(msum('total_tax'))} FROM {TBL.unattributed_tax} WHERE year = %s", [year])[0][0])
    prior_ua = Decimal(0)
    if months:
        same_months = " + ".join(f"COALESCE({money(f'm{i:02d}')}, 0)" for i in range(1, months[-1][0].month + 1))
        prior_ua = _exact(fetch(f"SELECT {yuan(f'SUM({same_months})')} FROM {TBL.unattributed_tax} WHERE year = %s", [year - 1])[0][0])
    attributed = _sum(r.total_tax for r in rows)
    priors = [r.prior_total_tax for r in rows if r.prior_total_tax is not None]
    prior_total = (_sum(priors) + prior_ua).quantize(Q2) if priors else None
    total = attributed + unattributed
    registered = sum(r.registered_count for r in rows)
    occ_den = sum((r.office_area for r in rows if r.occupancy_rate is not None), Decimal(0))
    occ_num = sum((r.occupancy_rate * r.office_area for r in rows if r.occupancy_rate is not None), Decimal(0))
    counts = {f: sum(getattr(r, f) for r in rows) for f in (
        "office_buildings_10k", "office_buildings_10k_list", "cumulative_100m", "tier_1", "tier_5", "tier_10",
        "new_featured", "featured_recognised", "featured_candidates", "featured_reserves", "renovated",
        "present_count", "registered_count")}
    counts["new_100m"] = None if any(r.new_100m is None for r in rows) else sum(r.new_100m for r in rows)
    events = [r.promotion_events for r in rows]  # one district unknown: the city's count is unknown
    counts["promotion_events"] = None if None in events else sum(events) + definitions.promotion_events(year).get(None, 0)
    CityYear.objects.create(
        year=year, months=len(months), as_of=months[-1][1] if months else None, prior_year_has_data=prior_year_has_data,
        attributed_tax=attributed, unattributed_tax=unattributed, total_tax=total, prior_total_tax=prior_total,
        tax_growth=(total / prior_total - 1).quantize(Q6) if prior_total else None,
        presence_rate=(Decimal(sum(r.registered_present_count for r in rows)) / registered).quantize(Q6) if registered else None,
        occupancy_rate=(occ_num / occ_den).quantize(Q6) if occ_den else None,
        **counts,
    )
