"""Blocks → PDF (reportlab platypus) with the same content as the DOCX: cover, imprint, a table of contents with
page numbers (two-pass build), A4 with the same margins, page numbers in the footer, tables whose header row
repeats on every page, charts as images. The Chinese fonts are embedded as TrueType subsets of exactly the
document's characters (louyu.reports.fonts), so every character extracts as itself."""
from __future__ import annotations

import hashlib
import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate, Frame, Image, KeepTogether, NextPageTemplate, PageBreak, PageTemplate, Paragraph, Spacer, Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from . import blocks as b
from . import fonts

BLUE = colors.HexColor("#0b4ea2")
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#6b7785")
LINE = colors.HexColor("#9aa5b1")
HEADER_FILL = colors.HexColor("#e8f0fb")
TOTAL_FILL = colors.HexColor("#f4f6f9")
MARGINS = dict(topMargin=3.7 * cm, bottomMargin=3.5 * cm, leftMargin=2.8 * cm, rightMargin=2.6 * cm)


def _register(document: b.Document) -> tuple[str, str]:
    """Register the two subset fonts under names unique to the document's character set."""
    names = []
    registered = pdfmetrics.getRegisteredFontNames()
    # The TOC repeats headings in the body face, so the body face covers all text; the heading face only its own.
    for prefix, otf, text in (("LouyuSans", fonts.sans_otf(), document.heading_text()),
                              ("LouyuSerif", fonts.serif_otf(), document.text())):
        chars = "".join(sorted(set(text)))
        name = f"{prefix}-{hashlib.sha1(chars.encode()).hexdigest()[:10]}"
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(fonts.cached_subset(otf, chars))))
        names.append(name)
    return tuple(names)


def _styles(sans: str, serif: str) -> dict:
    base = dict(fontName=serif, fontSize=11, leading=19, textColor=INK, wordWrap="CJK")
    return {
        "body": ParagraphStyle("body", firstLineIndent=22, **base),
        "lead": ParagraphStyle("lead", firstLineIndent=22, **{**base, "fontName": sans}),
        "note": ParagraphStyle("note", **{**base, "fontSize": 9.5, "leading": 15, "textColor": MUTED}),
        "h1": ParagraphStyle("h1", fontName=sans, fontSize=16, leading=24, spaceBefore=14, spaceAfter=10, textColor=INK, wordWrap="CJK"),
        "h2": ParagraphStyle("h2", fontName=sans, fontSize=13.5, leading=20, spaceBefore=10, spaceAfter=6, textColor=INK, wordWrap="CJK"),
        "title": ParagraphStyle("title", fontName=sans, fontSize=26, leading=36, alignment=TA_CENTER, textColor=BLUE, wordWrap="CJK"),
        "subtitle": ParagraphStyle("subtitle", fontName=sans, fontSize=15, leading=24, alignment=TA_CENTER, textColor=INK, wordWrap="CJK"),
        "cover": ParagraphStyle("cover", fontName=sans, fontSize=14, leading=24, alignment=TA_CENTER, textColor=INK, wordWrap="CJK"),
        "imprint": ParagraphStyle("imprint", fontName=serif, fontSize=9.5, leading=16, textColor=INK, wordWrap="CJK"),
        "caption": ParagraphStyle("caption", fontName=serif, fontSize=9.5, leading=14, alignment=TA_CENTER, textColor=MUTED, wordWrap="CJK"),
        "tcaption": ParagraphStyle("tcaption", fontName=sans, fontSize=10.5, leading=16, alignment=TA_CENTER, textColor=INK, wordWrap="CJK"),
        "cell": ParagraphStyle("cell", fontName=serif, fontSize=9, leading=12, alignment=TA_LEFT, wordWrap="CJK"),
        "th": ParagraphStyle("th", fontName=sans, fontSize=9, leading=12, alignment=TA_LEFT, wordWrap="CJK"),
        "toc_title": ParagraphStyle("toc_title", fontName=sans, fontSize=16, leading=24, alignment=TA_CENTER, spaceAfter=12),
        "toc1": ParagraphStyle("toc1", fontName=serif, fontSize=11, leading=20),
        "toc2": ParagraphStyle("toc2", fontName=serif, fontSize=10, leading=17, leftIndent=20),
    }


class _Doc(BaseDocTemplate):
    def __init__(self, buf, document: b.Document, sans: str, **kw):
        super().__init__(buf, pagesize=A4, title=document.title, author=document.issuer or "Louyu",
                         subject=document.subtitle, **MARGINS, **kw)
        self._sans = sans
        self._header = document.header
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([
            PageTemplate("cover", frames=[frame], onPage=lambda c, d: None),
            PageTemplate("page", frames=[frame], onPage=self._decorate),
        ])

    def _decorate(self, canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(self._sans, 10)
        canvas.setFillColor(INK)
        canvas.drawCentredString(A4[0] / 2, 2.0 * cm, f"— {doc.page} —")
        if self._header:
            canvas.setFont(self._sans, 8.5)
            canvas.setFillColor(MUTED)
            canvas.drawCentredString(A4[0] / 2, A4[1] - 2.4 * cm, self._header)
        canvas.restoreState()

    def afterFlowable(self, flowable) -> None:
        level = getattr(flowable, "_toc_level", None)
        if level is not None:
            key = f"h{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level - 1, closed=level > 1)
            self.notify("TOCEntry", (level - 1, flowable.getPlainText(), self.page, key))


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(text), style)


def _table(t: b.Table, st: dict, width: float) -> list:
    cell_right = ParagraphStyle("cr", parent=st["cell"], alignment=2)
    total_style = ParagraphStyle("tot", parent=st["cell"], fontName=st["th"].fontName)
    total_right = ParagraphStyle("totr", parent=total_style, alignment=2)
    widths = t.widths or [1] * len(t.columns)
    col_widths = [width * w / sum(widths) for w in widths]
    size = st["cell"].fontSize

    def cell(text: str, i: int, style):
        # A Paragraph wraps but costs ~50× a plain string to lay out: only long texts get one.
        if len(text) * size > col_widths[i] - 6:
            return _p(text, style)
        return text

    data = [[cell(c, i, st["th"]) for i, c in enumerate(t.columns)]]
    n = len(t.rows)
    for k, row in enumerate(t.rows):
        total = k >= n - t.total_rows
        data.append([cell(v, i, (total_right if total else cell_right) if t.right_aligned(i) else (total_style if total else st["cell"]))
                     for i, v in enumerate(row)])
    first_total = n - t.total_rows + 1
    style = [
        ("FONT", (0, 0), (-1, -1), st["cell"].fontName, size, st["cell"].leading),
        ("FONT", (0, 0), (-1, 0), st["th"].fontName, size, st["th"].leading),
        ("ALIGN", (t.numeric_from, 1), (-1 if t.numeric_to is None else t.numeric_to - 1, -1), "RIGHT"),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("GRID", (0, 0), (-1, -1), 0.5, LINE),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if t.total_rows:
        style += [("BACKGROUND", (0, first_total), (-1, -1), TOTAL_FILL),
                  ("FONT", (0, first_total), (-1, -1), st["th"].fontName, size, st["th"].leading)]
    out = []
    if t.caption:
        out.append(_p(t.caption, st["tcaption"]))
    out.append(Table(data, colWidths=col_widths, repeatRows=1, style=TableStyle(style), hAlign="CENTER"))
    out.append(Spacer(1, 8))
    return out


def _chart(c: b.Chart, st: dict, width: float) -> KeepTogether:
    img = Image(io.BytesIO(c.png))
    w = min(c.width_cm * cm, width)
    img.drawHeight = img.imageHeight * w / img.imageWidth
    img.drawWidth = w
    return KeepTogether([img, _p(c.caption, st["caption"]), Spacer(1, 8)])


def render(document: b.Document) -> bytes:
    sans, serif = _register(document)
    st = _styles(sans, serif)
    buf = io.BytesIO()
    doc = _Doc(buf, document, sans)
    story: list = []
    if document.cover:
        story += [Spacer(1, 5 * cm), _p(document.title, st["title"])]
        if document.subtitle:
            story += [Spacer(1, 0.6 * cm), _p(document.subtitle, st["subtitle"])]
        story += [Spacer(1, 9 * cm)] + [_p(x, st["cover"]) for x in (document.issuer, document.date_line) if x]
        story += [NextPageTemplate("page"), PageBreak()]
        if document.imprint:
            story += [Spacer(1, 12 * cm)] + [_p(x, st["imprint"]) for x in document.imprint] + [PageBreak()]
    else:
        story += [NextPageTemplate("page"), _p(document.title, st["title"])]
        if document.subtitle:
            story += [_p(document.subtitle, st["caption"])]
        story.append(Spacer(1, 10))
    has_toc = False
    for block in document.blocks:
        if isinstance(block, b.Heading):
            para = _p(block.text, st["h1" if block.level == 1 else "h2"])
            para._toc_level = block.level
            story.append(para)
        elif isinstance(block, b.Paragraph):
            story.append(_p(block.text, st.get(block.style, st["body"])))
        elif isinstance(block, b.Table):
            story += _table(block, st, doc.width)
        elif isinstance(block, b.Chart):
            story.append(_chart(block, st, doc.width))
        elif isinstance(block, b.PageBreak):
            story.append(PageBreak())
        elif isinstance(block, b.Toc):
            toc = TableOfContents(levelStyles=[st["toc1"], st["toc2"]], dotsMinLevel=0)
            # The first pass already draws a contents of the right length (page numbers still unknown), so the
            # pages do not shift on the second pass and reportlab stops after two passes instead of three.
            toc._entries = [(h.level - 1, h.text, 999, None) for h in document.headings()]
            story += [_p(block.title, st["toc_title"]), toc, PageBreak()]
            has_toc = True
    if has_toc:
        doc.multiBuild(story)
    else:
        doc.build(story)
    return buf.getvalue()
