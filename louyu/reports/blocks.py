"""The one content model of every report: a document is a list of blocks, rendered to DOCX and to PDF by
two renderers that know nothing about buildings or taxes — so the two formats cannot drift apart."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 = chapter (Heading 1), 2 = section (Heading 2)


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # body | note (smaller, muted) | lead (bold first line of a chapter)


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None  # relative column widths
    caption: str = ""
    total_rows: int = 0  # the last N rows are totals (bold)
    numeric_from: int = 1  # columns from this index on are right-aligned figures …
    numeric_to: int | None = None  # … up to this one (None: to the last; a text column may follow the figures)

    def right_aligned(self, column: int) -> bool:
        return self.numeric_from <= column < (len(self.columns) if self.numeric_to is None else self.numeric_to)


@dataclass(frozen=True)
class Chart:
    png: bytes
    caption: str
    width_cm: float = 15.0


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Toc:
    """The table of contents: a real TOC field in Word; in the PDF, the headings with their page numbers."""

    title: str = "目　录"


Block = Heading | Paragraph | Table | Chart | PageBreak | Toc


@dataclass
class Document:
    title: str  # cover title
    subtitle: str = ""
    issuer: str = ""  # cover: who publishes it
    date_line: str = ""  # cover: 二〇二四年一月 …
    imprint: list[str] = field(default_factory=list)  # imprint page lines (as-of date, data sources)
    blocks: list = field(default_factory=list)
    cover: bool = True  # a briefing has no cover: it starts with its title
    header: str = ""  # running header text

    def add(self, *blocks) -> None:
        for b in blocks:
            if isinstance(b, (list, tuple)):
                self.blocks.extend(b)
            else:
                self.blocks.append(b)

    def headings(self, level: int | None = None) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading) and (level is None or b.level == level)]

    def heading_text(self) -> str:
        """Text set in the heading face (titles, headings, table header and total rows)."""
        parts = [self.title, self.subtitle, self.issuer, self.date_line, self.header]
        for b in self.blocks:
            if isinstance(b, Heading):
                parts.append(b.text)
            elif isinstance(b, Table):
                parts.extend([b.caption, *b.columns, *(c for r in b.rows[len(b.rows) - b.total_rows:] for c in r)] if b.total_rows
                             else [b.caption, *b.columns])
            elif isinstance(b, Toc):
                parts.append(b.title)
            elif isinstance(b, Paragraph) and b.style == "lead":
                parts.append(b.text)
        return "".join(parts)

    def text(self) -> str:
        """All visible text (the PDF renderer subsets its fonts to exactly these characters)."""
        parts = [self.title, self.subtitle, self.issuer, self.date_line, self.header, *self.imprint]
        for b in self.blocks:
            if isinstance(b, (Heading, Paragraph)):
                parts.append(b.text)
            elif isinstance(b, Table):
                parts.extend([b.caption, *b.columns, *(c for r in b.rows for c in r)])
            elif isinstance(b, Chart):
                parts.append(b.caption)
            elif isinstance(b, Toc):
                parts.append(b.title)
        return "".join(parts)
