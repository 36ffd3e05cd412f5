"""Building-name variants and the name index that finds them inside an address.

Each register name/alias yields keys of several kinds, strongest first:
  name / alias   the text as registered (normalised)
  base           without its tower or phase: 星港商务中心A座 → 星港商务中心 (the tower is checked apart)
  derived        without a leading place word: 太仓金融大厦 → 金融大厦 (the place must not contradict)
  stem           without the generic tail: 胥江商务中心 → 胥江, found only when a building word follows
  english        word sequence of an English alias (Suzhou IFS)
Finding them is a dictionary scan keyed by the first characters, so the cost depends on the
address length and the few names that share its characters, not on the register size.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import CITY, PlaceLexicon
from .normalize import canonical_tower, name_words, normalize_name

# Generic words that make a building name (not city data).
BUILDING_WORDS = ("大厦", "大楼", "广场", "中心", "园", "城", "楼", "塔", "门", "座", "馆", "坊", "苑",
                  "府", "汇", "荟", "天地", "公寓")
EN_BUILDING_WORDS = frozenset({"building", "tower", "plaza", "center", "park", "mansion", "square", "ifs",
                               "ifc", "gate", "city", "hub", "centre", "nanopolis", "biobay", "ihub"})
# English words too common in building and address names to find a building by.
EN_GENERIC = frozenset(
    "suzhou tower building center plaza international business park square mansion the of and a an industrial "
    "science technology tech financial finance trade world city new district road street avenue east west south "
    "north no room floor sip snd zone china jiangsu hub phase block unit suite level f rm high sci startup "
    "commercial office headquarters hq".split())
STEM_TAILS = ("写字楼", "办公楼", "科技园", "产业园", "创业园", "软件园", "创新园", "孵化园", "大厦", "大楼",
              "广场", "中心", "商务", "国际", "总部", "金融", "科技", "创新", "创业", "服务", "贸易", "财富",
              "商业", "园区", "园", "城", "楼")
GENERIC_WORDS = ("国际", "商务", "金融", "科技", "创新", "创业", "财富", "贸易", "国贸", "科创", "商会", "软件",
                 "产业", "总部", "中心", "广场", "大厦", "大楼", "信息", "企业", "发展", "投资", "经济", "时代",
                 "世纪", "环球", "中央", "城市", "新城", "高新", "创意", "文化", "生物", "医药", "服务", "现代",
                 "东方", "中国", "国家", "高铁", "商业", "技术", "开发", "工业", "园区", "新区")
# What follows a stem for it to count as a building name, grouped by kind of building.
SUFFIX_CLASSES = {
    "tower": ("商务大厦", "国际大厦", "商务中心", "国际中心", "商务楼", "写字楼", "办公楼", "大厦", "大楼", "中心"),
    "plaza": ("商务广场", "国际广场", "广场"),
    "park": ("科技园", "产业园", "创业园", "软件园", "创新园", "孵化园", "园区", "园"),
    "city": ("城",),
}
_SUFFIX_RE = re.compile("|".join(sorted((s for v in SUFFIX_CLASSES.values() for s in v), key=len, reverse=True)))
_SUFFIX_CLASS = {s: c for c, v in SUFFIX_CLASSES.items() for s in v}
_TOWER_TAIL_RE = re.compile(r"(?:[a-z]\d{0,2}(?:座|栋|幢|楼|区)|\d{1,3}(?:号楼|栋|幢|座)|[东西南北](?:塔|座|楼)|\d{1,2}期)$")
_EN_TOWER_TAIL = re.compile(r"^(?:tower|building|block|phase)$")
ROAD_AFTER_RE = re.compile(r"[东西南北中]?(?:大道|大街|路|街(?!道)|巷|弄)")
ROAD_AFTER_FIRST = frozenset("东西南北中大路街巷弄")
COMPANY_AFTER = ("股份", "有限", "公司", "集团", "营业部", "支行", "分行", "分公司", "办事处", "证券营业", "银行")
BOUNDARY_CHARS = frozenset("号室层楼座栋幢区市镇县内第")


@dataclass(frozen=True)
class NameKey:
    key: str
    building: int  # index into the register
    kind: str  # name, alias, base, derived, stem, english
    text: str  # the registered spelling, for evidence
    specific: bool  # contains a building word (大厦/中心/Tower…); bare ones (亨通, 苏州银行) count less
    distinctive: bool = True  # False when only place and generic words make it (财富广场, 苏州中心)
    suffix_class: str | None = None  # for stems: tower / plaza / park / city
    label: str = ""  # evidence shown to the reviewer
    district: str | None = None  # the building's
    exact: bool = False  # a registered name/alias (or it without its tower) that names a building


BUILDING_WORD_RE = re.compile("|".join(BUILDING_WORDS))
COMPANY_AFTER_RE = re.compile("|".join(COMPANY_AFTER))


def is_specific(key: str) -> bool:
    """Names a building (东方之门, 纳米城, 星港中心); two characters (汇金, 竹园) are a 字号 as often."""
    return len(key) >= 3 and BUILDING_WORD_RE.search(key) is not None


def _strip_generic(text: str, lexicon: PlaceLexicon) -> str:
    """What is left of a name once place and generic words are removed (to judge distinctiveness)."""
    changed = True
    while changed and text:
        changed = False
        for word in (*GENERIC_WORDS, *lexicon.place_words_longest_first):
            if word in text:
                text = text.replace(word, "", 1)
                changed = True
                break
    return text


def name_stem(key: str, lexicon: PlaceLexicon) -> tuple[str, str | None]:
    """胥江商务中心 → ('胥江', 'tower'); '' when nothing distinctive is left."""
    stem, suffix_class = key, None
    changed = True
    while changed and stem not in lexicon.place_words:  # 科教新城创业园: stop at the place 科教新城
        changed = False
        for tail in STEM_TAILS:
            if stem.endswith(tail) and len(stem) > len(tail):
                suffix_class = suffix_class or _SUFFIX_CLASS.get(tail, "tower" if tail == "楼" else None)
                stem = stem[:-len(tail)]
                changed = True
                break
    if stem == key or len(stem) < 2 or stem in lexicon.place_words or len(_strip_generic(stem, lexicon)) < 2:
        return "", None
    return stem, suffix_class


def building_keys(index: int, name: str, aliases: tuple[str, ...], district: str | None,
                  lexicon: PlaceLexicon) -> tuple[list[NameKey], list[tuple[tuple[str, ...], str, str]], set[str]]:
    """All CJK keys, English names (words, text, weight class) and towers implied by one building's names."""
    keys: dict[str, NameKey] = {}
    english: list[tuple[tuple[str, ...], str, str]] = []
    towers: set[str] = set()

    def add(key: str, kind: str, text: str, **extra) -> None:
        if len(key) >= 2 and (key not in keys or _RANK[kind] < _RANK[keys[key].kind]):
            label = (f"{KIND_LABELS[kind]}：{key}（登记名称：{text}）" if kind == "stem"
                     else f"{KIND_LABELS[kind]}：{text}")
            extra.setdefault("distinctive", len(_strip_generic(key, lexicon)) >= 2)
            specific = is_specific(key)
            keys[key] = NameKey(key, index, kind, text, specific, label=label, district=district,
                                exact=specific and kind in ("name", "alias", "base"), **extra)

    for position, text in enumerate((name, *aliases)):
        kind = "name" if position == 0 else "alias"
        words = name_words(text)
        if text.isascii():
            if words:
                english.append((words, text, _english_class(words)))
                if len(words) >= 3 and _EN_TOWER_TAIL.match(words[-2]):
                    english.append((words[:-2], text, _english_class(words[:-2])))
                    towers.add(canonical_tower(" ".join(words[-2:])) or "")
            continue
        key = normalize_name(text)
        add(key, kind, text)
        tail = _TOWER_TAIL_RE.search(key)
        base = key
        if tail and len(key) - len(tail.group(0)) >= 2:
            base = key[:tail.start()]
            add(base, "base", text)
            if not tail.group(0).endswith("期"):
                towers.add(canonical_tower(tail.group(0)) or "")
        token = lexicon.token_at(base, 0)
        rest = base
        while token is not None and token.level >= CITY and (token.district in (None, district)):
            rest = rest[len(token.text):]
            token = lexicon.token_at(rest, 0) if rest else None
        distinctive = len(_strip_generic(rest, lexicon)) >= 2
        # 汇金大厦 from 昆山汇金大厦; a generic rest (商务大厦 from 相城商务大厦) says too little
        if rest != base and len(rest) >= 3 and is_specific(rest) and (distinctive or len(rest) >= 5):
            add(rest, "derived", text, distinctive=distinctive)
        stem, suffix_class = name_stem(base, lexicon)
        if stem:
            add(stem, "stem", text, suffix_class=suffix_class)
    towers.discard("")
    return list(keys.values()), english, towers


def _english_class(words: tuple[str, ...]) -> str:
    """'name' (Suzhou IFS), 'generic' (Suzhou Center: common words only) or 'bare' (one short word)."""
    specific = len(words) >= 2 or len(words[0]) >= 5 or bool(EN_BUILDING_WORDS & set(words))
    if not specific:
        return "bare"
    return "name" if any(w not in EN_GENERIC and len(w) >= 3 for w in words) else "generic"


_RANK = {"name": 0, "alias": 1, "base": 2, "derived": 3, "stem": 4}
KIND_LABELS = {"name": "楼宇名称一致", "alias": "别名一致", "base": "楼宇名称一致（不含楼栋/分期）",
               "derived": "名称相符（省略地名）", "stem": "名称主干一致", "english": "英文名称一致"}


class NameIndex:
    """First-characters dictionary of every key; finds all keys inside an address key."""

    def __init__(self, keys: list[NameKey], english: list[tuple[int, tuple[str, ...], str, str]]):
        # First three characters → (the lengths of its keys, longest first; key → NameKeys): at each position of
        # an address a scan looks up one slice per length, however many registered names share the prefix
        # (a list walked name by name grew with the register).
        by3: dict[str, dict[str, list[NameKey]]] = {}
        self.by2: dict[str, list[tuple[str, NameKey]]] = {}  # two-character keys
        self.stems: dict[str, list[NameKey]] = {}
        for key in sorted(keys, key=lambda k: -len(k.key)):
            if key.kind == "stem":
                self.stems.setdefault(key.key, []).append(key)
            elif len(key.key) >= 3:
                by3.setdefault(key.key[:3], {}).setdefault(key.key, []).append(key)
            else:
                self.by2.setdefault(key.key, []).append((key.key, key))
        self.by3 = {prefix: (tuple(sorted({len(k) for k in texts}, reverse=True)), texts) for prefix, texts in by3.items()}
        # Characters a key can start with: most address characters (digits, 室, 层) are skipped at once.
        self.firsts = frozenset(k[0] for k in (*self.by3, *self.by2))
        self.firsts2 = frozenset(k[0] for k in self.by2)
        self.english: dict[str, list[tuple[int, tuple[str, ...], str, str]]] = {}
        for item in english:
            self.english.setdefault(item[1][0], []).append(item)

    def scan(self, key: str) -> list[tuple[NameKey, int, int, None]]:
        found = []
        by3, by2, firsts, firsts2 = self.by3, self.by2, self.firsts, self.firsts2
        end = len(key)
        for i, ch in enumerate(key):
            if ch not in firsts:
                continue
            bucket = by3.get(key[i:i + 3])
            if bucket:
                lengths, texts = bucket
                for size in lengths:
                    if i + size > end:
                        continue  # a slice cut short by the end would read as a shorter key
                    for name_key in texts.get(key[i:i + size], ()):
                        found.append((name_key, i, i + size, None))
            if ch in firsts2:
                bucket = by2.get(key[i:i + 2])
                if bucket:
                    found.extend((name_key, i, i + 2, None) for _, name_key in bucket)
        return found

    def scan_stems(self, key: str) -> list[tuple[NameKey, int, int, str]]:
        """Stems count only in front of a building word, so look back from each building word."""
        found = []
        stems = self.stems
        for match in _SUFFIX_RE.finditer(key):
            end = match.start()
            for size in range(2, min(6, end) + 1):
                bucket = stems.get(key[end - size:end])
                if bucket:
                    suffix_class = _SUFFIX_CLASS[match.group(0)]
                    found.extend((name_key, end - size, end, suffix_class) for name_key in bucket)
        return found

    def scan_english(self, words: tuple[str, ...]) -> list[tuple[int, str, str, int]]:
        """(building, registered text, weight class, number of words) of English names in the words."""
        found = []
        for i, word in enumerate(words):
            for building, seq, text, weight_class in self.english.get(word, ()):
                if words[i:i + len(seq)] == seq:
                    found.append((building, text, weight_class, len(seq)))
        return found


