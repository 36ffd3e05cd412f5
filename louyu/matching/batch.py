"""File in, file out: "which building is each of these 5,000 companies in?"

    summary = match_file("楼宇.xlsx", "企业.csv", "结果.csv")

The input has columns 编号, 企业名称, 注册地址 (csv in UTF-8 with or without BOM or GB18030, or
xlsx); the output is a CSV in UTF-8 with BOM (so Excel opens it) with columns 编号, 楼宇编码,
置信度, 状态, 依据. For a 待复核 row 楼宇编码 holds the most likely building, to be confirmed.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from louyu.core import spreadsheets
from louyu.geo.reference import CityRef

from .matcher import BuildingIndex, gc_paused
from .register import TableError, load_register_file, pick_columns, read_table
from .scoring import STATUS_LABELS, MatchResult, MatchSettings

ADDRESS_COLUMNS = {
    "id": ("编号", "序号", "企业编号"),
    "enterprise": ("企业名称", "名称", "企业"),
    "address": ("注册地址", "地址", "住所", "经营地址"),
}
ADDRESS_REQUIRED = ("id", "enterprise", "address")
OUTPUT_COLUMNS = ("编号", "楼宇编码", "置信度", "状态", "依据")


@dataclass(frozen=True)
class AddressRow:
    id: str
    enterprise: str
    address: str


@dataclass(frozen=True)
class BatchSummary:
    rows: int
    matched: int
    review: int
    none: int
    seconds: float
    output: str

    def text(self) -> str:
        return (f"共 {self.rows} 条：匹配 {self.matched} 条，待复核 {self.review} 条，无匹配 {self.none} 条；"
                f"用时 {self.seconds:.1f} 秒。结果已写入 {self.output}")


def read_addresses(path: str | Path) -> list[AddressRow]:
    rows = read_table(path)
    if not rows:
        raise TableError(f"地址文件 {Path(path).name} 没有数据行。")
    columns = pick_columns(rows, ADDRESS_COLUMNS, ADDRESS_REQUIRED, path)
    return [AddressRow(row.get(columns["id"], "").strip(), row.get(columns["enterprise"], "").strip(),
                       row.get(columns["address"], "").strip()) for row in rows]


def output_row(row: AddressRow, result: MatchResult) -> list[str]:
    return [row.id, result.code or "", f"{result.confidence:.4f}", STATUS_LABELS[result.status],
            result.evidence_text]


def write_results(path: str | Path, rows: Iterable[AddressRow], results: Iterable[MatchResult]) -> None:
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise TableError(f"输出目录不存在：{path.parent}")
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = spreadsheets.csv_writer(fh)
        writer.writerow(OUTPUT_COLUMNS)
        for row, result in zip(rows, results):
            writer.writerow(output_row(row, result))


def match_rows(index: BuildingIndex, rows: list[AddressRow], progress=None) -> list[MatchResult]:
    """Match rows; an address repeated in the file (集群登记 addresses often are) is parsed once.
    `progress(done, total, phase)` (a job's, louyu.jobs) hears every 1,000 rows."""
    seen: dict[tuple[str, str], MatchResult] = {}
    results = []
    with gc_paused():
        for number, row in enumerate(rows):
            if progress is not None and number % 1000 == 0:
                progress(number, len(rows), "匹配地址")
            key = (row.address, row.enterprise)
            result = seen.get(key)
            if result is None:
                result = seen[key] = index.match(row.address, row.enterprise)
            results.append(result)
    return results


def match_file(registry_path: str | Path, input_path: str | Path, output_path: str | Path,
               city: CityRef | None = None, settings: MatchSettings | None = None,
               index: BuildingIndex | None = None, progress=None) -> BatchSummary:
    """Read a 楼宇 register and an address file, write the matches; TableError (Chinese) on bad input."""
    started = time.perf_counter()
    if index is None:
        index = BuildingIndex(load_register_file(registry_path, city), city, settings)
    rows = read_addresses(input_path)
    results = match_rows(index, rows, progress)
    if progress is not None:
        progress(len(rows), len(rows), "写出结果")
    write_results(output_path, rows, results)
    counts = {status: 0 for status in STATUS_LABELS}
    for result in results:
        counts[result.status] += 1
    return BatchSummary(len(rows), counts["matched"], counts["review"], counts["none"],
                        time.perf_counter() - started, str(output_path))
