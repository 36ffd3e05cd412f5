"""Quality measures of 匹配 decisions, and the plain-substring baseline they are compared with.

Precision = correct 匹配 / all 匹配; recall = correct 匹配 / addresses that are in a registered
building. A 待复核 counts as not matched; a 匹配 to the wrong building, or any 匹配 of an address that
is in none of the buildings, is a false positive.
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from .normalize import parse_address
from .register import RegisterBuilding

DEV_DIR_DEFAULT = "../shared/data/address-matching"  # relative to the repository; LOUYU_MATCH_DEV overrides
HELDOUT_PATH = Path(__file__).resolve().parent / "tests" / "data" / "heldout.csv"
CALIBRATION_BINS = ((0.0, 0.5), (0.5, 0.9), (0.9, 0.99), (0.99, 1.0001))


@dataclass(frozen=True)
class LabelledAddress:
    id: str
    enterprise: str
    address: str
    label: str  # building code, "" when in none of the buildings


@dataclass(frozen=True)
class Quality:
    rows: int
    labelled: int  # rows whose label is a building
    matched: int
    correct: int
    wrong: int
    review: int

    @property
    def precision(self) -> float:
        return self.correct / self.matched if self.matched else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.labelled if self.labelled else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def review_share(self) -> float:
        return self.review / self.rows if self.rows else 0.0

    def line(self) -> str:
        return (f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
                f"待复核 {self.review_share:.1%}  （{self.rows} 条，错配 {self.wrong}）")


def load_labelled(path: str | Path) -> list[LabelledAddress]:
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        return [LabelledAddress(r["编号"].strip(), r.get("企业名称", "").strip(), r["注册地址"].strip(),
                                (r.get("标注楼宇编码") or "").strip()) for r in csv.DictReader(fh)]


def dev_dir() -> Path | None:
    """The development set's folder (buildings.csv, dev.csv), or None when it is not there."""
    configured = os.environ.get("LOUYU_MATCH_DEV")
    path = Path(configured) if configured else (Path(__file__).resolve().parents[2] / DEV_DIR_DEFAULT).resolve()
    return path if (path / "dev.csv").is_file() else None


def quality(decisions: list[tuple[str, str | None]], labels: list[str]) -> Quality:
    """decisions: (status, code) per row, statuses matched / review / none."""
    matched = correct = review = 0
    for (status, code), label in zip(decisions, labels):
        if status == "matched":
            matched += 1
            correct += int(bool(label) and code == label)
        elif status == "review":
            review += 1
    return Quality(len(labels), sum(1 for label in labels if label), matched, correct, matched - correct, review)


class SubstringBaseline:
    """The 'plain substring' method: a building hits when its name, an alias, or its road+number
    text occurs in the address; one hit → 匹配, several → ambiguous (待复核), none → 无匹配."""

    def __init__(self, buildings: list[RegisterBuilding], lexicon):
        self.entries: list[tuple[str, tuple[str, ...]]] = []
        for b in buildings:
            texts = [b.name, *b.aliases]
            parsed = parse_address(b.address, lexicon) if b.address else None
            if parsed and parsed.road and parsed.number:
                texts.append(f"{parsed.road}{parsed.number}号")
            self.entries.append((b.code, tuple(t for t in texts if t)))

    def match(self, address: str) -> tuple[str, str | None]:
        hits = {code for code, texts in self.entries if any(t in address for t in texts)}
        if len(hits) == 1:
            return "matched", hits.pop()
        if hits:
            return "review", None
        return "none", None


def calibration_table(pairs) -> list[tuple[float, float, int, float, float]]:
    """Confidence of the best candidate vs how often it is the labelled building."""
    table = []
    for low, high in CALIBRATION_BINS:
        chosen = []
        for result, label in pairs:
            if not result.candidates:
                continue  # no building proposed: nothing to be right or wrong about
            top = result.candidates[0]
            if low <= top.score < high:
                chosen.append((top.score, top.code == label))
        if chosen:
            table.append((low, min(high, 1.0), len(chosen), sum(p for p, _ in chosen) / len(chosen),
                          sum(ok for _, ok in chosen) / len(chosen)))
    return table
