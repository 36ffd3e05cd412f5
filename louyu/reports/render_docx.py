"""Blocks → DOCX (python-docx): real Heading 1/2 styles (navigation pane, TOC field), a TOC field Word fills on
opening, PAGE field in the footer, A4 with 公文-like margins, 黑体 headings and 仿宋/宋体 body named with the
East-Asian font slot (w:eastAsia), tables whose header row repeats on every page (w:tblHeader)."""
from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from . import blocks as b
from . import fonts

INK = RGBColor(0x1F, 0x29, 0x33)
MUTED = RGBColor(0x6B, 0x77, 0x85)
BLUE = RGBColor(0x0B, 0x4E, 0xA2)
HEADER_FILL = "E8F0FB"  # louyu.css --blue-light
TOTAL_FILL = "F4F6F9"


def _fonts(style_or_run, east_asia: str, latin: str = fonts.DOCX_LATIN) -> None:
    font = style_or_run.font
    font.name = latin
    r_pr = style_or_run.element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, r_fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        r_fonts.attrib.pop(qn(attr), None)  # a theme font attribute wins over the named font in Word
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        r_fonts.set(qn(attr), latin)
    r_fonts.set(qn("w:eastAsia"), east_asia)


def _styles(doc) -> None:
    st = doc.styles
    normal = st["Normal"]
    _fonts(normal, fonts.DOCX_BODY)
    normal.font.size = Pt(12)
    normal.font.color.rgb = INK
    pf = normal.paragraph_format
    pf.line_spacing = 1.5
    pf.space_after = Pt(0)
    for name, size, before, after in (("Heading 1", 16, 18, 12), ("Heading 2", 14, 12, 6), ("Title", 26, 0, 12)):
        s = st[name]
        _fonts(s, fonts.DOCX_HEADING)
        s.font.size = Pt(size)
        s.font.bold = False  # 黑体 is heavy already; bold 黑体 smears in print
        s.font.color.rgb = INK if name != "Title" else BLUE
        s.paragraph_format.space_before = Pt(before)
        s.paragraph_format.space_after = Pt(after)
        s.paragraph_format.keep_with_next = True
        s.paragraph_format.line_spacing = 1.25
    for name in ("TOC Heading",):
        if name in [x.name for x in st]:
            _fonts(st[name], fonts.DOCX_HEADING)


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (PAGE, TOC …): Word computes its result; `placeholder` shows until it does."""
    def fld(kind):
        r = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._r.append(el)
        return r
    fld("begin")
    r = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    r._r.append(instr)
    fld("separate")
    if placeholder:
        paragraph.add_run(placeholder)
    fld("end")


def _update_fields_on_open(doc) -> None:
    settings = doc.settings.element
    el = settings.find(qn("w:updateFields"))
    if el is None:
        el = OxmlElement("w:updateFields")
        settings.append(el)
    el.set(qn("w:val"), "true")


def _page_setup(doc, header_text: str) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    # GB/T 9704 公文 layout: 天头 37 mm, 订口 28 mm; text block 156 × 225 mm
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(2.0)
    section.different_first_page_header_footer = True  # the cover has no page number
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    _field(footer, "PAGE", "1")
    footer.add_run(" —")
    for run in footer.runs:
        _fonts(run, fonts.DOCX_TABLE)
        run.font.size = Pt(10.5)
    if header_text:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = header.add_run(header_text)
        run.font.size = Pt(9)
        run.font.color.rgb = MUTED


def _cover(doc, document: b.Document) -> None:
    for _ in range(6):
        doc.add_paragraph()
    title = doc.add_paragraph(document.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if document.subtitle:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(document.subtitle)
        _fonts(run, fonts.DOCX_HEADING)
        run.font.size = Pt(16)
    for _ in range(10):
        doc.add_paragraph()
    for line in (document.issuer, document.date_line):
        if line:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(line)
            _fonts(run, fonts.DOCX_HEADING)
            run.font.size = Pt(15)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if document.imprint:
        for _ in range(18):
            doc.add_paragraph()
        for line in document.imprint:
            p = doc.add_paragraph()
            run = p.add_run(line)
            run.font.size = Pt(10.5)
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _cell_text(cell, text: str, *, bold=False, right=False, size=10.5) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.line_spacing = 1.0
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    run = p.add_run(text)
    _fonts(run, fonts.DOCX_TABLE)
    run.font.size = Pt(size)
    run.bold = bold


def _table(doc, t: b.Table) -> None:
    if t.caption:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(t.caption)
        _fonts(run, fonts.DOCX_HEADING)
        run.font.size = Pt(11)
        p.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=len(t.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _repeat_header(header)
    widths = [Cm(w * 15.6 / sum(t.widths)) for w in t.widths] if t.widths else None  # 15.6 cm of text width
    cells = header.cells  # python-docx walks the row on every .cells: read it once per row
    for i, name in enumerate(t.columns):
        _cell_text(cells[i], name, bold=True, right=False, size=10)
        _shade(cells[i], HEADER_FILL)
        if widths:
            cells[i].width = widths[i]
    n = len(t.rows)
    for k, values in enumerate(t.rows):
        cells = table.add_row().cells
        total = k >= n - t.total_rows
        for i, value in enumerate(values):
            _cell_text(cells[i], value, bold=total, right=t.right_aligned(i))
            if total:
                _shade(cells[i], TOTAL_FILL)
            if widths:
                cells[i].width = widths[i]
    doc.add_paragraph()


def render(document: b.Document) -> bytes:
    doc = new_docx()
    _styles(doc)
    _page_setup(doc, document.header)
    doc.core_properties.title = document.title
    doc.core_properties.subject = document.subtitle
    doc.core_properties.author = document.issuer or "Louyu"
    if document.cover:
        _cover(doc, document)
    else:
        p = doc.add_paragraph(document.title, style="Title")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if document.subtitle:
            s = doc.add_paragraph()
            s.alignment = WD_ALIGN_PARAGRAPH.CENTER
            s.add_run(document.subtitle).font.color.rgb = MUTED
    for block in document.blocks:
        if isinstance(block, b.Heading):
            doc.add_heading(block.text, level=block.level)
        elif isinstance(block, b.Paragraph):
            p = doc.add_paragraph()
            run = p.add_run(block.text)
            if block.style == "note":
                run.font.size = Pt(10.5)
                run.font.color.rgb = MUTED
            else:
                p.paragraph_format.first_line_indent = Pt(24)
                if block.style == "lead":
                    run.bold = True
        elif isinstance(block, b.Table):
            _table(doc, block)
        elif isinstance(block, b.Chart):
            doc.add_picture(io.BytesIO(block.png), width=Cm(block.width_cm))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            cap = doc.add_paragraph()
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = cap.add_run(block.caption)
            run.font.size = Pt(10.5)
            run.font.color.rgb = MUTED
        elif isinstance(block, b.PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, b.Toc):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(block.title)
            _fonts(run, fonts.DOCX_HEADING)
            run.font.size = Pt(16)
            toc = doc.add_paragraph()
            _field(toc, 'TOC \\o "1-2" \\h \\z \\u', "（打开文档时 Word 更新目录；如未更新，请右键此处选择“更新域”。）")
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _update_fields_on_open(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
