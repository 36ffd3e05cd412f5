"""The 招商 alert rule (registered into louyu.indicators' rule list from InvestmentConfig.ready()):
空置面积与运营报告不符 — a building's listed vacant area far from its latest operation report's vacancy
(rules.vacancy_gap_is_large), flagged to its district in 预警处理 with the figures as evidence.

It reads the present listings, so it is a live rule: detected for the current alert year by the engine's
alert step, and again right after a listing, an operation report or an import of either changes
(`refresh_after_change`). When the two figures agree again, the alert no longer holds and closes itself."""
from __future__ import annotations

from decimal import Decimal

from louyu.indicators.alert_rules import AlertScope, Found, rule
from louyu.indicators.alerts import evidence_labels, redetect
from louyu.indicators.models import AlertKind

from . import selectors

evidence_labels(listed_area="登记空置面积(㎡)", reported_vacant="运营报告空置面积(㎡)", difference="差额(㎡)",
                report_period="运营报告所属期")


@rule(AlertKind.VACANCY_GAP, reads_tax=False, live=True)
def vacancy_gap(scope: AlertScope):
    for building_id, district_id, gap in selectors.vacancy_gap_rows(scope.buildings):
        yield Found(AlertKind.VACANCY_GAP, building_id, district_id, scope.jan1,
                    {**scope.base, "listed_area": _m2(gap.listed), "reported_vacant": _m2(gap.reported),
                     "difference": _m2(gap.difference), "report_period": gap.period.strftime("%Y-%m")})


def _m2(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))  # the same text whatever the database's SUM returns


def refresh_after_change(batch, affected: dict) -> None:
    """core.changes / intake.hooks callback: re-detect the rule for the buildings a change or import touched
    (`listings`: the buildings of an import of 可招商空间; an enterprise-only change moves neither figure)."""
    buildings = set(affected.get("buildings") or ()) | set(affected.get("listings") or ())
    if buildings and not affected.get("tax_only"):
        redetect([AlertKind.VACANCY_GAP], buildings)
