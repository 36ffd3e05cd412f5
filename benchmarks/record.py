"""docs/performance.json: one object per measured figure, so runs can be compared by machine.

Each row: {benchmark, scale, figure, unit, peer, peer_figure, ratio, command} plus extra fields (load1 = the
machine's 1-minute load average when the figure was taken, variant, data sizes). A run replaces the rows it
measured (same benchmark, scale and variant) and keeps the others, so the growth runs and `make bench` share
one file.
"""
from __future__ import annotations

import json
import math
import os
from pathlib import Path

BENCHMARKS = ("intake_tax_csv", "intake_tax_xlsx", "match_addresses", "recompute_full", "recompute_incremental",
              "page_cockpit_p95", "page_building_p95", "page_list_p95", "bluebook_year")
FIELDS = ("benchmark", "scale", "figure", "unit", "peer", "peer_figure", "ratio", "command")


def load1() -> float:
    return round(os.getloadavg()[0], 2)


def row(benchmark: str, scale: float, figure: float, unit: str, peer: str, peer_figure: float, command: str,
        **extra) -> dict:
    """One record; ratio = figure / peer_figure (the unit says whether more is better)."""
    if benchmark not in BENCHMARKS:
        raise ValueError(f"未知的基准名：{benchmark}")
    ratio = round(figure / peer_figure, 3) if peer_figure else None
    extra.setdefault("load1", load1())
    return {"benchmark": benchmark, "scale": scale, "figure": round(figure, 3), "unit": unit, "peer": peer,
            "peer_figure": round(peer_figure, 3), "ratio": ratio, "command": command, **extra}


def _key(r: dict) -> tuple:
    return r["benchmark"], float(r["scale"]), r.get("variant", "")


def merge(path: str | Path, rows: list[dict]) -> list[dict]:
    """Write `rows` into the JSON record at `path`, replacing rows with the same key; returns the whole record."""
    path = Path(path)
    current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    new_keys = {_key(r) for r in rows}
    merged = [r for r in current if _key(r) not in new_keys] + rows
    merged.sort(key=lambda r: (BENCHMARKS.index(r["benchmark"]), float(r["scale"]), r.get("variant", "")))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(merged, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return merged


def merge_new(markdown_path: str | Path, rows: list[dict]) -> list[dict]:
    """Merge one benchmark's rows into the record beside `markdown_path` as soon as they are measured (a run
    that fails later keeps them); returns `rows`."""
    merge(json_path(markdown_path), rows)
    return rows


def json_path(markdown_path: str | Path) -> Path:
    """docs/performance.md → docs/performance.json."""
    return Path(markdown_path).with_suffix(".json")


# --- growth: how a cost grows with the data -------------------------------------------------------------

GROWTH_COSTS = {  # benchmark → (what grows, how to turn the row into a cost that should grow with the data)
    "recompute_full": lambda r: r["figure"],
    "recompute_incremental": lambda r: r["figure"],
    "page_cockpit_p95": lambda r: r["figure"],
    "page_building_p95": lambda r: r["figure"],
    "page_list_p95": lambda r: r["figure"],
    "match_addresses": lambda r: r["addresses"] / r["figure"],  # seconds for all of the scale's addresses
}


def exponent(small: tuple[float, float], large: tuple[float, float]) -> float:
    """k in cost ∝ size^k between two (size, cost) points."""
    (s1, c1), (s2, c2) = small, large
    return math.log(max(c2, 1e-9) / max(c1, 1e-9)) / math.log(s2 / s1)


def verdict(k: float) -> str:
    """Linear within measurement noise (±0.15 on the exponent), below, or worse."""
    if k > 1.15:
        return "超线性（worse than linear）"
    if k >= 0.85:
        return "线性（linear）"
    return "次线性（sub-linear）"
