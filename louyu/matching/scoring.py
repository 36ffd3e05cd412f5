"""Scoring one candidate building against one parsed address, and turning scores into a decision.

Each piece of evidence adds log-odds (positive when it agrees, negative when it contradicts). The
candidates' scores then compete with a "no building" option of score 0:

    confidence(b) = exp(s_b) / (1 + Σ exp(s_c))        p_none = 1 / (1 + Σ exp(s_c))

so two equally good candidates (星港街188号 without A座/B座) each get < 0.5 and go to review, and an
address that fits nothing well is "none". Weights are in `MatchSettings`; the defaults were set by
reasoning about each rule and checked against the dev set (see docs/matching.md).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .normalize import address_fields, address_tower

STATUS_LABELS = {"matched": "匹配", "review": "待复核", "none": "无匹配"}
LABEL_STATUS = {v: k for k, v in STATUS_LABELS.items()}


@dataclass(frozen=True)
class MatchSettings:
    match_threshold: float = 0.90  # confidence of the best building needed for 匹配
    review_threshold: float = 0.50  # probability that the address is in one of the candidates, for 待复核
    bias: float = -4.0  # prior log-odds that a candidate is the building, before evidence
    road_number: float = 8.0  # same road and house number
    road_number_near: float = 5.0  # same road and number, sub-number differs (188-1号 vs 188号)
    same_road_other_number: float = -6.0  # 星港街191号 is not 星港街188号
    other_road: float = -2.5  # the address gives another road and number
    name: float = 7.0  # registered name or alias found in the address
    generic_name: float = 5.0  # … made only of place and generic words (财富广场, 国贸中心): needs the district
    base_name: float = 6.0  # name without its tower/phase (星港商务中心 for 星港商务中心A座)
    derived_name: float = 5.0  # name without its leading place word (汇金大厦 for 昆山汇金大厦)
    derived_generic: float = 3.5  # … when what is left is generic (金融大厦)
    stem_same_kind: float = 5.0  # 胥江商务大厦 for 胥江商务中心 (same kind of building word)
    stem_other_kind: float = 3.0  # 胥江广场 for 胥江商务中心
    bare_name: float = 3.0  # alias without a building word (亨通, 苏州银行): may be a company name
    enterprise_prefix: float = 1.0  # … and the enterprise itself is called so
    qualified_cap: float = 2.0  # a name with an unknown word in front (万达财富广场 ≠ 财富广场)
    fuzzy_90: float = 4.5  # rapidfuzz ratio of the written name with a registered one ≥ 90
    fuzzy_80: float = 3.0
    fuzzy_70: float = 1.0
    unnamed: float = -3.5  # the address names a building, and not this one
    district_agree: float = 1.5
    district_conflict: float = -8.0
    tower_agree: float = 1.5
    tower_conflict: float = -4.0
    fuzzy_limit: int = 8  # candidates scored by rapidfuzz when no name is found exactly
    max_candidates: int = 3  # candidates reported


class Candidate:
    """Evidence gathered for one building while matching one address."""

    __slots__ = ("building", "name_weight", "name_evidence", "score", "evidence")

    def __init__(self, building: int):
        self.building = building
        self.name_weight = 0.0
        self.name_evidence = ""
        self.score = 0.0
        self.evidence: list[str] = []


@dataclass(slots=True)
class CandidateScore:
    code: str
    name: str
    score: float  # confidence in [0, 1]
    evidence: tuple[str, ...]


@dataclass(slots=True)
class MatchResult:
    code: str | None
    confidence: float  # matched/review: confidence of `code`/best candidate; none: p(no building)
    status: str  # matched / review / none
    evidence: tuple[str, ...]
    candidates: tuple[CandidateScore, ...] = ()
    name: str | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def evidence_text(self) -> str:
        return "；".join(self.evidence)


def score_candidate(candidate: Candidate, addr, road: str | None, building, names_other: bool,
                    settings: MatchSettings) -> None:
    """Fill candidate.score and candidate.evidence (short Chinese phrases for the reviewer)."""
    s = settings
    score = s.bias
    ev = candidate.evidence
    if road and addr.number and building.road:
        written = f"{road}{addr.number}号"
        if building.road == road and building.number_main == addr.number_main:
            if building.number == addr.number:
                score += s.road_number
                ev.append(f"路名门牌一致：{written}")
            else:
                score += s.road_number_near
                ev.append(f"路名一致、门牌相近：地址{written}，楼宇{building.road}{building.number}号")
        elif building.road == road:
            score += s.same_road_other_number
            ev.append(f"同路不同门牌：地址{written}，楼宇{building.road}{building.number}号")
        else:
            score += s.other_road
            ev.append(f"路名不同：地址{written}，楼宇{building.road}{building.number}号")
    if candidate.name_weight:
        score += candidate.name_weight
        ev.append(candidate.name_evidence)
    elif names_other:
        score += s.unnamed
        name_part = address_fields(addr)["name_part"]
        written = name_part if len(name_part) <= 20 else name_part[:20] + "…"
        ev.append(f"地址所写楼宇名称与本楼不符：{written}")
    if addr.district and building.district:
        if addr.district == building.district:
            score += s.district_agree
            ev.append(f"地区一致：{building.district}")
        else:
            score += s.district_conflict
            ev.append(f"地区不符：地址在{addr.district}（{addr.district_evidence}），楼宇在{building.district}")
    if building.towers:  # (the address's tower is worked out on first use)
        tower, tower_text = address_tower(addr)
        if tower:
            if tower in building.towers:
                score += s.tower_agree
                ev.append(f"楼栋一致：{tower_text}")
            else:
                score += s.tower_conflict
                ev.append(f"楼栋不符：{tower_text}（登记楼栋：{'、'.join(building.tower_labels)}）")
    candidate.score = score


def _by_weight(item: tuple) -> float:
    return item[1]


def decide(candidates: list[Candidate], buildings, settings: MatchSettings,
           fallback_evidence: tuple[str, ...]) -> MatchResult:
    """Softmax with a 'no building' option → status, confidence and the top candidates."""
    if not candidates:
        return MatchResult(None, 1.0, "none", fallback_evidence)
    exp = math.exp
    if len(candidates) == 1:
        top = candidates[0]
        top_exp = exp(top.score if top.score < 50.0 else 50.0)
        total = 1.0 + top_exp
        ranked = [(top, top_exp)]
    else:
        ranked = [(c, exp(c.score if c.score < 50.0 else 50.0)) for c in candidates]
        ranked.sort(key=_by_weight, reverse=True)
        total = 1.0 + sum(e for _, e in ranked)
        top, top_exp = ranked[0]
    top_conf = top_exp / total
    mass = 1.0 - 1.0 / total
    reported = []
    for c, e in ranked[:settings.max_candidates]:
        b = buildings[c.building]
        reported.append(CandidateScore(b.code, b.name, e / total, tuple(c.evidence)))
    reported = tuple(reported)
    top_building = buildings[top.building]
    if top_conf >= settings.match_threshold:
        return MatchResult(top_building.code, top_conf, "matched", reported[0].evidence, reported, top_building.name)
    if mass >= settings.review_threshold:
        evidence = reported[0].evidence
        if len(ranked) > 1 and ranked[1][1] / total >= 0.2:
            evidence += (f"多个楼宇相近：{'、'.join(c.code for c in reported[:2])}",)
        return MatchResult(top_building.code, top_conf, "review", evidence, reported, top_building.name)
    return MatchResult(None, 1.0 / total, "none", reported[0].evidence or fallback_evidence, reported)
