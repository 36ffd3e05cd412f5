"""Writes of 楼宇填报: an operator's monthly form becomes the month's operation report (未核实); a district
user verifies it or returns it with a comment. Both through louyu.buildings.services (audit included)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from louyu.buildings.models import Building, OperationReport
from louyu.buildings.services import operation_report_upsert
from louyu.core import permissions
from louyu.core import services as core_services
from louyu.core.models import Role, Verification

from .selectors import FORM_FIELDS


def filing_problems(values: dict[str, Any]) -> core_services.Problems:
    problems = []
    for field, label in (("moves_in", "本月迁入企业数"), ("moves_out", "本月迁出企业数"), ("vacant_units", "空置单元数"),
                         ("present_count", "入驻企业数")):
        if values.get(field) is not None and values[field] < 0:
            problems.append((field, f"{label}不能为负数"))
    return problems


@transaction.atomic
def operator_report_submit(*, building: Building, period: dt.date, data: dict[str, Any], actor,
                           today: dt.date | None = None) -> OperationReport:
    """File (or re-file, after a return) the month's report; it is 未核实 until the district verifies it."""
    day = today or timezone.localdate()
    current = OperationReport.objects.filter(building=building, period=period).first()
    if current is not None and current.verification == Verification.VERIFIED:
        raise ValidationError("本月报告已核实，如需更正请联系地区核实人员退回")
    values = {k: data.get(k) for k in FORM_FIELDS}
    core_services.raise_problems(filing_problems(values))
    values.update(submitted_on=day, verification=Verification.UNVERIFIED, review_comment="", source="运营方填报")
    report, _ = operation_report_upsert(building=building, period=period, data=values, actor=actor, note="运营方月度填报")
    return report


@transaction.atomic
def operator_report_review(*, report: OperationReport, accept: bool, comment: str = "", actor) -> OperationReport:
    """The district verifies a filed report, or returns it with a comment (存疑) for the operator to correct."""
    if actor is not None and (permissions.role_of(actor) not in (Role.CITY_ADMIN, Role.DISTRICT_EDITOR)
                              or not permissions.can(actor, permissions.CHANGE, report)):
        raise PermissionDenied("只有所属地区的核实人员可以核实或退回运营报告")
    if not accept and not comment.strip():
        raise ValidationError({"comment": "退回须填写意见，说明需要更正的内容"})
    data = {"verification": Verification.VERIFIED if accept else Verification.DOUBTFUL, "review_comment": comment.strip()}
    core_services.object_update(obj=report, data=data, actor=actor, note="核实运营报告" if accept else "退回运营报告")
    return report
