"""The main run and the growth run of `louyu bench`, and the growth section rebuilt from docs/performance.json."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from . import common, record, suite

SECTION = "## 增长 (growth)"
BLUEBOOK_SECTION = "## 蓝皮书 (blue book)"
MAIN_COMMAND = "make bench（louyu bench --output docs/performance.md；×10 基准库 louyu_bench_x10 生成一次后缓存复用）"
GROWTH_COMMAND = "make bench-growth（louyu bench --growth；各规模基准库 louyu_bench_xK 生成一次后缓存复用）"


def _matching(scale: float, *, brute_sample: int, scorers=None):
    from .matching import BRUTE_SCORERS, run_bench

    return run_bench(None, int(suite.MATCH_BUILDINGS * scale), int(suite.MATCH_ADDRESSES * scale), brute_sample,
                     scorers=scorers or BRUTE_SCORERS, log=lambda *_: None)


def _fastest_scorer():
    """rapidfuzz's `ratio`: the fastest brute-force scorer in every matching run so far (the peer of the growth rows)."""
    from .matching import BRUTE_SCORERS

    return BRUTE_SCORERS[:1]


def run_main(output: str, names: list[str], log=print) -> list[dict]:
    """`make bench`: every benchmark once, at ×10 (the blue book on the demo year)."""
    from .bluebook import run_bluebook_bench
    from .indicators import run_indicator_bench
    from .intake import run_intake_bench
    from .matching import SECTION_TITLE, render_markdown
    from .pages import run_page_bench

    rows: list[dict] = []
    if "match" in names:
        report = suite.timed(log, "match", lambda: _matching(suite.MAIN_SCALE, brute_sample=500))
        common.write_section(output, SECTION_TITLE, render_markdown(report, "louyu bench --only match"))
        rows += record.merge_new(output, suite.match_rows(report, suite.MAIN_SCALE, MAIN_COMMAND))
    if "intake" in names:
        figures = suite.timed(log, "intake", lambda: run_intake_bench(output, log=log))
        rows += record.merge_new(output, suite.intake_rows(figures, MAIN_COMMAND))
    if "indicators" in names:
        results = suite.timed(log, "indicators", lambda: run_indicator_bench(output, scale=suite.MAIN_SCALE))
        rows += record.merge_new(output, [r for res in results if res["data"] == "demo" for r in suite.indicator_rows(res, MAIN_COMMAND)])
    if "pages" in names:
        figures = suite.timed(log, "pages", lambda: run_page_bench(output, scale=suite.MAIN_SCALE))
        rows += record.merge_new(output, suite.page_rows(figures, MAIN_COMMAND))
    if "bluebook" in names:
        figures = suite.timed(log, "bluebook", run_bluebook_bench)
        common.write_section(output, BLUEBOOK_SECTION, render_bluebook(figures))
        rows += record.merge_new(output, suite.bluebook_rows(figures, MAIN_COMMAND))
    everything = record.merge(record.json_path(output), [])
    common.write_section(output, SECTION, render(everything))
    return rows


def run_growth(output: str, scales: list[float], *, spark: bool = False, explain: bool = True, log=print,
               names=("indicators", "pages", "match")) -> list[dict]:
    """`make bench-growth`: recompute, pages and matching (or those of `names`) at each scale; EXPLAIN at the largest."""
    from .indicators import run_indicator_bench
    from .pages import run_page_bench

    rows: list[dict] = []
    path = _details_path(output)
    details: dict = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for scale in scales:
        if "indicators" in names:
            runs = 3 if scale <= 10 else 2
            results = suite.timed(log, f"indicators ×{scale:g}", lambda: run_indicator_bench(
                output, scale=scale, runs=runs, spark=spark and scale == suite.MAIN_SCALE, write=False))
            rows += suite.indicator_rows(results[0], GROWTH_COMMAND)
            _replace(details, "indicators", _slim(results[0]))
        if "pages" in names:
            figures = suite.timed(log, f"pages ×{scale:g}", lambda: run_page_bench(output, scale=scale, write=False))
            rows += suite.page_rows(figures, GROWTH_COMMAND)
            _replace(details, "pages", {"scale": scale, "rows": figures["load"]["rows"], "data": figures["data"],
                                        "rps": figures["load"]["rps"], "errors": figures["load"]["error_count"]})
        if "match" in names:
            report = suite.timed(log, f"match ×{scale:g}", lambda: _matching(scale, brute_sample=300, scorers=_fastest_scorer()))
            rows += suite.match_rows(report, scale, GROWTH_COMMAND)
        record.merge(record.json_path(output), rows)  # kept as it goes: a long run interrupted keeps what it measured
        path.write_text(json.dumps(details, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    everything = record.merge(record.json_path(output), rows)
    common.write_section(output, SECTION, render(everything))
    if explain:
        from .explain import run_explain

        suite.timed(log, f"explain ×{scales[-1]:g}", lambda: run_explain(output, scales[-1]))
    return rows


def _replace(details: dict, kind: str, entry: dict) -> None:
    """Put a scale's details of one benchmark in place of the same scale's earlier ones."""
    details[kind] = sorted([d for d in details.get(kind, []) if d["scale"] != entry["scale"]] + [entry], key=lambda d: d["scale"])


def _details_path(output: str) -> Path:
    return Path(output).with_name("performance-growth.json")


def _slim(r: dict) -> dict:
    keep = ("scale", "counts", "full_cold_s", "full_runs_s", "full_median_s", "incremental_s", "incremental_runs_s",
            "full_steps", "incremental_steps", "incremental_equals_full", "load", "export_s", "duckdb", "spark")
    return {k: r[k] for k in keep if k in r}


def render_bluebook(f: dict) -> str:
    s, cpu = f["seconds"], f["cpu_seconds"]
    names = {"docx": "蓝皮书 DOCX", "pdf": "蓝皮书 PDF（字体子集已缓存）", "pdf_cold_font_cache": "蓝皮书 PDF（首次运行，无字体缓存）",
             "briefing_pdf": "月度简报 PDF", "district_report_pdf": "地区报告 PDF（工业园区）"}
    lines = [BLUEBOOK_SECTION, "",
             f"测得于 {time.strftime('%Y-%m-%d %H:%M')}，{f['machine']}。`louyu bluebook --year {f['year']}` 等命令各在新进程中端到端运行"
             "（启动 Django、读取指标引擎已存的结果、画图、排版、写文件），演示数据（SQLite，`louyu demo-data` ×1 + `louyu compute`）"
             "生成一次后缓存在 var/bench-bluebook/。目标（议题 15）：DOCX、PDF 各 ≤ 30 秒。", "",
             "| 文件 | 墙钟秒 | CPU 秒 | 目标 ≤ 30 秒 |", "|---|---:|---:|---|"]
    for key, name in names.items():
        lines.append(f"| {name} | {s[key]:.1f} | {cpu[key]:.1f} | {'达到' if s[key] <= f['target_seconds'] else '未达到'} |")
    lines += ["", "复现：`louyu bench --only bluebook` 或 `.venv/bin/python -m benchmarks.bluebook`。", ""]
    return "\n".join(lines)


# --- the growth section -------------------------------------------------------------------------------

NAMES = {"recompute_full": "全量重算（日常）", "recompute_incremental": "增量重算（导入一个月后）",
         "page_cockpit_p95": "驾驶舱服务器 p95", "page_building_p95": "楼宇画像服务器 p95", "page_list_p95": "名录页服务器 p95（最慢的名录）",
         "match_addresses": "地址匹配（全部地址的 CPU 秒）"}


def _figure(r: dict) -> str:
    if r["benchmark"] == "match_addresses":
        return f"{record.GROWTH_COSTS['match_addresses'](r):.2f} 秒（{r['addresses']:,} 条 / {r['buildings']:,} 幢）"
    unit = "ms" if r["benchmark"].startswith("page_") else "秒"
    return f"{r['figure']:,.2f} {unit}"


def _sizes(recomputes: dict) -> str:
    """The data each scale measured, from its recompute rows: ×10：90,752 家企业、4,949,049 条税收."""
    return "；".join(f"×{s:g}：{r['enterprises']:,} 家企业、{r['tax_rows']:,} 条税收" for s, r in sorted(recomputes.items())
                    if "enterprises" in r and "tax_rows" in r) or "各规模的数据量见 docs/performance.json"


def render(rows: list[dict]) -> str:
    """Each cost at every measured scale, and how it grows between consecutive scales."""
    by = {}
    for r in rows:
        if r["benchmark"] in NAMES:
            by.setdefault(r["benchmark"], {})[float(r["scale"])] = r
    scales = sorted({s for v in by.values() for s in v})
    lines = [SECTION, "",
             "同一台 2 核机器（负载见括号）上，按数据规模测量的成本。规模 ×K = `louyu demo-data --seed 2023 --scale K`"
             f"（{_sizes(by.get('recompute_full', {}))}；×10 是苏州，×100 是一个省的上限，docs/scale.md）；地址匹配在 ×K 上用 "
             f"{suite.MATCH_BUILDINGS:,}·K 幢合成楼宇、{suite.MATCH_ADDRESSES:,}·K 条地址。增长指数 k：成本 ∝ 规模^k，"
             "在相邻两个规模之间计算；k 在 0.85–1.15 之间记为线性，以下为次线性，以上为超线性。数据来自 docs/performance.json。", ""]
    if not scales:
        return "\n".join(lines + ["（尚未运行增长测量：`make bench-growth`。）", ""])
    head = "| 成本 | " + " | ".join(f"×{s:g}" for s in scales) + " | 增长 |"
    lines += [head, "|---|" + "---:|" * len(scales) + "---|"]
    for name, label in NAMES.items():
        points = by.get(name, {})
        cells = [f"{_figure(points[s])}（负载 {points[s].get('load1', '—')}）" if s in points else "—" for s in scales]
        measured = sorted(points)
        growth = []
        for a, b in zip(measured, measured[1:]):
            cost = record.GROWTH_COSTS[name]
            k = record.exponent((a, cost(points[a])), (b, cost(points[b])))
            growth.append(f"×{a:g}→×{b:g}: k = {k:.2f}，{record.verdict(k)}")
        lines.append(f"| {label} | " + " | ".join(cells) + " | " + ("；".join(growth) or "—") + " |")
    lines += ["", "页面一行是服务器 p95（gunicorn 记录的处理时间，不含排队），20 个并发客户端、2 个同步工作进程、30 秒；"
              "目标 ≤ 100 ms 与规模无关，所以页面成本应次线性（基本不随规模变）。", ""]
    return "\n".join(lines)


if __name__ == "__main__":  # rebuild the growth section from the JSON record
    out = os.environ.get("LOUYU_BENCH_OUTPUT", "docs/performance.md")
    common.write_section(out, SECTION, render(json.loads(record.json_path(out).read_text(encoding="utf-8"))))
