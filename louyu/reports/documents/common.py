"""Shared pieces of every report: the chapter registry, the reading context, the 附件1 table and the sentence a
report writes when a register has no rows (never a column of zeros)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

from django.conf import settings

from louyu.indicators import definitions
from louyu.indicators import selectors as engine
from louyu.reports import blocks as b
from louyu.reports import fmt
from louyu.reports import sections
from louyu.reports import selectors as sel


@dataclass
class Context:
    """What a document reads, once: the year's facts through louyu.reports.selectors."""

    year: int
    user: object = None  # None = the system publishing city-wide; else tax reads follow the user's permissions
    district: object = None  # a district report's district
    progress_cb: Callable | None = None
    extra: dict = field(default_factory=dict)

    @cached_property
    def city(self):
        return sel.city_year(self.year)

    @cached_property
    def districts(self) -> list:
        return sel.district_years(self.year)

    @cached_property
    def progress(self) -> list[dict]:
        return sel.progress(self.year)

    @cached_property
    def buildings(self) -> list:
        return list(sel.building_tax_facts(self.year, user=self.user, district=self.district))

    @cached_property
    def trend(self) -> list[dict]:
        return sel.trend(self.year, district=self.district)

    @cached_property
    def as_of(self):
        return engine.as_of()

    @cached_property
    def events_recorded(self) -> int | None:
        """Events of the year city-wide (the event register's slot); None when no app provides it."""
        return sections.section_rows("events", self.year)


@dataclass(frozen=True)
class Chapter:
    key: str
    title: str
    build: Callable[[Context], list]


class Registry:
    """An ordered list of chapters; a new chapter is one decorated function."""

    def __init__(self) -> None:
        self.chapters: list[Chapter] = []

    def chapter(self, key: str, title: str):
        def register(fn):
            self.chapters.append(Chapter(key, title, fn))
            return fn
        return register


def events_sentence(ctx: Context) -> str | None:
    """Why the 推介活动 column reads 无记录 (no event register, or no events in the year); None when it has rows."""
    if ctx.events_recorded is None:
        return sections.missing_sentence("events")
    return sections.empty_sentence("events") if not ctx.events_recorded else None


# ------------------------------------------------------------------ 附件1

def progress_table(ctx: Context, rows: list[dict], *, caption: str) -> b.Table:
    """附件1 actual / target per district and a 全市合计 row, as the engine's district_progress gives them.
    The 推介活动 column shows 无记录 while the event register has no rows."""
    no_events = not ctx.events_recorded
    columns = ["地区"] + [f"{c['label']}（实际/目标）" for c in rows[0]["columns"]]
    body = []
    for r in rows:
        cells = [r["name"]]
        for c in r["columns"]:
            actual = "无记录" if (no_events and c["column"] == "promotion_events") else fmt.count(c["actual"])
            cells.append(f"{actual} / {fmt.count(c['target'])}")
        body.append(cells)
    total = 1 if rows[-1]["district"] is None else 0
    return b.Table(columns, body, widths=[1.6] + [1.4] * (len(columns) - 1), caption=caption, total_rows=total)


def completion_rows(rows: list[dict]) -> list[list[str]]:
    return [[r["name"]] + [fmt.pct(c["completion"], 0) for c in r["columns"]] for r in rows]


# ------------------------------------------------------------------ indicator definitions (appendix)

def indicators_doc_path() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "indicators.md"


def _plain(markdown: str) -> str:
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", markdown)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return text.strip()


def indicator_sections() -> dict[str, list[str]]:
    """docs/indicators.md's '## name' sections as paragraphs (the single source of every definition)."""
    path = indicators_doc_path()
    if not path.exists():
        return {}
    sections: dict[str, list[str]] = {}
    current = None
    para: list[str] = []

    def flush():
        if current is not None and para:
            sections[current].append(_plain(" ".join(para)))
        para.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            flush()
            current = line[3:].strip()
            sections[current] = []
        elif line.startswith("#"):
            flush()
            current = None
        elif not line.strip() or line.lstrip().startswith(("|", "```")):
            flush()
        elif current is not None:
            para.append(line.strip().lstrip("-").strip() if line.lstrip().startswith("- ") else line.strip())
            if line.lstrip().startswith("- "):
                flush()
    flush()
    return sections


def indicator_appendix() -> list:
    """Every indicator of the definitions registry with its definition from docs/indicators.md."""
    sections = indicator_sections()
    out: list = []
    for ind in definitions.INDICATORS:
        out.append(b.Heading(f"{ind.name}" + (f"（{ind.unit}）" if ind.unit else ""), 2))
        paras = sections.get(ind.name) or [ind.doc]
        out += [b.Paragraph(p) for p in paras]
    return out
