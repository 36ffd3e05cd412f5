"""Place-name lexicon of a city, built only from its reference files (cities/<slug>/).

Everything city-specific — province, city, districts with their aliases and old names, streets
and towns, free-trade-zone prefixes — comes from `CityRef` and `streets.csv`; this module only
knows generic Chinese administrative words (省, 市, 开发区 …).
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass

from louyu.geo.reference import CityRef, load_city, split_list

# Levels: a prefix reads from wide to narrow (中国 → 江苏省 → 苏州市 → 工业园区 → 娄葑街道).
COUNTRY, PROVINCE, CITY, DISTRICT, LOCAL = range(5)

# Generic zone words that follow a district name ("太仓经济开发区", "相城经开区"); not city data.
GENERIC_ZONE_WORDS = (
    "高新技术产业开发区", "经济技术开发区", "经济开发区", "高新区", "开发区", "经开区",
    "工业园区", "工业园", "度假区", "新区", "片区", "市区", "城区",
)
COUNTRY_WORDS = ("中华人民共和国", "中国")

# A token directly followed by one of these is part of a road name ("相城大道", "苏州大道东").
ROAD_START_RE = re.compile(r"[东西南北中]?(?:大道|大街|路|街(?!道)|巷|弄|道)")
# Another province / city at the very start ("无锡市…", "浙江省…"): not this city.
FOREIGN_RE = re.compile(r"([\u4e00-\u9fff]{2,3}?(?:省|市(?!场|民|政|容)|自治区))")
ASCII_WORD_RE = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class StreetRef:
    district: str
    name: str
    kind: str  # 街道 / 镇 / 片区
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class PlaceToken:
    text: str
    level: int
    district: str | None  # DistrictRef.name for district / street tokens


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def load_streets(city: CityRef | None = None) -> tuple[StreetRef, ...]:
    """Streets, towns and zones of each district from `<city folder>/streets.csv` (optional file)."""
    city = city or load_city()
    path = city.path("streets.csv")
    if not path.is_file():
        return ()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    streets = []
    for row in rows:
        district = city.resolve_district(row.get("district"))
        if district is None or not (row.get("name") or "").strip():
            continue
        streets.append(StreetRef(district.name, row["name"].strip(), (row.get("kind") or "").strip(),
                                 split_list(row.get("aliases"))))
    return tuple(streets)


def ascii_words(text: str) -> tuple[str, ...]:
    return tuple(ASCII_WORD_RE.findall(text.lower()))


class PlaceLexicon:
    """Longest-match lookup of place tokens, plus English district names as word sequences."""

    def __init__(self, city: CityRef):
        self.city = city
        self.streets = load_streets(city)
        tokens: dict[str, PlaceToken] = {}
        english: list[tuple[tuple[str, ...], str]] = []

        def add(name: str, level: int, district: str | None) -> None:
            name = nfkc(name).replace(" ", "")
            if not name:
                return
            if name.isascii():
                return
            if name not in tokens:  # first spelling wins: districts are added before streets
                tokens[name] = PlaceToken(name, level, district)

        for word in COUNTRY_WORDS:
            add(word, COUNTRY, None)
        if city.province:
            add(city.province, PROVINCE, None)
            add(re.sub(r"(省|市|自治区)$", "", city.province), PROVINCE, None)
        for name in (city.name, city.short_name, *city.aliases):
            add(name, CITY, None)
        for district in city.districts:
            for name in district.all_names:
                if nfkc(name).isascii():
                    english.append((ascii_words(name), district.name))
                else:
                    add(name, DISTRICT, district.name)
        for street in self.streets:
            for name in (street.name, *street.aliases):
                if nfkc(name).isascii():
                    english.append((ascii_words(name), street.district))
                else:
                    add(name, LOCAL, street.district)
        for word in GENERIC_ZONE_WORDS:
            if word not in tokens:
                tokens[word] = PlaceToken(word, LOCAL, None)
        self.tokens = tokens
        self.max_len = max(len(t) for t in tokens)
        # Buckets by first / last two characters keep the longest-match loops short.
        self.by_first: dict[str, list[str]] = {}
        for text in sorted(tokens, key=len, reverse=True):
            self.by_first.setdefault(text[:2], []).append(text)
        self.by_last: dict[str, list[str]] = {}
        for text in sorted(tokens, key=len, reverse=True):
            if len(text) >= 2 and tokens[text].level >= CITY:
                self.by_last.setdefault(text[-2:], []).append(text)
        # The same buckets as token lengths, longest first: one slice and dict look-up per length
        # instead of a startswith per token (two tokens of one length cannot both match at a place).
        self.first_lengths = {k: tuple(sorted({len(t) for t in v}, reverse=True)) for k, v in self.by_first.items()}
        self.last_lengths = {k: tuple(sorted({len(t) for t in v}, reverse=True)) for k, v in self.by_last.items()}
        self.english = sorted(english, key=lambda item: -len(item[0]))
        self.english_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for words, district in self.english:
            if words:
                self.english_first.setdefault(words[0], []).append((words, district))
        self.own_names = {t for t, tok in tokens.items() if tok.level in (PROVINCE, CITY, DISTRICT)}
        self.ftz_prefixes = tuple(sorted({nfkc(p).replace(" ", "") for p in city.free_trade_zone_prefixes},
                                         key=len, reverse=True))
        self.road_cache: dict = {}  # normalize._road_in memo (text up to the first 'digits号' → road)
        # Every place spelling; building-name stems made only of these are not distinctive.
        self.place_words = frozenset(t for t in tokens if len(t) >= 2)
        self.place_words_longest_first = tuple(sorted(self.place_words, key=len, reverse=True))

    def token_at(self, text: str, pos: int) -> PlaceToken | None:
        """Longest place token starting at `pos` (None if none)."""
        tokens = self.tokens
        for size in self.first_lengths.get(text[pos:pos + 2], ()):
            token = tokens.get(text[pos:pos + size])
            if token is not None:
                return token
        return None

    def token_ending_at(self, text: str, end: int) -> PlaceToken | None:
        """Longest place token ending at `end` — the place qualifier in front of a name."""
        if end < 2:
            return None
        tokens = self.tokens
        for size in self.last_lengths.get(text[end - 2:end], ()):
            if size <= end:
                token = tokens.get(text[end - size:end])
                if token is not None and token.level >= CITY:
                    return token
        return None

    def foreign_prefix(self, text: str) -> str | None:
        """'无锡市' if the text starts with another city or province; None when it is ours."""
        match = FOREIGN_RE.match(text)
        if not match:
            return None
        name = match.group(1)
        if name in self.tokens or self.token_at(text, 0) is not None:
            return None
        return name

    def english_district(self, words: tuple[str, ...]) -> tuple[str, str] | None:
        """(district name, matched words) for an English district name among the words."""
        for i, word in enumerate(words):
            for seq, district in self.english_first.get(word, ()):
                if words[i:i + len(seq)] == seq:
                    return district, " ".join(seq)
        return None


_LEXICONS: dict[int, tuple[CityRef, PlaceLexicon]] = {}


def lexicon_for(city: CityRef | None = None) -> PlaceLexicon:
    city = city or load_city()
    cached = _LEXICONS.get(id(city))
    if cached is None or cached[0] is not city:
        cached = (city, PlaceLexicon(city))
        _LEXICONS[id(city)] = cached
    return cached[1]
