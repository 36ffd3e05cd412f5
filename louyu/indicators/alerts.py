"""Alert detection (三(二) 跟踪监测): every rule of louyu.indicators.alert_rules (one set-wise query per
kind over the facts), then an upsert that keeps each alert's status and note. An alert whose condition no
longer holds is kept but marked inactive.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from louyu.core import permissions

from .alert_rules import RULES, AlertScope, current_year
from .models import Alert

# Display labels of the evidence keys (the keys are identifiers; users see these).
EVIDENCE_LABELS = {
    "year": "年度", "as_of": "截至", "tax": "本期税收(元)", "prior_tax": "上年同期税收(元)", "growth": "同比",
    "months": "已计月数", "rank": "纳税排名", "window_tax": "近两年归属税收(元)", "move_out": "迁出日期",
    "tenancy": "入驻记录", "moved_to": "迁入楼宇", "rate": "本期入驻率", "prior_rate": "上季度末入驻率",
    "prior_period": "对比所属期", "source": "入驻率来源", "pace": "全年预计税收(元)", "threshold": "亿元楼宇标准(元)",
    "move_in": "入驻日期", "area": "面积(㎡)", "enterprise_tax": "企业本年税收(元)", "registered_in": "注册所在楼宇",
    "last_tax_period": "最近有税收的所属期", "window": "观察期（月）",
}


def evidence_labels(**labels: str) -> None:
    """Register the display labels of a registered rule's evidence keys (from the app that owns the rule)."""
    EVIDENCE_LABELS.update(labels)


def _s(value):
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def detect(year: int, horizon: dt.date, buildings=None, *, tax_only: bool = False, only=None) -> int:
    """Run every alert rule for `year` (as of its last computed month) and upsert; returns how many hold.
    `tax_only`: only tax rows changed since the last detection, so the rules that read no tax are skipped and
    their alerts kept. `only`: run just these kinds and keep the others' alerts as they are. Live rules
    (present state) find nothing outside the current alert year, so their alerts of an earlier year close."""
    scope = AlertScope(year=year, horizon=horizon, buildings=buildings)
    live_year = current_year(horizon, timezone.localdate())
    skipped = {r.kind for r in RULES if (tax_only and not r.reads_tax) or (only is not None and r.kind not in only)}
    found: dict[tuple, tuple] = {}
    for alert_rule in RULES:
        if alert_rule.kind in skipped or (alert_rule.live and year != live_year):
            continue
        for kind, building_id, district_id, period, evidence, enterprise_id in alert_rule.find(scope):
            key = (str(kind), building_id, enterprise_id or 0, period)
            if key not in found:
                found[key] = (district_id, enterprise_id, {k: _s(v) for k, v in evidence.items()})
    return _upsert(year, buildings, found, kept=sorted(skipped))


def redetect(kinds, buildings=None) -> int:
    """Detect only the live `kinds` now, for some buildings (None: all) — called after a change of their inputs
    (a listing, an operation report, a request, a tax import) by the app that registered the rule. Their
    alerts of earlier years, when the horizon moved on, no longer hold."""
    from .engine import data_horizon  # the engine imports this module

    horizon = data_horizon()
    today = timezone.localdate()
    year = current_year(horizon, today)
    kinds = [str(k) for k in kinds]
    earlier = Alert.objects.filter(kind__in=kinds, active=True).exclude(year=year)
    if buildings is not None:
        buildings = set(buildings)
        earlier = earlier.filter(building_id__in=buildings)
    earlier.update(active=False)
    return detect(year, horizon or today.replace(day=1), buildings, only=kinds)


def _upsert(year: int, buildings, found: dict[tuple, tuple], kept=()) -> int:
    """Write only what changed: new alerts, changed evidence, and alerts that no longer hold (kept, inactive,
    with their status and note). Alerts of the `kept` kinds were not detected again and stay as they are."""
    existing = Alert.objects.filter(year=year)
    if buildings is not None:
        existing = existing.filter(building_id__in=list(buildings))
    holding = existing.filter(kind__in=kept, active=True).count() if kept else 0
    existing = existing.exclude(kind__in=kept) if kept else existing
    current = {(k, b, s, p): (pk, ev, act, d) for pk, k, b, s, p, ev, act, d in
               existing.values_list("pk", "kind", "building_id", "subject", "period", "evidence", "active", "district_id")}
    new, changed = [], []
    for (kind, building_id, subject, period), (district_id, enterprise_id, evidence) in found.items():
        old = current.get((kind, building_id, subject, period))
        if old is None:
            new.append(Alert(kind=kind, building_id=building_id, district_id=district_id, enterprise_id=enterprise_id,
                             subject=subject, period=period, year=year, evidence=evidence))
        elif old[1] != evidence or not old[2] or old[3] != district_id:
            changed.append(Alert(pk=old[0], evidence=evidence, active=True, district_id=district_id))
    Alert.objects.bulk_create(new, batch_size=1000)
    Alert.objects.bulk_update(changed, ["evidence", "active", "district"], batch_size=500)
    stale = [pk for key, (pk, _ev, active, _d) in current.items() if active and key not in found]
    for start in range(0, len(stale), 900):
        Alert.objects.filter(pk__in=stale[start:start + 900]).update(active=False)
    return len(found) + holding


# The evidence keys that are tax, by sensitivity class: a building's figures (a tax fall, a 亿元楼宇 at risk) and
# an enterprise's (a top taxpayer's rank and tax, when it last paid). Other keys (dates, rates, areas) are
# monitoring data like the alert itself.
EVIDENCE_CLASSES = {
    "tax": permissions.BUILDING_TAX, "prior_tax": permissions.BUILDING_TAX, "growth": permissions.BUILDING_TAX,
    "pace": permissions.BUILDING_TAX,
    "rank": permissions.ENTERPRISE_TAX, "window_tax": permissions.ENTERPRISE_TAX, "enterprise_tax": permissions.ENTERPRISE_TAX,
    "last_tax_period": permissions.ENTERPRISE_TAX,
}


def evidence_for(user, alert: Alert) -> dict:
    """The alert's evidence as `user` may read it: without the tax of a class the user does not see on this
    alert's row (an operator: the tenants' tax; a department without building tax: the building's)."""
    return permissions.redact(user, alert, alert.evidence, EVIDENCE_CLASSES)


def evidence_lines(alert: Alert, *, user) -> list[tuple[str, str]]:
    """The evidence `user` may read, as (中文标签, value) pairs for pages and exports."""
    order = {key: i for i, key in enumerate(EVIDENCE_LABELS)}  # PostgreSQL's jsonb does not keep key order
    items = sorted(evidence_for(user, alert).items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    return [(EVIDENCE_LABELS.get(k, k), "" if v is None else str(v)) for k, v in items]

