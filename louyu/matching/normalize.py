"""Normalise a free-text Chinese registered address into comparable parts.

`normalize_address("江苏省苏州市苏州工业园区星港街188号星港中心A座30层3007室(集群登记)")` gives
district 工业园区, road 星港街, number 188, name_part 星港中心, tower A, floor 30, room 3007.
City-specific words (districts, old names, streets, 自贸区 prefixes) come from the city's
reference files through `PlaceLexicon`; the rules here are generic to Chinese addresses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from louyu.geo.reference import CityRef

from .cleaning import clean_text, cn_to_int, convert_cn_numbers, fold_chars
from .lexicon import CITY, DISTRICT, ROAD_START_RE, PlaceLexicon, ascii_words, lexicon_for, nfkc

_LATIN_RE = re.compile(r"[A-Za-z]{2}")
_SEGMENT_SPLIT_RE = re.compile(r"[\s,、;。:()<>\"'/|]+")

# --- road + house number ---------------------------------------------------------------------------


def _cjk_class_without(excluded: str) -> str:
    """A regex class of all CJK ideographs except some (re has no class subtraction)."""
    parts, start = [], 0x4E00
    for code in sorted(ord(c) for c in excluded):
        if code > start:
            parts.append(f"\\u{start:04x}-\\u{code - 1:04x}")
        start = code + 1
    parts.append(f"\\u{start:04x}-\\u9fff")
    return "[" + "".join(parts) + "]"


# A road name cannot run across 区/镇/市/县/村 (those end the place before it) or 号/楼/层/室 …
_ROAD_RE = re.compile(
    "(" + _cjk_class_without("区镇市省县村号楼层室座栋幢") + r"{1,12}?(?:大道|大街|路|街|巷|弄|道)"
    r"(?:[东西南北中](?=\d))?)(\d{1,5})(?:-(\d{1,4}))?(?:号|$)")
_ROAD_SUFFIX_RE = re.compile(r"(?:大道|大街|路|街|巷|弄|道)[东西南北中]?$")
_ROAD_SPLIT_MARKERS = ("街道", "社区", "城", "园", "大厦", "大楼", "广场", "中心", "门", "楼", "座", "塔")

# --- tower / floor / room (Chinese forms, and English forms only tried when there are letters) ------
_TOWER_CJK_RE = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]\d{0,2})(?:座|栋|幢|楼|区(?=\d))"
    r"|(?<![\d-])(\d{1,3}(?:-\d{1,2})?)(?:号楼|号栋|号幢|号座|#楼|#(?!\d)|栋|幢|座)|([东西南北])(?:塔|座|楼)")
_TOWER_RE = re.compile(
    _TOWER_CJK_RE.pattern + r"|(?<![a-z])(?:tower|building|bldg|block|blk)\.?\s*([a-z]\d{0,2}|\d{1,3})(?![a-z0-9])"
    r"|(?<![a-z])(east|west|south|north)\s+tower(?![a-z])", re.I)
_COMPACT_TOWER_RE = re.compile(  # the look-behind after the letter: the search skips to capitals at once
    r"([A-Z](?<![A-Za-z0-9][A-Z])\d{0,2}?)-?(?=\d{3,5}(?:-\d{1,4})?(?:室|单元|\s|$))")
_FLOOR_EN_RE = re.compile(
    r"(?<![a-z])(?:floor|fl|level)\.?\s*(\d{1,3})(?!\d)|(?<!\d)(\d{1,3})(?:st|nd|rd|th)\s*(?:floor|fl)(?![a-z])", re.I)
# Tower, room and floor in one left-to-right pass (named groups say which); towers first at a position.
_TAIL_RE = re.compile(  # each branch starts by consuming a character, so most positions fail at once
    r"(?P<tl>[A-Za-z](?<![A-Za-z0-9][A-Za-z])\d{0,2})(?:座|栋|幢|楼|区(?=\d))"
    r"|(?P<tn>\d(?<![\d-]\d)\d{0,2}(?:-\d{1,2})?)(?:号楼|号栋|号幢|号座|#楼|#(?!\d)|栋|幢|座)"
    r"|(?P<td>[东西南北])(?:塔|座|楼)"
    r"|(?P<r1>\d{1,5}(?:-\d{1,5})*)\s*(?:室|房间|房|单元|号房)|#(?P<r2>\d{3,5})(?!\d)"
    r"|(?P<r3>\d(?<=[座层楼幢栋\s]\d)\d{2,4})号(?![楼栋幢座])"
    r"|(?:第(?P<f0>\d{1,3})|(?P<f1>\d(?<![\d#A-Za-z-]\d)\d{0,2}))\s*(?:层|楼(?![盘宇])|/?[fF](?![a-zA-Z]))"
    r"|[FL](?<![A-Za-z0-9][FL])(?P<f2>\d{1,2})(?![\dA-Za-z])")
_ROOM_EN_RE = re.compile(r"(?<![a-z])(?:room|rm|unit|suite)\.?\s*#?\s*(\d{1,5}(?:-\d{1,5})?)(?!\d)", re.I)
_TRAILING_ROOM_RE = re.compile(r"(?<![\d-])(\d{3,5}(?:-\d{1,4})?)\s*$")
_PHASE_RE = re.compile(r"(\d{1,2})期")
_EN_DIRECTIONS = {"east": "东", "west": "西", "south": "南", "north": "北"}
_LEFTOVER_RE = re.compile(r"(?:^|\s)(?:第|之|-|#|no\.?|号)+(?=\s|$)|-+$|^-+", re.I)


def _take_tail(text: str):
    """Tower (the first one; none if two differ: A座B座), last room and last floor; the rest."""
    tower = tower_text = room = floor = None
    pieces, pos = [], 0
    for match in _TAIL_RE.finditer(text):
        kind = match.lastgroup
        if kind[0] == "t":
            value = match.group(kind).upper().lstrip("0") or "0"
            if tower_text is None:
                tower, tower_text = value, match.group(0)
            elif value != tower:
                tower, tower_text = None, tower_text + match.group(0)
        elif kind[0] == "r":
            room = match.group(kind)
        else:
            floor = match.group(kind)
        pieces.append(text[pos:match.start()])
        pos = match.end()
    if not pieces:
        return None, None, None, None, text
    pieces.append(text[pos:])
    return tower, tower_text, room, floor, " ".join(pieces)


def _take_english_tower(tower, tower_text, text: str):
    if tower_text is not None:
        return tower, tower_text, text
    match = _TOWER_RE.search(text)
    if not match:
        return tower, tower_text, text
    return _tower_of(match), match.group(0), text[:match.start()] + " " + text[match.end():]


def _take_all(pattern: re.Pattern, text: str) -> tuple[str | None, str]:
    """Remove every match of pattern; return the last match's value and the remaining text."""
    found: list[str] = []

    def keep(match: re.Match) -> str:
        found.append(next(g for g in match.groups() if g))
        return " "

    text = pattern.sub(keep, text)
    return (found[-1] if found else None), text


# --- building names ----------------------------------------------------------------------------------
_NAME_DROP_RE = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")
_ZONE_DROP_RE = re.compile(r"[^0-9a-z\u4e00-\u9fff|]+|(?<=\|)\|+")
_EN_SYNONYMS = {"centre": "center", "ctr": "center", "bldg": "building", "intl": "international",
                "int'l": "international", "plz": "plaza", "twr": "tower", "blvd": "avenue", "ave": "avenue",
                "rd": "road", "st": "street"}


def normalize_name(text: str) -> str:
    """Comparable key of a building name: NFKC, lower-case, numerals, no spaces or punctuation.

    Suffixes (大厦/大楼/广场/中心) are kept; `names.name_stem` makes them comparable."""
    return _key(convert_cn_numbers(fold_chars(text or "")))


def _key(text: str) -> str:
    """normalize_name of text that is already cleaned (NFKC, numerals converted)."""
    return _NAME_DROP_RE.sub("", text.lower())


def name_words(text: str) -> tuple[str, ...]:
    """English name as words with common abbreviations unified ('Ctr' → 'center')."""
    return tuple(_EN_SYNONYMS.get(w, w) for w in ascii_words(nfkc(text or "").replace("&", " and ")))


_EN_KIND = {"tower": "building", "mansion": "building", "square": "plaza"}


def english_kind_words(words: tuple[str, ...]) -> str:
    """Words with the kind of building unified (Golden Lion Building ~ Golden Lion Tower), for fuzzy use."""
    return " ".join(_EN_KIND.get(w, w) for w in words)


def canonical_tower(text: str | None) -> str | None:
    """'A座'/'Tower A'/'a栋' → 'A'; '1号楼'/'一号楼'/'1幢'/'1#' → '1'; '东塔'/'East Tower' → '东'."""
    if not text:
        return None
    text = convert_cn_numbers(nfkc(text)).strip()
    match = _TOWER_RE.fullmatch(text) or _TOWER_RE.search(text)
    return _tower_of(match) if match else text.upper()


def _tower_of(match: re.Match) -> str:
    letter, number, direction, *english = match.groups()
    if len(english) == 2 and english[1]:
        return _EN_DIRECTIONS[english[1].lower()]
    value = letter or number or direction or english[0]
    return value.upper().lstrip("0") or "0"


@dataclass(frozen=True)
class ParsedAddress:
    raw: str
    text: str  # normalised full text (noise removed, numerals converted)
    key: str  # what names are searched in: normalize_name of the text from the last place word on,
    #           without the road+number ("|" where it was cut)
    words: tuple[str, ...]  # English words, for English names
    district: str | None  # DistrictRef.name
    district_evidence: str | None  # the words that named the district (园区, 平江区, 狮山街道, SIP)
    road: str | None
    number: str | None  # "188" or "188-1"
    number_main: int | None  # 188
    road_context: str  # up to 3 characters written just before the road
    name_part: str  # what is left once place, road, tower, floor and room are removed
    name_key: str  # normalize_name(name_part)
    tower: str | None  # canonical (A, 1, A1, 东)
    tower_text: str | None  # as written (A座, 1号楼, Tower A)
    floor: int | None
    room: str | None
    phase: int | None
    foreign: str | None  # "无锡市" when the address is in another city or province
    ftz: bool  # a 自贸区 prefix was present

    def __getattr__(self, name: str):
        """Tower, floor, room, phase and the name part are worked out on first use: the matcher
        needs them for only some addresses, and parsing them is a fifth of the work. Python calls
        this only for attributes not yet set; the values are then stored like the other fields."""
        state = self.__dict__
        if name in _TAIL_FIELD_NAMES and "_rest" in state:
            _tail_fields(state.pop("_rest"), state["words"], state)
            return state[name]
        raise AttributeError(name)


_TAIL_FIELD_NAMES = frozenset({"name_part", "name_key", "tower", "tower_text", "floor", "room", "phase"})


def address_fields(addr: ParsedAddress) -> dict:
    """The address's fields with tower, floor, room, phase and name part worked out — what
    `ParsedAddress.__getattr__` does, minus the AttributeError Python raises before calling it
    (a few microseconds per address); for the matcher's hot path."""
    state = addr.__dict__
    if "_rest" in state:
        _tail_fields(state.pop("_rest"), state["words"], state)
    return state


# Every tower form read by _tail_fields has one of these (座/栋/幢/楼/塔/#, or Latin letters: A座, Tower A, A-3008).
_TOWER_MARK_RE = re.compile(r"[座栋幢楼塔#A-Za-z]")


def address_tower(addr: ParsedAddress) -> tuple[str | None, str | None]:
    """(tower, tower as written). Skips parsing the tail when it has no character a tower needs,
    which is the case for many addresses the matcher checks a tower for."""
    state = addr.__dict__
    rest = state.get("_rest")
    if rest is not None and _TOWER_MARK_RE.search(rest) is None:
        return None, None
    state = address_fields(addr)
    return state["tower"], state["tower_text"]


_FIRST_DIGIT_RE = re.compile(r"\d")


def _read_prefix(segment: str, lexicon: PlaceLexicon, first: bool):
    """Consume place tokens at the start of a segment's text before its first digit; return where
    the rest begins, where the last place token began (a building name may start with it:
    昆山财富广场), the district, the words that named it, and another city's name (first segment).

    Every rule here reads Chinese characters (place tokens, the road suffix after one, another
    city's name), hence only the text before the first digit. Not memoised: that text includes the
    road or building name, so it rarely repeats, and a walk over a few tokens costs less than a memo."""
    pos, token_start, last_level = 0, 0, -1
    district = evidence = foreign = None
    token_at, size = lexicon.token_at, len(segment)
    while pos < size:
        token = token_at(segment, pos)
        if token is None:
            if first and last_level < CITY:
                foreign = lexicon.foreign_prefix(segment[pos:])
            break
        end = pos + len(token.text)
        if ROAD_START_RE.match(segment, end):
            break  # 相城大道, 苏州大道东: the token is part of the road name
        if token.level < last_level and token.level < DISTRICT:
            break  # 工业园区苏州中心: '苏州' after a district names a building, not the city
        if token.district and district is None:
            district, evidence = token.district, token.text
        if token.level > last_level:
            last_level = token.level
        token_start, pos = pos, end
    return pos, token_start, district, evidence, foreign


def _trim_road(road: str) -> tuple[str, str]:
    """Cut a place or building word glued in front of the road: 高铁新城青龙港路 → 青龙港路,
    东方之门星港街 → 星港街 (港城大道, 塔园路, 金门路 stay whole: nothing would be left)."""
    cut = 0
    for marker in _ROAD_SPLIT_MARKERS:
        i = road.rfind(marker)
        if (i > 0 or (i == 0 and len(marker) > 1)) and i + len(marker) > cut \
                and len(_ROAD_SUFFIX_RE.sub("", road[i + len(marker):])) >= 2:
            cut = i + len(marker)
    return (road[cut:], road[:cut]) if cut else (road, "")


_NUMBER_END_RE = re.compile(r"\d{1,5}(?:-\d{1,4})?号")


def _road_in(rest: str, cache: dict):
    """(road, number, main number, text before the road, end of the match) of the first road + house
    number, or None. Memoised on the text up to the first '<digits>号': a road name cannot run
    across 号, so that text decides the result (星港街188号 repeats across addresses)."""
    head_match = _NUMBER_END_RE.search(rest)
    head = rest[:head_match.end()] if head_match else rest
    found = cache.get(head)
    if found is None:
        match = _ROAD_RE.search(head)
        found = ()
        if match:
            road, glued = _trim_road(match.group(1))
            if match.start() == 1 and head[0] in "县村":  # 县府东街: the 县 belongs to the road
                road, glued = head[0] + road, ""
            number = match.group(2) + (f"-{match.group(3)}" if match.group(3) else "")
            found = (road, number, int(match.group(2)), head[:match.start()] + glued, match.end())
        if len(cache) > 100_000:
            cache.clear()
        cache[head] = found
    return found or None


def parse_address(raw: str, lexicon: PlaceLexicon) -> ParsedAddress:
    text, ftz = clean_text(raw, lexicon)
    district = evidence = foreign = None
    rest_parts: list[str] = []
    zone_parts: list[str] = []  # names are searched here, not in the place prefix or the road+number
    road = number = number_main = None
    road_context = ""
    first = True
    for segment in _SEGMENT_SPLIT_RE.split(text):
        if not segment:
            continue
        digit = _FIRST_DIGIT_RE.search(segment)
        start, token_start, found_district, found_evidence, found_foreign = _read_prefix(
            segment[:digit.start()] if digit else segment, lexicon, first and district is None)
        if found_district and district is None:
            district, evidence = found_district, found_evidence
        if found_foreign:
            foreign = found_foreign
        first = False
        rest = segment[start:]
        zone = segment[token_start:start]  # where a building name can be: from the last place word on
        if road is None and rest:
            found = _road_in(rest, lexicon.road_cache)
            if found:
                road, number, number_main, before, end = found
                road_context = (segment[:start] + before)[-3:]
                after = rest[end:]
                zone_parts.append(zone + before)
                zone_parts.append(after)
                rest_parts.append(before.rstrip("县村") + " " + after)
                continue
        rest_parts.append(rest)
        zone_parts.append(zone + rest)
    words = name_words(text) if _LATIN_RE.search(text) else ()
    if district is None and words:
        found = lexicon.english_district(words)
        if found:
            district, evidence = found
    rest = rest_parts[0] if len(rest_parts) == 1 else " ".join(filter(None, rest_parts))

    parsed = object.__new__(ParsedAddress)  # see ParsedAddress.__getattr__ for the fields left out here
    parsed.__dict__.update(
        raw=raw, text=text, key=_ZONE_DROP_RE.sub("", "|".join(zone_parts).lower()).strip("|"), words=words,
        district=district, district_evidence=evidence, road=road, number=number,
        number_main=number_main, road_context=road_context, foreign=foreign, ftz=ftz, _rest=rest)
    return parsed


def _tail_fields(rest: str, words: tuple[str, ...], fields: dict) -> None:
    """Tower, floor, room, phase and the name part, from what follows the place and the road, set in fields."""
    tower = tower_text = room = floor = phase = None
    if rest:
        compact = _COMPACT_TOWER_RE.search(rest)  # A-3008, A3008室, A3-502: tower A / A3, then the room
        if compact:
            rest = rest[:compact.start()] + " " + rest[compact.end():]
        tower, tower_text, room, floor, rest = _take_tail(rest)
        if words:
            tower, tower_text, rest = _take_english_tower(tower, tower_text, rest)
            room_en, rest = _take_all(_ROOM_EN_RE, rest)
            floor_en, rest = _take_all(_FLOOR_EN_RE, rest)
            room, floor = room or room_en, floor or floor_en
        if compact and tower_text is None:
            tower = tower_text = compact.group(1)
        if room is None:
            match = _TRAILING_ROOM_RE.search(rest)
            if match:
                room = match.group(1)
                rest = rest[:match.start()]
        if "期" in rest:
            match = _PHASE_RE.search(rest)
            if match:
                phase = int(match.group(1))
    name_part = " ".join(_LEFTOVER_RE.sub(" ", rest).split()) if rest else ""
    fields["name_part"] = name_part
    fields["name_key"] = _key(name_part) if name_part else ""
    fields["tower"], fields["tower_text"] = tower, tower_text
    fields["floor"] = int(floor) if floor else None
    fields["room"], fields["phase"] = room, phase


def normalize_address(text: str, city: CityRef | None = None) -> ParsedAddress:
    """Parse one registered address against a city's reference data (default: the current city)."""
    return parse_address(text, lexicon_for(city))


__all__ = ["ParsedAddress", "address_fields", "address_tower", "normalize_address", "parse_address",
           "normalize_name", "name_words", "canonical_tower", "cn_to_int", "convert_cn_numbers", "english_kind_words"]
