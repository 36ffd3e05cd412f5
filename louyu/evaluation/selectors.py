"""Reads of the evaluation: the live scores of a year under given weights, published versions, data quality,
supervision records and overdue rectifications."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from louyu.core import permissions
from louyu.geo.models import District
from louyu.indicators import selectors as indicators
from louyu.indicators.models import DistrictYear
from louyu.programme.models import AnnualTarget

from . import components, quality
from .models import Evaluation, Inspection, InspectionStatus


@dataclass
class Context:
    year: int
    facts: dict
    prior: dict
    targets: dict
    progress: list
    quality: dict


def _jsonable(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def evaluate(year: int, *, weights: dict[str, float] | None = None, today: dt.date | None = None) -> dict:
    """Every district's components (value, score, weight, contribution, source), total and rank for `year` under
    `weights` (default: the city's configuration). A year in progress is its year-to-date (the facts' months)."""
    weights = {**components.default_weights(), **(weights or {})}
    facts = {f.district_id: f for f in DistrictYear.objects.filter(year=year)}
    ctx = Context(year=year, facts=facts, prior={f.district_id: f for f in DistrictYear.objects.filter(year=year - 1)},
                  targets={t.district_id: t for t in AnnualTarget.objects.filter(year=year)},
                  progress=indicators.district_progress(year) if facts else [],
                  quality=quality.data_quality(today or dt.date.today()))
    labels = components.labels()
    parts = {code: components.COMPONENTS[code](ctx) for code in labels}
    rows = []
    for district in District.objects.filter(pk__in=facts).order_by("order"):
        items = [(code, parts[code].get(district.pk)) for code in labels]
        used = sum(weights[code] for code, p in items if p is not None and p.score is not None)
        cells, total = [], 0.0
        for code, p in items:
            has = p is not None and p.score is not None and used > 0
            contribution = round(weights[code] * p.score / used, 4) if has else None
            total += contribution or 0
            cells.append({"code": code, "label": labels[code], "weight": weights[code], "value": _jsonable(p.value) if p else None, "text": (p.text or str(p.value)) if p else "—",
                          "score": p.score if p else None, "contribution": contribution, "source": p.source if p else "无数据"})
        rows.append({"district_id": district.pk, "district": district.name, "components": cells, "total": round(total, 4)})
    rows.sort(key=lambda r: (-r["total"], r["district"]))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    months = next(iter(facts.values())).months if facts else 0
    return {"year": year, "months": months, "weights": weights, "labels": labels, "rows": rows}


def parse_weights(data) -> tuple[dict[str, float], list[str]]:
    """Weights from a form (`w_<code>`), with the problems in Chinese; missing ones keep their default."""
    weights, problems = components.default_weights(), []
    for code, label in components.labels().items():
        raw = (data.get(f"w_{code}") or "").strip()
        if not raw:
            continue
        try:
            value = float(raw)
        except ValueError:
            problems.append(f"“{label}”的权重应为数字")
            continue
        if value < 0:
            problems.append(f"“{label}”的权重不能为负数")
            continue
        weights[code] = value
    if not problems and sum(weights.values()) <= 0:
        problems.append("权重之和须大于 0")
    return weights, problems


def published(year: int | None = None) -> QuerySet:
    qs = Evaluation.objects.select_related("published_by")
    return qs.filter(year=year) if year else qs


def inspections_for(user) -> QuerySet:
    return permissions.restrict(Inspection.objects.select_related("district"), user, permissions.VIEW)


def overdue_rectifications(user, today: dt.date) -> QuerySet:
    """督查整改 past their deadline and still open (on the cockpit)."""
    return inspections_for(user).filter(status=InspectionStatus.OPEN, deadline__lt=today).order_by("deadline", "id")
