"""Reading generated documents back: DOCX paragraphs, headings and tables; PDF text."""
from __future__ import annotations

from docx import Document
from pypdf import PdfReader


def docx_headings(path, level: int) -> list[str]:
    return [p.text for p in Document(path).paragraphs if p.style.name == f"Heading {level}"]


def docx_tables(path) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in Document(path).tables]


def docx_text(path) -> str:
    doc = Document(path)
    return "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])


def table_starting(tables, *header_cells: str):
    return next(t for t in tables if t[0][: len(header_cells)] == list(header_cells))


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
