"""A downloadable .xlsx import template per kind: the header row, an example row (skipped on import)
and a 填写说明 sheet listing every column with its format; generated from the kind itself."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from louyu.core import spreadsheets

from . import kinds
from .kinds.base import Column

REQUIRED_FILL = PatternFill("solid", fgColor="FDE9D9")
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")

GENERAL_NOTES = (
    "第1行为表头，请勿修改列名；不需要的可选列可以删除，列的顺序不限。红底列为必填列。",
    "第2行为示例行（编码以“示例”开头或使用示例信用代码），导入时自动跳过，也可直接删除。",
    "表头上方可以有标题行（如“2023年1-6月税收明细表”），表头可以是合并单元格或两行表头。",
    "表格末尾的合计/小计行会被跳过，并与明细之和核对（不一致时给出警告）；制表人、审核人、填报日期等签名行和“注：”说明行会被忽略。",
    "序号等模板以外的列会被忽略；全角字符、多余空格（含全角空格）、千分位逗号会被自动处理。",
    "金额、面积列的表头可以注明与模板不同的单位，如“全口径税收(万元)”“建筑面积(万㎡)”，导入时精确换算为模板单位。",
    "日期可写 2023-01-05、2023/1/5、2023年1月5日、20230105，或使用日期单元格；所属期可写 2023-01、2023/1、2023年1月、202301，或日期单元格。",
    "“是否”类列可写 是/否、Y/N、√/×、1/0。",
    "默认规则：文件中任何一行有错误，整个文件都不导入，并列出每个错误的行号、列、值、原因；可明确选择“仅导入有效行”。",
    "同一文件重复导入不会产生任何变化；已有记录按键更新，每处修改都记入审计日志并注明来自哪次导入。",
    "地区用户只能导入本地区的数据：其他地区的行会被列为错误。",
)


def template_columns(spec) -> list[Column]:
    """The template's columns: all but the optional tax-type breakdown ones (listed in the notes) and 更新时间."""
    return [c for c in spec.columns if not c.key.startswith("tax:") and c.key != "updated_at"]


def _example(column: Column):
    value = column.example
    if isinstance(value, Decimal):
        return float(value) if value == value.quantize(Decimal("0.01")) else str(value)
    return value if value != "" else None


def template_workbook(kind: str) -> Workbook:
    spec = kinds.get(kind)
    columns = template_columns(spec)
    book = Workbook()
    sheet = book.active
    sheet.title = spec.label[:31]
    for index, column in enumerate(columns, 1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        note = "（必填）" if column.required else "（可空）"
        cell.comment = Comment(f"{note}{column.fmt or '文本'}{('；' + column.note) if column.note else ''}", "楼宇经济智慧平台")
        example = sheet.cell(row=2, column=index, value=_example(column))
        example.font = Font(italic=True, color="808080")
        if isinstance(column.example, str) and len(column.example) == 10 and column.type == "date" and column.example[4] == "-":
            example.value = dt.date.fromisoformat(column.example)
            example.number_format = "yyyy-mm-dd"
        width = max(len(column.header) * 2 + 4, len(str(column.example or "")) + 4, 12)
        sheet.column_dimensions[get_column_letter(index)].width = min(width, 48)
        options = _options(column)
        if options:
            validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
            validation.error, validation.errorTitle = "请从下拉列表中选择", "取值无效"
            sheet.add_data_validation(validation)
            validation.add(f"{get_column_letter(index)}2:{get_column_letter(index)}10000")
    sheet.freeze_panes = "A2"
    _notes_sheet(book.create_sheet("填写说明"), spec, columns)
    spreadsheets.text_only(book)
    return book


def _options(column: Column) -> list[str]:
    if column.type == "choice":
        labels: dict[str, str] = {}
        for value, label in column.choices:
            labels.setdefault(value, label)  # later labels of a value are accepted synonyms
        return list(labels.values())
    if column.type == "bool":
        return ["是", "否"]
    if column.type == "verification":
        return ["未核实", "已核实", "存疑"]
    return []


def _notes_sheet(sheet, spec, columns: list[Column]) -> None:
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 48
    sheet.column_dimensions["D"].width = 28
    sheet.column_dimensions["E"].width = 48
    sheet.append([f"{spec.label}导入模板 · 填写说明"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(["列名", "是否必填", "格式", "示例", "说明"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for column in columns:
        sheet.append([column.header, "必填" if column.required else "可空", column.fmt or "文本",
                      str(column.example) if column.example not in ("", None) else "", column.note])
    if spec.name == "tax":
        from .kinds.tax import TAX_TYPES

        sheet.append(["（分税种明细）", "可空", "可增加以下列，单位元：" + "、".join(f"{t}(元)" for t in TAX_TYPES), "", "存入分税种明细"])
    sheet.append([])
    sheet.append([f"唯一键：{'+'.join(spec.column(k).name for k in spec.key)}（同一文件中不能重复；已登记的按键更新）"])
    sheet.append([])
    sheet.append(["通用规则"])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for number, note in enumerate(GENERAL_NOTES + tuple(spec.notes), 1):
        sheet.append([f"{number}. {note}"])


def template_bytes(kind: str) -> bytes:
    buffer = io.BytesIO()
    template_workbook(kind).save(buffer)
    return buffer.getvalue()


def template_write(kind: str, path) -> None:
    template_workbook(kind).save(path)


def template_filename(kind: str) -> str:
    return f"{kinds.get(kind).label}导入模板.xlsx"
