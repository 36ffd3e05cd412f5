"""Suzhou geography for the demo data: district codes, real road names with their 街道/镇 and rough
coordinates, and registered addresses written the many ways real ones are.

Coordinates are approximate (GCJ-02, as online maps show them) — good enough to put a building on the
right road of the right district on a map, not a survey.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

# District abbreviation used in building codes (SZ-GS-0001) — keyed by the 附件1 name.
ABBREVIATIONS = {
    "张家港市": "ZJG", "常熟市": "CS", "太仓市": "TC", "昆山市": "KS", "吴江区": "WJ",
    "吴中区": "WZ", "相城区": "XC", "姑苏区": "GS", "工业园区": "SIP", "虎丘区": "SND",
}

# (road, 街道/镇, longitude, latitude): real roads; the coordinate is a point on or near the road.
ROADS: dict[str, list[tuple[str, str, float, float]]] = {
    "工业园区": [
        ("苏州大道东", "金鸡湖街道", 120.7335, 31.3205), ("苏州大道西", "金鸡湖街道", 120.6905, 31.3180),
        ("星港街", "金鸡湖街道", 120.7050, 31.3215), ("旺墩路", "金鸡湖街道", 120.7060, 31.3115),
        ("现代大道", "金鸡湖街道", 120.7110, 31.3265), ("金鸡湖大道", "娄葑街道", 120.7380, 31.3350),
        ("星湖街", "斜塘街道", 120.7420, 31.2890), ("翠园路", "娄葑街道", 120.7000, 31.3040),
        ("月廊街", "金鸡湖街道", 120.7240, 31.3180), ("星海街", "娄葑街道", 120.6860, 31.3090),
        ("钟园路", "金鸡湖街道", 120.6800, 31.3195), ("东长路", "斜塘街道", 120.7560, 31.2720),
        ("若水路", "斜塘街道", 120.7450, 31.2700), ("林泉街", "斜塘街道", 120.7410, 31.2770),
        ("华池街", "金鸡湖街道", 120.7200, 31.3270), ("春辉路", "唯亭街道", 120.7950, 31.3560),
    ],
    "虎丘区": [
        ("狮山路", "狮山街道", 120.5760, 31.2990), ("长江路", "狮山街道", 120.5560, 31.3000),
        ("何山路", "狮山街道", 120.5700, 31.2850), ("竹园路", "狮山街道", 120.5650, 31.2900),
        ("滨河路", "狮山街道", 120.5900, 31.2900), ("塔园路", "枫桥街道", 120.5850, 31.3050),
        ("金山路", "枫桥街道", 120.5450, 31.3100), ("科灵路", "东渚街道", 120.4800, 31.3300),
        ("锦峰路", "东渚街道", 120.4700, 31.3310), ("运河路", "枫桥街道", 120.5800, 31.3150),
        ("玉山路", "狮山街道", 120.5650, 31.3020),
    ],
    "姑苏区": [
        ("人民路", "双塔街道", 120.6200, 31.3050), ("干将东路", "平江街道", 120.6350, 31.3110),
        ("干将西路", "金阊街道", 120.6000, 31.3100), ("三香路", "吴门桥街道", 120.5900, 31.3000),
        ("十全街", "双塔街道", 120.6300, 31.2980), ("竹辉路", "双塔街道", 120.6250, 31.2920),
        ("广济南路", "金阊街道", 120.6030, 31.3180), ("东环路", "双塔街道", 120.6500, 31.3100),
        ("南门路", "吴门桥街道", 120.6200, 31.2880), ("西环路", "吴门桥街道", 120.5920, 31.3050),
        ("苏站路", "苏锦街道", 120.6150, 31.3300),
    ],
    "吴中区": [
        ("东吴北路", "长桥街道", 120.6250, 31.2750), ("东吴南路", "城南街道", 120.6250, 31.2550),
        ("宝带西路", "长桥街道", 120.6100, 31.2720), ("宝带东路", "长桥街道", 120.6400, 31.2720),
        ("吴中大道", "城南街道", 120.6300, 31.2430), ("塔韵路", "城南街道", 120.6200, 31.2500),
        ("东方大道", "城南街道", 120.6450, 31.2460), ("龙西路", "城南街道", 120.6150, 31.2560),
        ("友翔路", "越溪街道", 120.5950, 31.2350), ("中山东路", "木渎镇", 120.5350, 31.2700),
    ],
    "相城区": [
        ("澄阳路", "元和街道", 120.6300, 31.3800), ("嘉元路", "元和街道", 120.6400, 31.3750),
        ("相城大道", "元和街道", 120.6450, 31.3950), ("华元路", "元和街道", 120.6250, 31.3650),
        ("南天成路", "北河泾街道", 120.6200, 31.4200), ("青龙港路", "北河泾街道", 120.6150, 31.4250),
        ("聚茂街", "北河泾街道", 120.6050, 31.4250), ("富元路", "元和街道", 120.6600, 31.3700),
        ("太阳路", "太平街道", 120.6400, 31.4300),
    ],
    "吴江区": [
        ("中山南路", "松陵街道", 120.6450, 31.1500), ("中山北路", "松陵街道", 120.6450, 31.1700),
        ("云梨路", "江陵街道", 120.6600, 31.1350), ("江兴东路", "江陵街道", 120.6550, 31.1450),
        ("开平路", "松陵街道", 120.6650, 31.1550), ("笠泽路", "松陵街道", 120.6500, 31.1600),
        ("长安路", "江陵街道", 120.6500, 31.1350), ("仲英大道", "江陵街道", 120.6500, 31.1200),
        ("西二环路", "盛泽镇", 120.6400, 30.9000),
    ],
    "昆山市": [
        ("前进东路", "玉山镇", 120.9900, 31.3850), ("前进中路", "玉山镇", 120.9650, 31.3850),
        ("前进西路", "玉山镇", 120.9400, 31.3850), ("长江中路", "玉山镇", 120.9550, 31.3900),
        ("祖冲之南路", "玉山镇", 120.9800, 31.3600), ("萧林中路", "玉山镇", 120.9550, 31.3750),
        ("柏庐中路", "玉山镇", 120.9650, 31.3750), ("马鞍山东路", "玉山镇", 120.9750, 31.3950),
        ("人民南路", "玉山镇", 120.9600, 31.3750), ("绿地大道", "花桥镇", 121.0600, 31.3000),
        ("光明路", "花桥镇", 121.0650, 31.3050),
    ],
    "张家港市": [
        ("港城大道", "杨舍镇", 120.5600, 31.8700), ("人民中路", "杨舍镇", 120.5500, 31.8750),
        ("人民东路", "杨舍镇", 120.5650, 31.8750), ("暨阳中路", "杨舍镇", 120.5500, 31.8650),
        ("沙洲西路", "杨舍镇", 120.5400, 31.8800), ("长安南路", "杨舍镇", 120.5600, 31.8600),
        ("国泰北路", "杨舍镇", 120.5550, 31.8850), ("金港大道", "金港街道", 120.4500, 31.9500),
    ],
    "常熟市": [
        ("海虞北路", "虞山街道", 120.7450, 31.6650), ("海虞南路", "琴川街道", 120.7500, 31.6400),
        ("黄河路", "琴川街道", 120.7650, 31.6500), ("青墩塘路", "常福街道", 120.7750, 31.6600),
        ("衡山路", "琴川街道", 120.7600, 31.6400), ("世纪大道", "东南街道", 120.7700, 31.6350),
        ("东南大道", "东南街道", 120.8000, 31.6200), ("金沙江路", "琴川街道", 120.7800, 31.6450),
    ],
    "太仓市": [
        ("上海东路", "城厢镇", 121.1350, 31.4550), ("北京东路", "娄东街道", 121.1300, 31.4650),
        ("北京西路", "城厢镇", 121.1050, 31.4650), ("郑和中路", "城厢镇", 121.1100, 31.4500),
        ("太平北路", "城厢镇", 121.1150, 31.4650), ("常胜南路", "娄东街道", 121.1500, 31.4500),
        ("娄江路", "城厢镇", 121.1200, 31.4600), ("东仓南路", "城厢镇", 121.1250, 31.4500),
    ],
}

# Used when cities/suzhou/streets.csv has not been loaded into geo.Street.
STREETS_FALLBACK = {name: sorted({r[1] for r in roads}) for name, roads in ROADS.items()}

# How the district part of a registered address is written, with weights (province/city prefix or not,
# official names, aliases, free-trade-zone prefix, old names).
DISTRICT_PREFIXES: dict[str, list[tuple[str, float]]] = {
    "工业园区": [("苏州工业园区", 5), ("江苏省苏州市工业园区", 1), ("苏州市工业园区", 2), ("江苏省苏州工业园区", 1),
             ("中国（江苏）自由贸易试验区苏州片区苏州工业园区", 2), ("苏州园区", 0.5)],
    "虎丘区": [("苏州高新区", 4), ("苏州市高新区", 2), ("苏州市虎丘区", 2), ("江苏省苏州市高新区", 1),
            ("江苏省苏州市虎丘区", 1), ("苏州市苏州高新区", 0.5), ("苏州新区", 0.3)],
    "姑苏区": [("苏州市姑苏区", 5), ("江苏省苏州市姑苏区", 2), ("姑苏区", 1), ("苏州市平江区", 0.3),
            ("苏州市沧浪区", 0.3), ("苏州市金阊区", 0.3)],
    "吴中区": [("苏州市吴中区", 5), ("江苏省苏州市吴中区", 2), ("苏州吴中经济技术开发区", 1.5), ("吴中区", 0.5),
            ("苏州市吴中经济开发区", 0.5)],
    "相城区": [("苏州市相城区", 5), ("江苏省苏州市相城区", 2), ("苏州高铁新城", 1), ("苏州市相城经济技术开发区", 1),
            ("相城区", 0.5)],
    "吴江区": [("苏州市吴江区", 5), ("江苏省苏州市吴江区", 2), ("吴江经济技术开发区", 1), ("吴江区", 0.5),
            ("苏州市吴江经济技术开发区", 0.5)],
    "昆山市": [("昆山市", 5), ("江苏省昆山市", 3), ("江苏省苏州市昆山市", 1), ("昆山开发区", 1), ("苏州市昆山市", 0.5)],
    "张家港市": [("张家港市", 5), ("江苏省张家港市", 3), ("江苏省苏州市张家港市", 1), ("张家港经济技术开发区", 0.5)],
    "常熟市": [("常熟市", 5), ("江苏省常熟市", 3), ("江苏省苏州市常熟市", 1), ("常熟经济技术开发区", 0.5)],
    "太仓市": [("太仓市", 5), ("江苏省太仓市", 3), ("江苏省苏州市太仓市", 1), ("太仓港经济技术开发区", 0.3)],
}

FULL_WIDTH = str.maketrans("0123456789ABCDEF-", "０１２３４５６７８９ＡＢＣＤＥＦ－")
CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals, as floors are sometimes written (十八层)."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def weighted(rng: random.Random, options: list[tuple[str, float]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


@dataclass(frozen=True)
class Place:
    """Where a registered address points: a road and number, optionally a building, tower, floor and room."""

    district: str
    street: str
    road: str
    number: int
    building: str = ""
    tower: str = ""
    floor: int | None = None
    room: str = ""
    cluster_seat: int | None = None  # 集群登记: a numbered seat at a shared registration address


def format_address(place: Place, rng: random.Random) -> str:
    """One registered address for `place`, in one of the many ways people write them."""
    prefix = weighted(rng, DISTRICT_PREFIXES[place.district])
    parts = [prefix]
    if rng.random() < 0.22 and place.street and place.street not in prefix:
        parts.append(place.street)
    number = str(place.number)
    sep = " " if rng.random() < 0.03 else ""
    parts.append(f"{place.road}{sep}{number}{sep}号")
    if place.building and rng.random() < 0.65:
        parts.append(place.building)
    if place.tower and (place.building or rng.random() < 0.5):
        parts.append(place.tower)
    if place.floor is not None:
        parts.append(_floor_room(place, rng))
    text = "".join(parts)
    if place.cluster_seat is not None:
        text += rng.choice([f"-{place.cluster_seat}工位（集群登记）", f"（集群登记{place.cluster_seat}号）",
                            f"{place.cluster_seat}号工位（集群登记）"])
    if rng.random() < 0.08:
        text = text.translate(FULL_WIDTH)
    return text


def _floor_room(place: Place, rng: random.Random) -> str:
    floor, room = place.floor, place.room
    if not room:
        return rng.choice([f"{floor}层", f"{floor}楼", f"{floor}F"])
    style = rng.random()
    if style < 0.30:
        return f"{floor}层{room}室"
    if style < 0.55:
        return f"{room}室"
    if style < 0.65:
        return f"{floor}楼"
    if style < 0.72:
        return f"{floor}F"
    if style < 0.78:
        return f"第{floor}层"
    if style < 0.84 and floor <= 99:
        return f"{chinese_number(floor)}层"
    if style < 0.92:
        return f"{floor}楼{room}"
    return f"{room}"
