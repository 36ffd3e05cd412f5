"""A seeded synthetic register and labelled addresses in varied styles, for the speed benchmark.

Districts, their old names and streets come from the city's reference data; road and building
names are drawn from a pool of characters so that names repeat the way real ones do (similar
names in different districts, towers registered as separate buildings, adjacent house numbers,
aliases that are company names). About 15 % of the addresses are in no registered building.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from louyu.geo.reference import CityRef

from .lexicon import lexicon_for
from .register import RegisterBuilding

_SYLLABLES = (
    "天翔 星港 金湖 旺墩 钟园 现代 腾飞 圆融 东吴 宝带 干将 胥江 凤凰 三香 广济 南门 乐桥 东环 狮山 滨河 "
    "珠江 长江 竹园 塔园 锦峰 科灵 苏蠡 越溪 塔韵 澄阳 漕湖 嘉元 春兴 青龙 南天 阳澄 鲈乡 云梨 仲英 开平 "
    "长安 中山 亨通 前进 萧林 马鞍 祖冲 汇金 亭林 琴川 海虞 暨阳 沙洲 港城 金港 郑和 滨江 县府 北京 上海 "
    "星湖 星阳 华池 翠薇 唯新 双湖 青丘 独墅 仁爱 若水 林泉 启月 时代 国发 晋合 尼盛 九龙 万盛 新地 永基 "
    "鼎达 宏达 锦基 汇鑫 和晟 嘉利 永盛 华贸 景城 朗诗 世茂 融科 清水 白云 紫金 翠园 荷塘 桐泾 金枫 玉山"
).split()
_PINYIN = {
    "天": "tian", "翔": "xiang", "星": "xing", "港": "gang", "金": "jin", "湖": "hu", "旺": "wang", "墩": "dun",
    "钟": "zhong", "园": "yuan", "现": "xian", "代": "dai", "腾": "teng", "飞": "fei", "圆": "yuan", "融": "rong",
    "东": "dong", "吴": "wu", "宝": "bao", "带": "dai", "干": "gan", "将": "jiang", "胥": "xu", "江": "jiang",
    "凤": "feng", "凰": "huang", "三": "san", "香": "xiang", "广": "guang", "济": "ji", "南": "nan", "门": "men",
    "乐": "le", "桥": "qiao", "环": "huan", "狮": "shi", "山": "shan", "滨": "bin", "河": "he", "珠": "zhu",
    "长": "chang", "竹": "zhu", "塔": "ta", "锦": "jin", "峰": "feng", "科": "ke", "灵": "ling", "苏": "su",
    "蠡": "li", "越": "yue", "溪": "xi", "韵": "yun", "澄": "cheng", "阳": "yang", "漕": "cao", "嘉": "jia",
    "元": "yuan", "春": "chun", "兴": "xing", "青": "qing", "龙": "long", "天成": "tiancheng", "鲈": "lu",
    "乡": "xiang", "云": "yun", "梨": "li", "仲": "zhong", "英": "ying", "开": "kai", "平": "ping", "安": "an",
    "中": "zhong", "亨": "heng", "通": "tong", "前": "qian", "进": "jin", "萧": "xiao", "林": "lin", "马": "ma",
    "鞍": "an", "祖": "zu", "冲": "chong", "汇": "hui", "亭": "ting", "琴": "qin", "川": "chuan", "海": "hai",
    "虞": "yu", "暨": "ji", "沙": "sha", "洲": "zhou", "城": "cheng", "郑": "zheng", "和": "he", "县": "xian",
    "府": "fu", "北": "bei", "京": "jing", "上": "shang", "华": "hua", "池": "chi", "翠": "cui", "薇": "wei",
    "唯": "wei", "新": "xin", "双": "shuang", "丘": "qiu", "独": "du", "墅": "shu", "仁": "ren", "爱": "ai",
    "若": "ruo", "水": "shui", "泉": "quan", "启": "qi", "月": "yue", "时": "shi", "国": "guo", "发": "fa",
    "晋": "jin", "合": "he", "尼": "ni", "盛": "sheng", "九": "jiu", "万": "wan", "地": "di", "永": "yong",
    "基": "ji", "鼎": "ding", "达": "da", "宏": "hong", "鑫": "xin", "晟": "sheng", "利": "li", "贸": "mao",
    "景": "jing", "朗": "lang", "诗": "shi", "世": "shi", "茂": "mao", "科技": "keji", "清": "qing",
    "白": "bai", "紫": "zi", "荷": "he", "桐": "tong", "泾": "jing", "枫": "feng", "玉": "yu",
}
_ROAD_SUFFIXES = ("路", "路", "街", "大道", "东路", "西路", "南路", "北路", "中路")
_NAME_SUFFIXES = (("大厦", "Tower"), ("商务大厦", "Business Tower"), ("国际大厦", "International Tower"),
                  ("商务中心", "Business Center"), ("国际中心", "International Center"), ("广场", "Plaza"),
                  ("商务广场", "Business Plaza"), ("金融中心", "Financial Center"), ("科技园", "Science Park"),
                  ("创业园", "Startup Park"), ("大楼", "Building"))
_ALT_SUFFIX = {"大厦": "商务大厦", "商务大厦": "大厦", "国际大厦": "大厦", "商务中心": "大厦", "国际中心": "中心",
               "广场": "商务广场", "商务广场": "广场", "金融中心": "金融大厦", "科技园": "科创园", "创业园": "科创园",
               "大楼": "大厦"}
_TOWER_SETS = (("A座", "B座"), ("A座", "B座", "C座"), ("1号楼", "2号楼", "3号楼"), ("东塔", "西塔"), ("南楼", "北楼"))


@dataclass(frozen=True)
class SyntheticAddress:
    id: str
    enterprise: str
    address: str
    label: str


def _stem(b: RegisterBuilding) -> str:
    alias = b.aliases[0]
    for suffix in sorted(set(_ALT_SUFFIX.values()) | {"中心A座", "中心B座"}, key=len, reverse=True):
        if alias.endswith(suffix):
            return alias[:-len(suffix)]
    return alias


def _pinyin(text: str) -> str:
    return "".join(_PINYIN.get(ch, "x") for ch in text).capitalize()


def synthetic_register(n: int = 5000, city: CityRef | None = None, seed: int = 20240601) -> list[RegisterBuilding]:
    rng = random.Random(seed)
    lexicon = lexicon_for(city)
    districts = [d.name for d in lexicon.city.districts]
    roads = {d: [] for d in districts}
    used_roads = set()
    one_syllable = len({a + b for a in _SYLLABLES for b in _ROAD_SUFFIXES})  # distinct one-syllable roads
    while sum(len(v) for v in roads.values()) < max(60, n // 8):
        stem = rng.choice(_SYLLABLES)
        if len(used_roads) >= one_syllable:  # a register past 6,400 buildings: two-syllable roads (else no end)
            stem += rng.choice(_SYLLABLES)
        name = stem + rng.choice(_ROAD_SUFFIXES)
        if name not in used_roads:
            used_roads.add(name)
            roads[rng.choice(districts)].append(name)
    numbers_used: set[tuple[str, int]] = set()
    names_used: set[tuple[str, str]] = set()
    buildings: list[RegisterBuilding] = []
    while len(buildings) < n:
        district = rng.choice(districts)
        road = rng.choice(roads[district])
        number = rng.randint(1, 400) * rng.choice((1, 1, 2, 5))
        if (road, number) in numbers_used:
            continue
        stem = rng.choice(_SYLLABLES) + (rng.choice(_SYLLABLES)[0] if rng.random() < 0.35 else "")
        suffix, english = rng.choice(_NAME_SUFFIXES)
        short = lexicon.city.resolve_district(district)
        place = next((a for a in short.aliases if len(a) == 2 and not a.isascii()), district[:2]) if short else ""
        name = (place + stem + suffix) if rng.random() < 0.2 else stem + suffix
        aliases = [stem + _ALT_SUFFIX[suffix]]
        if any((x, district) in names_used for x in (name, *aliases, stem + "中心")):
            continue  # names are unique within a district; across districts they may repeat
        numbers_used.add((road, number))
        names_used.update((x, district) for x in (name, *aliases, stem + "中心"))
        if rng.random() < 0.5:
            aliases.append(f"{_pinyin(stem)} {english}")
        if rng.random() < 0.04:
            aliases.append(stem)  # a bare alias that is also a company 字号
        code = f"S{len(buildings) + 1:05d}"
        if rng.random() < 0.04 and len(buildings) < n - 1:  # two towers registered as two buildings
            for letter in "AB":
                buildings.append(RegisterBuilding(f"S{len(buildings) + 1:05d}", f"{name}{letter}座",
                                                  (f"{stem}中心{letter}座",), district, f"{road}{number}号",
                                                  (f"{letter}座",)))
            continue
        towers = rng.choice(_TOWER_SETS) if rng.random() < 0.3 else ()
        buildings.append(RegisterBuilding(code, name, tuple(aliases), district, f"{road}{number}号", towers))
    return buildings[:n]


_FLOORS = ("{f}层", "{f}楼", "{cf}楼", "{cf}层", "{f}F", "第{cf}层", "{f}/F")
_ROOMS = ("{f}{r:02d}室", "{f}{r:02d}", "{f}{r:02d}单元", "{f}{r:02d}-{r2}室", "Room {f}{r:02d}")
_NOISE = ("(集群登记)", "（托管）", "（工位号：E-{n}）", "-B{n}工位", " 住所申报", "")
_CN = "零一二三四五六七八九"


def _cn_number(value: int) -> str:
    if value < 10:
        return _CN[value]
    tens, ones = divmod(value, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


def _tower_variant(tower: str, rng: random.Random) -> str:
    if tower.endswith("座"):
        letter = tower[0]
        return rng.choice((f"{letter}座", f"{letter}栋", f"{letter}幢", f"Tower {letter} ", f"{letter}座"))
    if tower.endswith("号楼"):
        n = int(tower[:-2])
        return rng.choice((f"{n}号楼", f"{n}栋", f"{n}幢", f"{_cn_number(n)}号楼", f"{n}#楼"))
    direction = tower[0]
    english = {"东": "East", "西": "West", "南": "South", "北": "North"}[direction]
    return rng.choice((tower, f"{direction}座", f"{english} Tower "))


def _prefix(district: str, lexicon, rng: random.Random) -> str:
    ref = lexicon.city.resolve_district(district)
    spellings = [n for n in ref.all_names if not n.isascii()]
    streets = [s.name for s in lexicon.streets if s.district == district]
    roll = rng.random()
    city = rng.choice(("", lexicon.city.name, lexicon.city.province + lexicon.city.name, "江苏" + lexicon.city.short_name))
    head = city + rng.choice(spellings)
    if streets and rng.random() < 0.2:
        head += rng.choice(streets)
    return "" if roll < 0.08 else head


def synthetic_addresses(buildings: list[RegisterBuilding], n: int = 100_000, city: CityRef | None = None,
                        seed: int = 7) -> list[SyntheticAddress]:
    rng = random.Random(seed)
    lexicon = lexicon_for(city)
    by_road: dict[str, set[int]] = {}
    for b in buildings:
        road, number = b.address.rstrip("号").rstrip("0123456789"), int("".join(c for c in b.address if c.isdigit()))
        by_road.setdefault(road, set()).add(number)
    stem_districts: dict[str, set[str]] = {}
    for b in buildings:
        stem_districts.setdefault(_stem(b), set()).add(b.district)
    twins = {b.address for b in buildings if b.name.endswith(("A座", "B座")) and len(b.towers) == 1}
    districts = [d.name for d in lexicon.city.districts]
    out = []
    while len(out) < n:
        i = len(out)
        f = rng.randint(1, 39)
        floor = rng.choice(_FLOORS).format(f=f, cf=_cn_number(f))
        room = rng.choice(_ROOMS).format(f=f, r=rng.randint(1, 20), r2=rng.randint(1, 9))
        tail = rng.choice((floor + room, floor, room, floor + room)) + rng.choice(_NOISE).format(n=rng.randint(10, 999))
        if rng.random() < 0.85:
            b = rng.choice(buildings)
            names = [b.name, *[a for a in b.aliases if not a.isascii() and any(w in a for w in "厦楼场心园座")]]
            english = [a for a in b.aliases if a.isascii() and " " in a]
            name = rng.choice(names)
            if english and rng.random() < 0.15:
                name = rng.choice(english) + " "
            tower = _tower_variant(rng.choice(b.towers), rng) if b.towers and not name.endswith("座") else ""
            style = rng.random()
            twin = b.address in twins
            prefix = _prefix(b.district, lexicon, rng)
            if style < 0.45 or (twin and style < 0.75):
                body = b.address + name + tower  # twins are told apart only by the tower in the name
            elif style < 0.75:
                body = b.address + tower
            else:
                body = name + tower  # name only: written with its district, as names repeat across districts
                prefix = prefix or lexicon.city.name + b.district
            address = prefix + body + tail
            label = b.code
        else:
            kind = rng.random()
            district = rng.choice(districts)
            if kind < 0.4:  # a registered road, a number nobody registered
                road = rng.choice(sorted(by_road))
                number = rng.choice([x for x in range(1, 2000) if x not in by_road[road]][:500])
                address = _prefix(district, lexicon, rng) + f"{road}{number}号" + rng.choice(("", "金桂花园", "创智中心"))
            elif kind < 0.7:  # a registered name, but in another district and without its road
                b = rng.choice(buildings)
                free = [d for d in districts if d not in stem_districts[_stem(b)]]
                if not free:
                    continue
                other = rng.choice(free)
                ref = lexicon.city.resolve_district(other)
                address = lexicon.city.name + ref.name + b.name
            elif kind < 0.85:  # a residential address
                address = _prefix(district, lexicon, rng) + f"{rng.choice(_SYLLABLES)}新村{rng.randint(1, 60)}栋"
            else:  # another city, with a registered road and number
                b = rng.choice(buildings)
                address = rng.choice(("无锡市梁溪区", "上海市浦东新区", "浙江省杭州市西湖区", "南京市鼓楼区")) + b.address
            address += tail
            label = ""
        if rng.random() < 0.1:
            address = address.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        out.append(SyntheticAddress(f"X{i + 1:06d}", "", address, label))
    return out
