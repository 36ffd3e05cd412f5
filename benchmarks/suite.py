"""The whole benchmark run behind `louyu bench` (`make bench`) and `louyu bench --growth` (`make bench-growth`):
each benchmark writes its section of docs/performance.md and its rows of docs/performance.json (record.py).

Main run: matching, intake, indicators and pages on the city ×10 data, the blue book on the demo year.
Growth run: indicators, pages and matching at each scale (default ×1, ×10, ×100), then the query plans at the
largest scale; the growth section is rebuilt from the JSON record after either run.
"""
from __future__ import annotations

import time

from . import record

MAIN_SCALE = 10.0
MATCH_BUILDINGS, MATCH_ADDRESSES = 500, 10_000  # per ×1: ×10 is the matching benchmark's 5,000 / 100,000
LIST_PAGES = ("楼宇名录", "楼宇名录（筛选+排序）", "企业名录")
PAGE_ROWS = {"page_cockpit_p95": ("全市驾驶舱",), "page_building_p95": ("楼宇画像",), "page_list_p95": LIST_PAGES}
PAGE_TARGET_MS = 100.0


def _cmd(base: str, scale: float | None = None) -> str:
    return base if scale is None else f"{base} --scales {scale:g}"


def match_rows(report, scale: float, command: str) -> list[dict]:
    fastest = max(report.brute, key=lambda b: b.rate)
    return [record.row("match_addresses", scale, report.engine_rate, "条/秒（单核 CPU 时间，越大越好）",
                       f"暴力 rapidfuzz `{fastest.scorer}`（最快的暴力打分器，extractOne 遍历全部楼宇，样本外推）", fastest.rate,
                       command, buildings=report.buildings, addresses=report.addresses, engine_f1=round(report.engine_quality.f1, 4),
                       peer_f1=round(fastest.quality.f1, 4))]


def indicator_rows(r: dict, command: str) -> list[dict]:
    duck = r["duckdb"]
    size = {"tax_rows": r["counts"]["tax"], "enterprises": r["counts"]["enterprises"], "database": r["database"]}
    peer = ("DuckDB 计算同样的归属与楼宇事实（企业-楼宇-年度、未归属、楼宇月度、楼宇年度），同一份数据，"
            f"结果{'逐行一致' if duck['equal'] else '不一致'}")
    rows = [record.row("recompute_full", r["scale"], r["full_median_s"], "秒（日常全量重算，中位数）", peer, duck["compute_s"],
                       command, load1=r["load"][1], cold_s=round(r["full_cold_s"], 2), peer_equal=duck["equal"], **size),
            record.row("recompute_incremental", r["scale"], r["incremental_s"], "秒（导入一个月税收后的刷新，中位数）",
                       "同一数据的日常全量重算", r["full_median_s"], command, load1=r["load"][1],
                       equals_full=r["incremental_equals_full"], **size)]
    spark = r.get("spark")
    if spark and not spark.get("error"):
        rows[0]["spark_s"], rows[0]["spark_equal"] = round(spark["compute_s"], 2), spark["equal"]
    return rows


def page_rows(f: dict, command: str) -> list[dict]:
    by_page = {row["page"]: row for row in f["load"]["rows"]}
    out = []
    for name, pages in PAGE_ROWS.items():
        worst = max(pages, key=lambda p: by_page[p]["server_p95"])
        out.append(record.row(name, f["scale"], by_page[worst]["server_p95"], "毫秒（服务器 p95，20 个并发客户端）",
                              "目标：服务器 p95 ≤ 100 ms", PAGE_TARGET_MS, command, load1=float(f["loadavg"].split(" / ")[0]),
                              page=worst, requests=by_page[worst]["requests"], client_p95=round(by_page[worst]["client_p95"], 1),
                              tax_rows=f["data"]["tax"], enterprises=f["data"]["enterprises"], errors=f["load"].get("error_count", 0)))
    return out


def bluebook_rows(f: dict, command: str) -> list[dict]:
    return [record.row("bluebook_year", 1, f["seconds"][fmt], f"秒（{fmt.upper()}，新进程端到端墙钟）", "目标 ≤ 30 秒（议题 15）",
                       f["target_seconds"], command, variant=fmt, cpu_s=f["cpu_seconds"][fmt], year=f["year"],
                       size_bytes=f["files"].get(f"book.{fmt}"))
            for fmt in ("docx", "pdf")]


def intake_rows(f: dict, command: str) -> list[dict]:
    pg = f["postgresql"]
    same = pg["schema_copy"]["rows"] / pg["schema_copy"]["seconds"]
    peer = "同结构 COPY：同样的行 COPY 进与税收表列、索引、约束、外键相同的空表（含提交）"
    return [record.row(name, MAIN_SCALE, pg[key]["rows"] / pg[key]["seconds"], "行/秒（越大越好）", peer, same, command,
                       rows=pg[key]["rows"], seconds=round(pg[key]["seconds"], 2), load1=round(f["load_after"], 2))
            for name, key in (("intake_tax_csv", "csv"), ("intake_tax_xlsx", "xlsx"))]


def timed(log, name: str, run):
    log(f"== {name} ==")
    started = time.perf_counter()
    value = run()
    log(f"   {name} 完成，用时 {time.perf_counter() - started:.1f} 秒")
    return value
