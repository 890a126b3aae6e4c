"""Blank question templates for organisers: the header row and two example rows.

Both examples import cleanly with :func:`quizapp.questionbank.importer.import_questions`
(the tests check it), so an organiser can start by overwriting them.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ..core.quiz.questions import TYPE_LABELS
from .importer import COLUMNS

EXAMPLE_ROWS: tuple[dict[str, Any], ...] = (
    {"题型": "单选", "题目": "我国的首都是哪座城市？", "选项A": "北京", "选项B": "上海", "选项C": "广州",
     "选项D": "深圳", "答案": "A", "解析": "北京是中华人民共和国的首都。", "难度": "易", "标签": "常识，地理"},
    {"题型": "判断", "题目": "在标准大气压下，纯水的沸点是 100 ℃。", "答案": "正确", "分值": 10,
     "解析": "一个标准大气压下，纯水的沸点为 100 ℃；气压降低时沸点也会降低。", "难度": 1, "标签": "常识、物理"},
)
"""The template's example rows by column name (missing columns are blank)."""

INSTRUCTIONS = (
    ("列名", "是否必填", "填写说明"),
    ("题型", "必填", "单选、多选、判断、填空、简答（也可写“单选题”等）"),
    ("题目", "必填", "题干文字"),
    ("选项A～选项F", "选择题必填", "单选/多选题填写 2～6 个选项，从选项A起连续填写；其他题型留空"),
    ("答案", "必填", "选择题填字母，如 A、ABD、A,B,D；判断题填 正确/错误（或 对/错、√/×、T/F）；"
                   "填空题多个可接受答案用 | 分隔；简答题可填参考答案"),
    ("分值", "选填", "非负整数；留空则按轮次设置计分"),
    ("解析", "选填", "公布答案时显示；留空则显示“（本题暂无解析）”"),
    ("难度", "选填", "1、2、3 或 易、中、难；留空为 1"),
    ("标签", "选填", "多个标签用逗号或顿号分隔，如：消防安全，用电安全"),
    ("", "", ""),
    ("注意", "", "第1行表头不要修改；每行一道题；一个文件最多 10000 道题、10 MB；"
               "导入时任何一行有错误都不会导入，请按提示逐行修改后重新导入"),
)

_WIDTHS = {"题型": 8, "题目": 48, "答案": 10, "分值": 8, "解析": 40, "难度": 8, "标签": 18}


def template_rows() -> list[list[Any]]:
    """Header and example rows as cell values, in column order."""
    return [list(COLUMNS)] + [[row.get(col, "") for col in COLUMNS] for row in EXAMPLE_ROWS]


def template_xlsx() -> bytes:
    """The template as an .xlsx workbook: sheet 题目 (to fill in) and sheet 填写说明."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "题目"
    for row in template_rows():
        sheet.append([None if value == "" else value for value in row])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    for index, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 14)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    labels = ",".join(TYPE_LABELS.values())
    kinds = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True,
                           errorTitle="题型", error="请选择：单选、多选、判断、填空、简答")
    kinds.add("A2:A10001")
    levels = DataValidation(type="list", formula1='"1,2,3,易,中,难"', allow_blank=True)
    level_column = get_column_letter(COLUMNS.index("难度") + 1)
    levels.add(f"{level_column}2:{level_column}10001")
    sheet.add_data_validation(kinds)
    sheet.add_data_validation(levels)
    notes = workbook.create_sheet("填写说明")
    for row in INSTRUCTIONS:
        notes.append(list(row))
    for cell in notes[1]:
        cell.font = bold
    notes.column_dimensions["A"].width = 14
    notes.column_dimensions["B"].width = 12
    notes.column_dimensions["C"].width = 90
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_csv() -> bytes:
    """The template as CSV, UTF-8 with a BOM so Excel on Windows shows the Chinese right."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    for row in template_rows():
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")
