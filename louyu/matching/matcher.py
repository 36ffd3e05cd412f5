"""Match a registered address to a building of the register.

    index = BuildingIndex(load_register_file("楼宇.xlsx"))
    result = index.match("苏州工业园区星港街188号星港中心A座30层", enterprise_name="…有限公司")
    result.status, result.code, result.confidence, result.evidence, result.candidates

Candidates come only from blocking — the (road, house number) dictionary, the name dictionary scan
and, when no name is found exactly, a character-bigram index for rapidfuzz — so the cost grows with
the candidates of an address, not with the size of the register.
"""
from __future__ import annotations

import gc
import math
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable

from rapidfuzz.fuzz import ratio, token_set_ratio

from louyu.geo.reference import CityRef

from .lexicon import PlaceLexicon, lexicon_for
from .names import (BOUNDARY_CHARS, BUILDING_WORD_RE, COMPANY_AFTER_RE, EN_GENERIC, KIND_LABELS, ROAD_AFTER_FIRST, ROAD_AFTER_RE,
                    NameIndex, building_keys, is_specific)
from .normalize import ParsedAddress, address_fields, canonical_tower, english_kind_words, normalize_name, parse_address
from .register import RegisterBuilding, load_register_file
from .scoring import (STATUS_LABELS, Candidate, CandidateScore, MatchResult, MatchSettings, decide,
                      score_candidate)

__all__ = ["BuildingIndex", "MatchResult", "CandidateScore", "MatchSettings", "RegisterBuilding",
           "load_register_file", "STATUS_LABELS"]

_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
BIGRAM_POSTINGS_MAX = 50  # the 1 % rule's value at 5,000 buildings (city ×10): unchanged up to there


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector during a batch. Matching creates no reference cycles
    (plain tuples, lists and dataclasses), so nothing is left for it, while its periodic walks over
    every live object — the register index included — cost about a sixth of the batch time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _hit_order(hit: tuple) -> tuple:
    return hit[1] - hit[2], -hit[3]


@dataclass(frozen=True)
class IndexedBuilding:
    """A register building with its own address parsed once."""

    code: str
    name: str
    district: str | None
    road: str | None
    number: str | None
    number_main: int | None
    towers: frozenset[str]
    tower_labels: tuple[str, ...]
    keys: tuple[str, ...]  # CJK name keys, for rapidfuzz


class BuildingIndex:
    def __init__(self, buildings: Iterable[RegisterBuilding], city: CityRef | None = None,
                 settings: MatchSettings | None = None):
        self.lexicon: PlaceLexicon = lexicon_for(city)
        self.city = self.lexicon.city
        self.settings = settings or MatchSettings()
        self.register = list(buildings)
        self.buildings: list[IndexedBuilding] = []
        self.by_road_number: dict[tuple[str, int], list[int]] = {}
        self.roads: set[str] = set()
        self.road_numbers: dict[str, set[int]] = {}
        all_keys, all_english = [], []
        bigram_sets: list[set[str]] = []
        for i, b in enumerate(self.register):
            district = self._district(b.district)
            keys, english, implied_towers = building_keys(i, b.name, b.aliases, district, self.lexicon)
            all_keys.extend(keys)
            all_english.extend((i, words, text, weight_class) for words, text, weight_class in english)
            parsed = parse_address(b.address, self.lexicon) if b.address else None
            towers = {canonical_tower(t) for t in b.towers} | implied_towers
            towers.discard(None)
            labels = tuple(b.towers) or tuple(sorted(implied_towers))
            fuzzy_keys = tuple(k.key for k in keys if k.kind in ("name", "alias", "base"))
            self.buildings.append(IndexedBuilding(
                b.code, b.name, district or (parsed.district if parsed else None),
                parsed.road if parsed else None, parsed.number if parsed else None,
                parsed.number_main if parsed else None, frozenset(towers), labels, fuzzy_keys))
            if parsed and parsed.road and parsed.number:
                self.by_road_number.setdefault((parsed.road, parsed.number_main), []).append(i)
                self.roads.add(parsed.road)
                self.road_numbers.setdefault(parsed.road, set()).add(parsed.number_main)
            bigram_sets.append({k[j:j + 2] for k in fuzzy_keys for j in range(len(k) - 1)})
        self.names = NameIndex(all_keys, all_english)
        # Distinctive English word → English names that contain it, for English names written differently.
        self.english_words: dict[str, list[tuple[int, str, str]]] = {}
        for i, words, text, _weight_class in all_english:
            for word in set(words) - EN_GENERIC:
                if len(word) >= 3:
                    self.english_words.setdefault(word, []).append((i, english_kind_words(words), text))
        s = self.settings
        self._kind_weight = {"name": s.name, "alias": s.name, "base": s.base_name}
        # Bigram → buildings for rapidfuzz blocking; bigrams in many names (大厦, 中心) are dropped: in more than
        # 1 % of the names, and never in more than BIGRAM_POSTINGS_MAX, or each address would walk lists that
        # grow with the register (a 50,000-building register made the matching worse than linear).
        df = Counter(g for grams in bigram_sets for g in grams)
        limit = min(max(30, len(self.buildings) // 100), BIGRAM_POSTINGS_MAX)
        self.bigrams: dict[str, list[int]] = {}
        for i, grams in enumerate(bigram_sets):
            for g in grams:
                if df[g] <= limit:
                    self.bigrams.setdefault(g, []).append(i)

    @classmethod
    def from_file(cls, path, city: CityRef | None = None, settings: MatchSettings | None = None) -> "BuildingIndex":
        return cls(load_register_file(path, city), city, settings)

    def _district(self, text: str | None) -> str | None:
        if not text:
            return None
        ref = self.city.resolve_district(text)
        return ref.name if ref else text

    # --- matching --------------------------------------------------------------------------------------
    def parse(self, address: str) -> ParsedAddress:
        return parse_address(address, self.lexicon)

    def match(self, address: str, enterprise_name: str | None = None) -> MatchResult:
        return self.match_parsed(parse_address(address or "", self.lexicon), enterprise_name)

    def match_many(self, rows: Iterable) -> list[MatchResult]:
        """Rows: address strings, (address, enterprise_name) pairs, or dicts with 注册地址/企业名称."""
        results = []
        with gc_paused():
            for row in rows:
                if isinstance(row, str):
                    results.append(self.match(row))
                elif isinstance(row, dict):
                    results.append(self.match(row.get("注册地址") or row.get("address") or "",
                                              row.get("企业名称") or row.get("enterprise_name")))
                else:
                    results.append(self.match(*row))
        return results

    def match_parsed(self, addr: ParsedAddress, enterprise_name: str | None = None) -> MatchResult:
        if addr.foreign:
            return MatchResult(None, 1.0, "none", (f"地址不在{self.city.name}：{addr.foreign}",))
        road = self._resolve_road(addr)
        candidates: dict[int, Candidate] = {}
        if road and addr.number:
            for i in self.by_road_number.get((road, addr.number_main), ()):
                candidates[i] = Candidate(i)
        strong = self._name_candidates(addr, enterprise_name, candidates)
        if strong:
            names_other = True
        else:  # only now is the written name needed (and worked out)
            name_key = address_fields(addr)["name_key"]
            if len(name_key) >= 3 and len(_CJK_RE.findall(name_key)) >= 3:
                self._fuzzy_candidates(addr, name_key, candidates)
            if addr.words:
                self._english_fuzzy(addr, candidates)
            names_other = len(name_key) >= 3 and is_specific(name_key)
        # names_other: the address names a building, so candidates without name evidence lose (a
        # different building at the same number, or an alias the register lacks — a person should look).
        settings, buildings = self.settings, self.buildings
        for candidate in candidates.values():
            score_candidate(candidate, addr, road, buildings[candidate.building], names_other, settings)
        if not candidates:
            return MatchResult(None, 1.0, "none", self._fallback(addr, road))
        return decide(list(candidates.values()), buildings, settings, ())

    def _fallback(self, addr: ParsedAddress, road: str | None) -> tuple[str, ...]:
        """Why nothing matched, when no candidate is left to explain it."""
        numbers = self.road_numbers.get(road or "")
        if numbers and addr.number_main is not None:
            near = sorted(numbers, key=lambda n: abs(n - addr.number_main))[:3]
            return (f"门牌未登记：{road}{addr.number}号（该路登记的门牌：{'、'.join(map(str, sorted(near)))}号）",)
        return ("未找到路名门牌或名称相符的登记楼宇",)

    def _resolve_road(self, addr: ParsedAddress) -> str | None:
        """The parsed road, or the register road it is when a place word swallowed its first
        characters (太仓县府东街 read as 太仓县 + 府东街)."""
        road = addr.road
        if not road or road in self.roads:
            return road
        for k in (1, 2, 3):
            longer = addr.road_context[-k:] + road
            if len(addr.road_context) >= k and longer in self.roads:
                return longer
        return road

    def _name_candidates(self, addr: ParsedAddress, enterprise_name: str | None,
                         candidates: dict[int, Candidate]) -> bool:
        """Add name evidence to candidates; True when some name was found with good weight."""
        s, key, lexicon = self.settings, addr.key, self.lexicon
        weights = self._kind_weight
        hits: list[tuple[int, int, int, float, str]] = []  # building, start, end, weight, evidence
        found = self.names.scan(key)
        for f in found:
            if f[0].exact:
                break
        else:
            found += self.names.scan_stems(key)  # stems only matter when no registered name is written
        for nk, start, end, suffix_class in found:
            if suffix_class is None and key[end:end + 1] in ROAD_AFTER_FIRST and ROAD_AFTER_RE.match(key, end):
                continue  # 亨通大道: a road named like the building, not the building
            district = nk.district
            qualifier = lexicon.token_ending_at(key, start) if start else None
            if qualifier is not None and qualifier.district and district and qualifier.district != district:
                continue  # 吴江财富广场 is not 昆山's 财富广场
            evidence = nk.label
            if suffix_class is not None:
                weight = s.stem_same_kind if suffix_class == nk.suffix_class else s.stem_other_kind
            elif nk.kind == "derived":
                weight = s.derived_name if nk.distinctive else s.derived_generic
            else:
                weight = weights[nk.kind] if nk.distinctive else s.generic_name
                if not nk.specific:
                    after = key[end:end + 1]
                    if after and after not in BOUNDARY_CHARS and _CJK_RE.match(after) \
                            and not BUILDING_WORD_RE.match(key, end):
                        continue  # 亨通光电…: part of a longer word
                    if COMPANY_AFTER_RE.match(key, end):
                        continue  # 苏州银行股份有限公司: a company, not a building
                    weight = min(weight, s.bare_name)
                    if enterprise_name and normalize_name(enterprise_name).startswith(nk.key):
                        weight = min(weight, s.enterprise_prefix)
                        evidence += "（与企业字号相同）"
            if start and qualifier is None and key[start - 1] not in BOUNDARY_CHARS and _CJK_RE.match(key[start - 1]):
                weight = min(weight, s.qualified_cap)  # 万达财富广场: another building named alike
                evidence += f"（前有“{key[max(0, start - 2):start]}”）"
            hits.append((nk.building, start, end, weight, evidence))
        if addr.words:
            english_weight = {"name": s.name, "generic": s.generic_name, "bare": s.bare_name}
            for building, text, weight_class, length in self.names.scan_english(addr.words):
                weight = english_weight[weight_class]
                hits.append((building, -length, 0, weight, f"{KIND_LABELS['english']}：{text}"))
        strong = False
        if len(hits) > 1:
            # A hit inside a longer hit of another building (科创大厦 in 高铁科创大厦) does not count.
            hits.sort(key=_hit_order)
        kept: list[tuple[int, int, int, float, str]] = []
        for hit in hits:
            b, start, end, weight, evidence = hit
            if kept and start >= 0 and any(k[0] != b and 0 <= k[1] <= start and end <= k[2]
                                           and k[2] - k[1] > end - start for k in kept):
                continue
            kept.append(hit)
            candidate = candidates.get(b)
            if candidate is None:
                candidate = candidates[b] = Candidate(b)
            if weight > candidate.name_weight:
                candidate.name_weight, candidate.name_evidence = weight, evidence
            strong = strong or weight >= s.bare_name
        return strong

    def _english_fuzzy(self, addr: ParsedAddress, candidates: dict[int, Candidate]) -> None:
        """English names written a little differently (Bank of Suzhou Building ~ … Tower)."""
        seen = set()
        written = english_kind_words(addr.words)
        s = self.settings
        for word in set(addr.words) - EN_GENERIC:
            for i, alias, text in self.english_words.get(word, ()):
                if (i, alias) in seen:
                    continue
                seen.add((i, alias))
                score = token_set_ratio(alias, written)
                weight = s.fuzzy_90 if score >= 90 else s.fuzzy_80 if score >= 80 else 0
                if not weight:
                    continue
                candidate = candidates.get(i)
                if candidate is None:
                    candidate = candidates[i] = Candidate(i)
                if weight > candidate.name_weight:
                    candidate.name_weight = weight
                    candidate.name_evidence = f"英文名称近似：{text}（相似度{score:.0f}）"

    def _fuzzy_candidates(self, addr: ParsedAddress, name_key: str, candidates: dict[int, Candidate]) -> None:
        grams = {name_key[j:j + 2] for j in range(len(name_key) - 1)}
        counts = Counter(i for g in grams for i in self.bigrams.get(g, ()))
        if not counts:
            return
        need = max(2, math.ceil(0.4 * len(grams)))
        s = self.settings
        for i, shared in counts.most_common(s.fuzzy_limit):
            if shared < need:
                break
            if i in candidates and candidates[i].name_evidence:
                continue  # the name was already judged exactly (and perhaps discounted): keep that
            b = self.buildings[i]
            best, best_key = max((ratio(name_key, k), k) for k in b.keys) if b.keys else (0, "")
            weight = s.fuzzy_90 if best >= 90 else s.fuzzy_80 if best >= 80 else s.fuzzy_70 if best >= 70 else 0
            if not weight:
                continue
            if not is_specific(best_key):
                weight = min(weight, s.bare_name)  # 苏州银行 is as much a company as a building
            candidate = candidates.get(i)
            if candidate is None:
                candidate = candidates[i] = Candidate(i)
            if weight > candidate.name_weight:
                candidate.name_weight = weight
                candidate.name_evidence = f"名称近似：{addr.name_part}≈{best_key}（相似度{best:.0f}）"
