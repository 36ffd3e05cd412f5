"""The engine's evidence as officials read it: one sentence per candidate, and a recommendation when the
candidates are too close for the score alone to choose.

The evidence phrases come from louyu.matching.scoring (a fixed set); a phrase that says the address and
the building disagree weighs against the candidate."""
from __future__ import annotations

TIE_MARGIN = 0.05  # candidates within 5 points of the best are "close"
AGAINST = ("不符", "不同")


def evidence_sentence(candidate: dict) -> str:
    """'与地址相符：路名门牌一致：人民路100号、地区一致：姑苏区；不符之处：楼栋不符：B座（登记楼栋：A座）。'"""
    phrases = [p for p in candidate.get("evidence") or () if p]
    against = [p for p in phrases if any(word in p.split("：")[0] for word in AGAINST)]
    agree = [p for p in phrases if p not in against]
    parts = []
    if agree:
        parts.append("与地址相符：" + "、".join(agree))
    if against:
        parts.append("不符之处：" + "、".join(against))
    if not parts:
        return "地址中没有可比对的路名、门牌或楼宇名称。"
    return "；".join(parts) + "。"


def _conflicts(candidate: dict) -> int:
    return sum(any(word in p.split("：")[0] for word in AGAINST) for p in candidate.get("evidence") or ())


def recommendation(candidates: list[dict], enterprise_district: str | None) -> dict | None:
    """When two or more candidates are within TIE_MARGIN of the best: the one with the fewest contradictions,
    then the one in the enterprise's registered district, then the higher score — with the reason."""
    if len(candidates) < 2:
        return None
    best = max(c["score"] for c in candidates)
    close = [c for c in candidates if best - c["score"] <= TIE_MARGIN]
    if len(close) < 2:
        return None

    def in_district(c):
        return bool(enterprise_district) and any(f"地区一致：{enterprise_district}" == p for p in c.get("evidence") or ())

    chosen = sorted(close, key=lambda c: (_conflicts(c), not in_district(c), -c["score"]))[0]
    reasons = []
    if _conflicts(chosen) < max(_conflicts(c) for c in close):
        reasons.append("与地址的不符之处最少")
    if in_district(chosen) and not all(in_district(c) for c in close):
        reasons.append(f"与企业登记地区（{enterprise_district}）一致")
    if not reasons:
        reasons.append("得分略高")
    names = "、".join(f"{c['name']}（{c['score']:.0%}）" for c in close)
    return {"code": chosen["code"], "name": chosen["name"],
            "text": f"{len(close)} 个候选得分接近：{names}。建议选择“{chosen['name']}”：{'，'.join(reasons)}。"}
