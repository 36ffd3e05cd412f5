"""`louyu export mechanism-compliance --year Y --output PATH.csv`: every rule × period with its verdict and the
events it counted. UTF-8 with BOM (Excel opens the Chinese headers); plain values, never formulas."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from . import selectors

COLUMNS = ["规则", "期间", "状态", "依据"]


def export_mechanism_compliance(year: int, path, *, today: dt.date | None = None) -> int:
    rows = selectors.compliance(year, today=today)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for j in rows:
            writer.writerow([j.rule, j.period.label, j.status, _safe(j.basis)])
    return len(rows)


def _safe(text: str) -> str:
    """An event name starting with = + - @ would be a formula in Excel: quote it as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


EXPORTS = {"mechanism-compliance": export_mechanism_compliance}
