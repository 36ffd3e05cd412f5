from pathlib import Path

import openpyxl
import pytest

from louyu.intake.kinds import KINDS
from louyu.intake.models import ImportKind, ImportStatus
from louyu.intake.services import import_file, template
from louyu.intake.templates import template_columns, template_write

DOCS = Path(__file__).resolve().parents[3] / "docs" / "templates.md"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(KINDS))
def test_each_template_has_the_headers_an_example_row_and_notes_and_an_unfilled_one_is_refused_clearly(tmp_path, kind):
    path = tmp_path / f"{kind}.xlsx"
    template_write(kind, path)
    book = openpyxl.load_workbook(path)
    data, notes = book.worksheets
    spec = KINDS[kind]
    assert [c.value for c in data[1]] == [c.header for c in template_columns(spec)]
    assert data.max_row == 2  # the example row
    assert notes["A1"].value.startswith(spec.label)
    assert {c.header for c in template_columns(spec)} <= {row[0] for row in notes.iter_rows(values_only=True)}
    batch = import_file(kind=kind, path_or_file=path, actor=None)
    assert batch.status == ImportStatus.REJECTED and batch.rows_total == 0  # nothing to import is not a success
    assert batch.skipped[0]["reason"] == "模板示例行，已跳过"
    assert batch.errors[0]["reason"].startswith("文件中没有数据行")


def test_the_web_download_gives_bytes_and_a_chinese_file_name():
    content, name = template(kind="buildings")
    assert content[:2] == b"PK" and name == "楼宇导入模板.xlsx"


def test_kinds_match_the_import_history_choices():
    assert {k: v.label for k, v in KINDS.items()} == dict(ImportKind.choices)


def test_every_template_column_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    for spec in KINDS.values():
        assert f"## {spec.label}" in text
        for column in template_columns(spec):
            assert f"| {column.header} |" in text, (spec.name, column.header)
