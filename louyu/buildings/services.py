"""Writes to the building registers, shared by the web forms, the API and the intake.

Each `<noun>_problems(values)` states the rules a row must meet in Chinese (the same list the import
reports per row); each write service checks them, then writes and audits through louyu.core.services.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from louyu.core import services as core_services

from .models import Building, NewBuildingProject, OperationReport, RenovationProject, RenovationStatus

Problems = core_services.Problems


def _nonneg(values: dict, fields: dict[str, str]) -> Problems:
    return [(f, f"{label}不能为负数") for f, label in fields.items() if values.get(f) is not None and values[f] < 0]


def building_problems(values: dict[str, Any]) -> Problems:
    problems = _nonneg(values, {"gross_area": "建筑面积", "office_area": "商务办公面积"})
    lon, lat = values.get("longitude"), values.get("latitude")
    if lon is not None and not -180 <= lon <= 180:
        problems.append(("longitude", "经度应在 -180 到 180 之间"))
    if lat is not None and not -90 <= lat <= 90:
        problems.append(("latitude", "纬度应在 -90 到 90 之间"))
    year = values.get("completion_year")
    if year is not None and not 1900 <= year <= 2100:
        problems.append(("completion_year", "竣工年份应在1900–2100之间"))
    return problems


def building_warnings(values: dict[str, Any]) -> Problems:
    """Suspicious but possible values: reported, not refused."""
    gross, office = values.get("gross_area"), values.get("office_area")
    if gross is not None and office is not None and office > gross:
        return [("office_area", "商务办公面积大于建筑面积，请核实")]
    return []


@transaction.atomic
def building_create(*, data: dict[str, Any], actor, batch=None, note: str = "") -> Building:
    core_services.raise_problems(building_problems(data))
    return core_services.object_create(model=Building, data=data, actor=actor, batch=batch, note=note)


@transaction.atomic
def building_update(*, building: Building, data: dict[str, Any], actor, batch=None, note: str = "") -> Building:
    core_services.raise_problems(building_problems({**core_services.current_values(building), **data}))
    core_services.object_update(obj=building, data=data, actor=actor, batch=batch, note=note)
    return building


# --- 新建楼宇项目 ------------------------------------------------------------------------------------


def new_building_project_problems(values: dict[str, Any]) -> Problems:
    problems = _nonneg(values, {"planned_area": "计划建筑面积", "planned_office_area": "计划商务办公面积", "total_investment": "总投资"})
    start, end = values.get("start_date"), values.get("expected_completion")
    if start and end and end < start:
        problems.append(("expected_completion", "预计竣工日期不能早于开工日期"))
    percent = values.get("progress_percent")
    if percent is not None and not 0 <= percent <= 100:
        problems.append(("progress_percent", "形象进度应在0–100之间"))
    return problems


@transaction.atomic
def new_building_project_create(*, data: dict[str, Any], actor, batch=None, note: str = "") -> NewBuildingProject:
    core_services.raise_problems(new_building_project_problems(data))
    return core_services.object_create(model=NewBuildingProject, data=data, actor=actor, batch=batch, note=note)


@transaction.atomic
def new_building_project_update(*, new_building_project: NewBuildingProject, data: dict[str, Any], actor, batch=None,
                                note: str = "") -> NewBuildingProject:
    core_services.raise_problems(new_building_project_problems({**core_services.current_values(new_building_project), **data}))
    core_services.object_update(obj=new_building_project, data=data, actor=actor, batch=batch, note=note)
    return new_building_project


# --- 存量楼宇改造提升 --------------------------------------------------------------------------------


def renovation_project_problems(values: dict[str, Any]) -> Problems:
    problems = _nonneg(values, {"investment": "投资"})
    start, end = values.get("start_date"), values.get("completion_date")
    if start and end and end < start:
        problems.append(("completion_date", "完工日期不能早于开工日期"))
    if values.get("status") == RenovationStatus.COMPLETED and not end:
        problems.append(("completion_date", "状态为“已完工”时必须填写完工日期"))
    return problems


@transaction.atomic
def renovation_project_create(*, data: dict[str, Any], actor, batch=None, note: str = "") -> RenovationProject:
    core_services.raise_problems(renovation_project_problems(data))
    return core_services.object_create(model=RenovationProject, data=data, actor=actor, batch=batch, note=note)


@transaction.atomic
def renovation_project_update(*, renovation_project: RenovationProject, data: dict[str, Any], actor, batch=None,
                              note: str = "") -> RenovationProject:
    core_services.raise_problems(renovation_project_problems({**core_services.current_values(renovation_project), **data}))
    core_services.object_update(obj=renovation_project, data=data, actor=actor, batch=batch, note=note)
    return renovation_project


# --- 楼宇运营 ------------------------------------------------------------------------------------------


def operation_report_problems(values: dict[str, Any], *, today: dt.date | None = None) -> Problems:
    problems = _nonneg(values, {"leasable_area": "可租面积", "leased_area": "已租面积", "average_rent": "平均租金"})
    leasable, leased = values.get("leasable_area"), values.get("leased_area")
    if leasable is not None and leased is not None and leased > leasable:
        problems.append(("leased_area", f"已租面积（{leased}）不能大于可租面积（{leasable}）"))
    period = values.get("period")
    if period is not None:
        if period.day != 1:
            problems.append(("period", "所属期应为某月的第一天"))
        if period > (today or timezone.localdate()).replace(day=1):
            problems.append(("period", "所属期不能晚于本月"))
    return problems


@transaction.atomic
def operation_report_create(*, data: dict[str, Any], actor, batch=None, note: str = "") -> OperationReport:
    core_services.raise_problems(operation_report_problems(data))
    return core_services.object_create(model=OperationReport, data=data, actor=actor, batch=batch, note=note)


@transaction.atomic
def operation_report_update(*, operation_report: OperationReport, data: dict[str, Any], actor, batch=None,
                            note: str = "") -> OperationReport:
    core_services.raise_problems(operation_report_problems({**core_services.current_values(operation_report), **data}))
    core_services.object_update(obj=operation_report, data=data, actor=actor, batch=batch, note=note)
    return operation_report


@transaction.atomic
def operation_report_upsert(*, building: Building, period: dt.date, data: dict[str, Any], actor, batch=None,
                            note: str = "") -> tuple[OperationReport, str]:
    """Create or update the building's report for the month; returns (report, "create"|"update"|"unchanged")."""
    current = OperationReport.objects.filter(building=building, period=period).first()
    if current is None:
        return operation_report_create(data={**data, "building": building, "period": period}, actor=actor, batch=batch, note=note), "create"
    before = {k: getattr(current, k) for k in data}
    operation_report_update(operation_report=current, data=data, actor=actor, batch=batch, note=note)
    return current, ("update" if any(before[k] != getattr(current, k) for k in data) else "unchanged")
