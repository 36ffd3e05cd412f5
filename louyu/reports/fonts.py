"""The Chinese fonts of every report, from the PyPI package `pylopdf-fonts-zh-cn` (Noto Sans SC / Noto Serif SC,
SIL OFL) that `make install` brings — no system font is assumed.

Word documents only name fonts (黑体/仿宋_GB2312/宋体, with the East-Asian slot set), so Word uses the reader's own.
Charts use the OTF directly (matplotlib reads CFF outlines). The PDF embeds the font; reportlab accepts only
TrueType outlines, so `truetype_subset` cuts the OTF down to the document's own characters and converts that
subset's cubic CFF outlines to quadratic TrueType ones with fontTools (see docs/decisions.md for the timings).
"""
from __future__ import annotations

import functools
import hashlib
import io
from pathlib import Path

import pylopdf_fonts_zh_cn
from fontTools import subset as ft_subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

# Names written into DOCX: the 公文 convention (GB/T 9704): 黑体 headings, 仿宋 body; 宋体 for tables.
DOCX_HEADING = "黑体"
DOCX_BODY = "仿宋"
DOCX_TABLE = "宋体"
DOCX_LATIN = "Times New Roman"

ALWAYS = "0123456789.,:;%+-–—()（）：；，。、·/×≥≤＜＞ "  # figures and punctuation the layout itself adds


def sans_otf() -> Path:
    return Path(pylopdf_fonts_zh_cn.sans_path())


def serif_otf() -> Path:
    return Path(pylopdf_fonts_zh_cn.serif_path())


@functools.lru_cache(maxsize=2)
def _font_bytes(path: str) -> bytes:
    return Path(path).read_bytes()


def cached_subset(otf: Path, chars: str) -> bytes:
    """`truetype_subset`, kept under var/fonts by character set: regenerating the same report skips the work."""
    from django.conf import settings

    key = hashlib.sha1(f"{otf.name}|{chars}".encode()).hexdigest()[:20]
    path = Path(settings.VAR_DIR) / "fonts" / f"{otf.stem}-{key}.ttf"
    if path.exists():
        return path.read_bytes()
    data = truetype_subset(otf, chars)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return data


def truetype_subset(otf: Path, text: str) -> bytes:
    """A TrueType font holding exactly the glyphs of `text` (plus digits and punctuation), from a CFF OTF."""
    options = ft_subset.Options()
    options.layout_features = []  # reportlab does no shaping: GSUB/GPOS only cost time
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.hinting = False
    options.desubroutinize = True
    font = TTFont(io.BytesIO(_font_bytes(str(otf))), lazy=True)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(text=text + ALWAYS)
    subsetter.subset(font)
    _cff_to_glyf(font)
    # reportlab registers faces by PostScript name: two subsets both called "NotoSansSC-Regular" in one process
    # would share the first one's character map. Each subset gets a name of its own.
    unique = f"{otf.stem}-{hashlib.sha1(text.encode()).hexdigest()[:8]}"
    for record in font["name"].names:
        if record.nameID in (3, 4, 6):
            record.string = unique
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _cff_to_glyf(font: TTFont) -> None:
    """fontTools' otf2ttf recipe: draw each CFF glyph through a cubic→quadratic pen into a glyf table."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    for tag in ("VORG", "GSUB", "GPOS"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 1 if attr == "maxZones" else 0)
    font["maxp"] = maxp
    maxp.compile(font)
    post = font["post"]
    post.formatType = 3.0  # no glyph names: CID-keyed glyphs have none worth keeping
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
