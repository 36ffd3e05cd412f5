"""Character-level cleaning of an address before it is parsed: NFKC (full-width → half-width),
traditional → simplified for common address characters, Chinese numerals in front of a unit
(十二楼 → 12楼), registration noise ((集群登记), 工位号 E-174 …) and 自贸区 prefixes.
"""
from __future__ import annotations

import re

from .lexicon import PlaceLexicon, nfkc

# --- Chinese numerals in front of a unit: 十二楼, 二十三层, 一号楼, 二期 ---------------------------
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_NUM_RE = re.compile(r"第?([零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟]+)(?=号楼|号|楼|层|栋|幢|座|期|单元|室|[Ff](?![a-z]))")


def cn_to_int(text: str) -> int | None:
    """'二十三' → 23, '一百零八' → 108, '二一八' → 218 (digit by digit when no 十/百/千)."""
    if not text:
        return None
    if not any(ch in _CN_UNITS for ch in text):
        digits = [_CN_DIGITS.get(ch) for ch in text]
        return None if None in digits else int("".join(map(str, digits)))
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def _cn_repl(match: re.Match) -> str:
    value = cn_to_int(match.group(1))
    if value is None:
        return match.group(0)
    return ("第" if match.group(0).startswith("第") else "") + str(value)


_CN_ANY_RE = re.compile("[" + "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "]")


def convert_cn_numbers(text: str) -> str:
    return _CN_NUM_RE.sub(_cn_repl, text) if _CN_ANY_RE.search(text) else text


# --- noise: registration remarks that say nothing about the place ---------------------------------
_NOISE_KEYS = r"集群|托管|工位|申报|集中办公|一址多照|秘书|挂靠|孵化|仅限|仅作"
_PAREN_NOISE_RE = re.compile(r"\([^()]*?(?:" + _NOISE_KEYS + r")[^()]*\)")
_WORKSTATION_RE = re.compile(r"-?(?:[A-Za-z]{0,2}-?\d{1,5})?工位号?:?\s*(?:[A-Za-z]{0,2}-?\d{1,5})?")
_BARE_NOISE_RE = re.compile(r"集群登记|集群注册|住所申报|自主申报|地址托管|一址多照|托管|集中办公区?(?:[A-Za-z]{0,2}-?\d{1,5}号?)?")
_NOISE_RE = re.compile(_PAREN_NOISE_RE.pattern + "|" + _BARE_NOISE_RE.pattern)
_NOISE_HINT_RE = re.compile(r"工位|集群|托管|申报|一址多照|集中办公")
_DASHES = str.maketrans({"—": "-", "–": "-", "−": "-", "~": "-", "〜": "-", "‐": "-",
                         "【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")"})
# Traditional characters common in addresses (Hong Kong / Taiwan enterprises write 蘇州工業園區).
_TRADITIONAL = ("蘇苏區区園园東东門门號号樓楼層层廣广場场廈厦國国際际華华業业鎮镇縣县內内會会貿贸館馆開开發发灣湾陽阳"
                "龍龙鳳凤風风長长張张倉仓崑昆興兴寶宝帶带滄沧閶阊濱滨傳传億亿匯汇豐丰萬万紀纪麗丽連连團团營营銀银證证創创"
                "產产學学術术車车電电訊讯網网絡络資资壽寿鄉乡總总辦办處处廳厅機机構构設设計计體体優优質质務务聯联鐵铁橋桥"
                "聖圣廟庙鶴鹤蓮莲臺台葉叶廠厂莊庄衛卫獅狮濟济經经盤盘陰阴陸陆歐欧雲云臨临藝艺邊边閣阁綠绿滸浒關关澤泽灘滩"
                "綜综貨货幣币標标導导驛驿韻韵黃黄齊齐偉伟倫伦錦锦鑽钻陳陈濤涛漢汉嶺岭島岛徑径橫横瀾澜測测環环廬庐淩凌"
                "吳吴圓圆鄭郑暉晖誠诚鍾钟鐘钟鄧邓劉刘孫孙楊杨趙赵錢钱馬马與与範范為为閘闸閔闵鳴鸣鵬鹏紅红順顺潤润"
                "嶼屿鎖锁農农糧粮勝胜榮荣寧宁滬沪漁渔碼码頭头閒闲湧涌貝贝達达溫温潔洁愛爱")
_TRAD_TABLE = str.maketrans(dict(zip(_TRADITIONAL[::2], _TRADITIONAL[1::2])))
_TRAD_RE = re.compile("[" + _TRADITIONAL[::2] + "]")
_DASH_CHARS_RE = re.compile("[" + re.escape("".join(chr(c) for c in _DASHES)) + "]")
_FOLD_RE = re.compile(_DASH_CHARS_RE.pattern[:-1] + _TRAD_RE.pattern[1:])
_FTZ_RE = re.compile(r"(?:中国)?\(?[\u4e00-\u9fff]{2,3}\)?自由贸易试验区(?:[\u4e00-\u9fff]{2,4}?片区)?"
                     r"|[\u4e00-\u9fff]{0,4}?自贸(?:试验)?区(?:[\u4e00-\u9fff]{2,4}?片区)?|[\u4e00-\u9fff]{2,4}自贸片区")


# Spaces between Chinese characters, or between Chinese and digits. Each branch starts with \s (the
# character before it is checked by the look-behind) so the regex engine skips other characters fast.
_CJK_SPACE_RE = re.compile(r"\s(?<=[\u4e00-\u9fff\d]\s)\s*(?=[\u4e00-\u9fff])|\s(?<=[\u4e00-\u9fff]\s)\s*(?=\d)")
# _WORKSTATION_RE reads at most this many characters before 工位 (-, two letters, -, five digits).
_WORKSTATION_REACH = 9


def fold_chars(text: str) -> str:
    """NFKC, one kind of dash and bracket, simplified characters."""
    text = nfkc(text)
    if _FOLD_RE.search(text):  # str.translate is slow on CJK text; most addresses need neither
        text = text.translate(_DASHES).translate(_TRAD_TABLE)
    return text


def clean_text(raw: str, lexicon: PlaceLexicon) -> tuple[str, bool]:
    """Cleaned text, and whether a 自贸区 prefix was removed."""
    text = fold_chars(raw or "")
    ftz = False
    if "自" in text:  # every 自贸区 prefix has it; most addresses skip this
        for prefix in lexicon.ftz_prefixes:
            if prefix in text:
                text = text.replace(prefix, " ")
                ftz = True
        if "自由贸易" in text or "自贸" in text:
            text, count = _FTZ_RE.subn(" ", text)
            ftz = ftz or bool(count)
    if _NOISE_HINT_RE.search(text):
        at = text.find("工位")
        if at >= 0:  # no match can start earlier, so the regex need not try every position before it
            start = max(0, at - _WORKSTATION_REACH)
            text = text[:start] + _WORKSTATION_RE.sub(" ", text[start:])
        text = _NOISE_RE.sub(" ", text)
    text = convert_cn_numbers(text)
    if " " in text:
        text = " ".join(_CJK_SPACE_RE.sub("", text.strip()).split())
    return text, ftz
