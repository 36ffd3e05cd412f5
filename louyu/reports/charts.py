"""Report charts drawn with matplotlib (Agg, no display) in the web pages' colours (louyu.js PALETTE, louyu.css
tier colours), with the CJK font that `make install` brings (pylopdf-fonts-zh-cn). Each function takes
figures already read from the engine and returns PNG bytes."""
from __future__ import annotations

import functools
import hashlib
import io
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")
from matplotlib import font_manager  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402

from . import fonts  # noqa: E402

# louyu/web/static/louyu/louyu.js PALETTE and louyu.css --t10/--t5/--t1, --line; the progress chart's target grey
PALETTE = ["#0b4ea2", "#f59f00", "#2f9e44", "#d9480f", "#7048e8", "#1098ad", "#c2255c", "#5c940d", "#868e96", "#e67700"]
TIER_COLOURS = {10: "#8b1a1a", 5: "#d9480f", 1: "#f59f00"}
TARGET_GREY = "#dbe4f0"
GRID = "#eeeeee"
TEXT = "#555555"
DPI = 150

_ready = False
_memo: dict[str, bytes] = {}  # one process drawing the DOCX and the PDF of the same data draws each chart once


def memoised(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        key = hashlib.sha1(repr((fn.__name__, args, sorted(kwargs.items()))).encode()).hexdigest()
        if key not in _memo:
            if len(_memo) > 64:
                _memo.clear()
            _memo[key] = fn(*args, **kwargs)
        return _memo[key]
    return wrapper


def _setup() -> None:
    global _ready
    if _ready:
        return
    path = fonts.sans_otf()
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    plt.rcParams.update({
        "font.family": name, "axes.unicode_minus": False, "font.size": 9,
        "axes.edgecolor": "#cccccc", "axes.labelcolor": TEXT, "xtick.color": TEXT, "ytick.color": TEXT,
        "axes.spines.top": False, "axes.spines.right": False,
    })
    _ready = True


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _f(v) -> float:
    return float(v) if v is not None else 0.0


@memoised
def tax_trend(rows: list[dict], year: int, *, size=(7.0, 3.0)) -> bytes:
    """Monthly attributed tax (亿元) of `year` against the year before (tax_trend rows)."""
    _setup()
    fig, ax = plt.subplots(figsize=size)
    months = [r["month"] for r in rows]
    x = range(len(months))
    cur = [_f(r["tax"]) / 1e8 if r["tax"] is not None else None for r in rows]
    pri = [_f(r["prior_tax"]) / 1e8 if r["prior_tax"] is not None else None for r in rows]
    w = 0.38
    ax.bar([i - w / 2 for i in x], [v or 0 for v in pri], width=w, color=PALETTE[1], label=f"{year - 1} 年")
    ax.bar([i + w / 2 for i in x], [v or 0 for v in cur], width=w, color=PALETTE[0], label=f"{year} 年")
    ax.set_xticks(list(x), [f"{m}月" for m in months])
    ax.set_ylabel("亿元")
    ax.grid(axis="y", color=GRID)
    ax.set_axisbelow(True)
    ax.legend(frameon=False, ncol=2, loc="upper left")
    return _png(fig)


@memoised
def tiers_by_district(names: list[str], tiers: list[dict], *, size=(7.0, 3.2)) -> bytes:
    """Stacked 亿元楼宇 counts per district by tier (tiers: [{1: n, 5: n, 10: n}] in `names` order)."""
    _setup()
    fig, ax = plt.subplots(figsize=size)
    bottom = [0] * len(names)
    for tier, label in ((1, "1亿元级"), (5, "5亿元级"), (10, "10亿元级")):
        values = [t.get(tier, 0) for t in tiers]
        ax.bar(names, values, bottom=bottom, color=TIER_COLOURS[tier], label=label, width=0.6)
        bottom = [b + v for b, v in zip(bottom, values)]
    for i, total in enumerate(bottom):
        ax.text(i, total, str(total), ha="center", va="bottom", fontsize=8, color=TEXT)
    ax.set_ylabel("幢")
    ax.grid(axis="y", color=GRID)
    ax.set_axisbelow(True)
    ax.legend(frameon=False, ncol=3, loc="upper left")
    plt.setp(ax.get_xticklabels(), rotation=30, ha="right")
    return _png(fig)


@memoised
def industry_mix(items: list[tuple[str, Decimal]], *, size=(6.0, 3.4)) -> bytes:
    """Donut of tax shares by industry (label, value); small slices gathered into 其他."""
    _setup()
    items = sorted(((k, _f(v)) for k, v in items if v and v > 0), key=lambda kv: -kv[1])
    total = sum(v for _, v in items) or 1.0
    head = [(k, v) for k, v in items if v / total >= 0.03][:8]
    rest = total - sum(v for _, v in head)
    if rest > 0:
        head.append(("其他", rest))
    fig, ax = plt.subplots(figsize=size)
    wedges, _ = ax.pie([v for _, v in head], colors=PALETTE[: len(head)], startangle=90, counterclock=False,
                       wedgeprops={"width": 0.42, "edgecolor": "white"})
    ax.legend(wedges, [f"{k} {v / total * 100:.1f}%" for k, v in head], loc="center left", bbox_to_anchor=(1.0, 0.5),
              frameon=False)
    ax.set_aspect("equal")
    return _png(fig)


@memoised
def completion(names: list[str], actual: list, target: list, *, unit: str = "幢", size=(7.0, 3.2)) -> bytes:
    """Actual against target per district (the progress chart of the cockpit: target bar grey behind)."""
    _setup()
    fig, ax = plt.subplots(figsize=size)
    y = list(range(len(names)))
    ax.barh(y, [_f(t) for t in target], color=TARGET_GREY, height=0.6, label="目标")
    ax.barh(y, [_f(a) for a in actual], color=PALETTE[0], height=0.35, label="实际")
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.set_xlabel(unit)
    ax.grid(axis="x", color=GRID)
    ax.set_axisbelow(True)
    ax.legend(frameon=False, ncol=2, loc="lower right")
    return _png(fig)


@memoised
def district_bars(labels: list[str], values: list, *, unit: str, colour: str = PALETTE[0], size=(5.0, 2.2)) -> bytes:
    """A small bar chart (one district's buildings or months)."""
    _setup()
    fig, ax = plt.subplots(figsize=size)
    ax.bar(labels, [_f(v) for v in values], color=colour, width=0.6)
    ax.set_ylabel(unit)
    ax.grid(axis="y", color=GRID)
    ax.set_axisbelow(True)
    plt.setp(ax.get_xticklabels(), rotation=30, ha="right", fontsize=7)
    return _png(fig)
