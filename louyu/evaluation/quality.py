"""★ Data quality per district — the district's to-do list and the 数据及时性与完整性 component of the evaluation.

Counted from the registers as they are (no facts needed): buildings lacking coordinates or office area,
enterprises whose address is unmatched or awaiting review, key buildings without a recent operation report,
and how long ago the district's registers last changed."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q

from louyu.buildings.models import Building, OperationReport
from louyu.geo.models import District

REPORT_MONTHS = 3  # a key building reports its operation at least once a quarter


@dataclass
class Quality:
    district: District
    buildings: int = 0
    no_coordinates: int = 0
    no_area: int = 0
    matches: int = 0
    unresolved_matches: int = 0
    key_buildings: int = 0
    late_reports: int = 0
    last_change: dt.datetime | None = None
    todo: list = field(default_factory=list)

    @property
    def ratios(self) -> list[float]:
        """The shares that make the score: complete coordinates, complete areas, resolved addresses, reports on time."""
        out = []
        if self.buildings:
            out += [1 - self.no_coordinates / self.buildings, 1 - self.no_area / self.buildings]
        if self.matches:
            out.append(1 - self.unresolved_matches / self.matches)
        if self.key_buildings:
            out.append(1 - self.late_reports / self.key_buildings)
        return out

    @property
    def score(self) -> float | None:
        ratios = self.ratios
        return round(100 * sum(ratios) / len(ratios), 2) if ratios else None


def _unresolved_matches() -> dict:
    try:
        from louyu.matching.models import AddressMatch
    except ImportError:  # pragma: no cover - the matcher ships with the platform
        return {}
    rows = AddressMatch.objects.values("district_id").annotate(
        n=Count("id"), open=Count("id", filter=Q(status__in=["review", "none"])))
    return {r["district_id"]: (r["n"], r["open"]) for r in rows}


def data_quality(today: dt.date) -> dict[int, Quality]:
    """Per district id: the counts, the score and the to-do list (as of `today`)."""
    since = (today.replace(day=1) - dt.timedelta(days=31 * (REPORT_MONTHS - 1))).replace(day=1)
    buildings = Building.objects.exclude(status__in=["planned", "under_construction"]).values("district_id").annotate(
        n=Count("id"), no_xy=Count("id", filter=Q(longitude__isnull=True) | Q(latitude__isnull=True)),
        no_area=Count("id", filter=Q(office_area__isnull=True) | Q(office_area=0)),
        key=Count("id", filter=Q(is_key=True)), changed=Max("updated_at"))
    reported = set(OperationReport.objects.filter(period__gte=since).values_list("building_id", flat=True))
    late = Building.objects.filter(is_key=True).exclude(status__in=["planned", "under_construction"]).exclude(pk__in=reported)
    late_counts = dict(late.values("district_id").annotate(n=Count("id")).values_list("district_id", "n"))
    matches = _unresolved_matches()
    out = {}
    for d in District.objects.order_by("order"):
        q = Quality(district=d)
        row = next((r for r in buildings if r["district_id"] == d.pk), None)
        if row:
            q.buildings, q.no_coordinates, q.no_area = row["n"], row["no_xy"], row["no_area"]
            q.key_buildings, q.last_change = row["key"], row["changed"]
        q.matches, q.unresolved_matches = matches.get(d.pk, (0, 0))
        q.late_reports = late_counts.get(d.pk, 0)
        q.todo = [(label, n) for label, n in (
            ("楼宇缺少坐标", q.no_coordinates), ("楼宇缺少商务办公面积", q.no_area),
            ("企业地址未匹配或待复核", q.unresolved_matches),
            (f"重点楼宇近 {REPORT_MONTHS} 个月未报送运营数据", q.late_reports)) if n]
        out[d.pk] = q
    return out
