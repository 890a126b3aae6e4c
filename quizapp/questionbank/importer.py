"""Importing questions from the Excel (.xlsx) or CSV file an organiser brings.

One sheet, header in row 1 with Chinese column names (any order), one question
per row after it. The import is all-or-nothing: either every row is a valid
question, or nothing is imported and every problem is reported as
``第N行: …`` with N the row number Excel shows. Per-question rules come from
:func:`quizapp.core.quiz.questions.question_problems`, the same rules as YAML banks.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..core.quiz.questions import (
    LETTERS,
    QUESTION_TYPES,
    TYPE_LABELS,
    Question,
    make_question,
    question_problems,
)
from .store import BANK_ID_RE

MAX_BYTES = 10 * 1024 * 1024
"""Largest file accepted (10 MB)."""
MAX_ROWS = 10_000
"""Most question rows in one file."""
MAX_UNZIPPED = 200 * 1024 * 1024
"""Largest total uncompressed size of an .xlsx (guards against zip bombs)."""
MAX_BLANK_RUN = 1_000
"""Reading stops after this many blank rows in a row (Excel keeps formatted empty rows)."""
PROGRESS_EVERY = 500
"""Rows between two calls of the progress callback."""
DEFAULT_EXPLANATION = "（本题暂无解析）"
"""Used when 解析 is blank or absent: banks need an explanation (see ``loader.load_bank``)."""

OPTION_COLUMNS = tuple(f"选项{letter}" for letter in LETTERS)
COLUMNS = ("题型", "题目", *OPTION_COLUMNS, "答案", "分值", "解析", "难度", "标签")
"""Every known column, in the order of the template."""
REQUIRED_COLUMNS = ("题型", "题目", "答案")

TYPE_NAMES: dict[str, str] = {}
for _code, _label in TYPE_LABELS.items():
    TYPE_NAMES[_label] = TYPE_NAMES[_label + "题"] = TYPE_NAMES[_code] = _code
TYPE_NAMES.update({"判断对错": "true_false", "是非": "true_false", "是非题": "true_false",
                   "问答": "short", "问答题": "short"})
DIFFICULTY_NAMES = {"易": 1, "简单": 1, "容易": 1, "中": 2, "中等": 2, "一般": 2, "难": 3, "困难": 3, "较难": 3}

MSG_NOT_XLSX = "文件不是有效的 Excel（.xlsx）文件"
MSG_OLD_XLS = "文件是旧版 Excel（.xls）格式或设置了打开密码，请在 Excel 中“另存为”无密码的 .xlsx 文件后再导入"
MSG_UNSUPPORTED = "只能导入 Excel（.xlsx）或 CSV（.csv）文件"
MSG_EMPTY = "文件是空的，没有表头也没有题目"
MSG_NO_ROWS = "文件中没有题目：第1行是表头，请从第2行起每行填写一道题"
MSG_TOO_BIG = f"文件超过 {MAX_BYTES // (1024 * 1024)} MB，请拆分成几个文件分别导入"
MSG_TOO_MANY_ROWS = f"题目超过 {MAX_ROWS} 行，请拆分成几个文件分别导入"
MSG_UNZIPPED_TOO_BIG = "Excel 文件解压后过大，请删除多余的工作表、图片或格式后再导入"
MSG_ENCODING = "无法识别 CSV 文件的编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入"
MSG_BAD_CSV = "CSV 文件格式错误，无法读取"
MSG_BAD_BANK_ID = "题库编号只能由小写字母、数字和连字符组成，长度 1 到 40"

_TAG_SPLIT = re.compile(r"[，,、]")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

ProgressCallback = Callable[[int, int], None]


class ImportRejected(Exception):
    """The file as a whole cannot be imported; ``message`` says why (zh-CN)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class ImportResult:
    """Either ``questions`` (and ``counts`` per type label) or ``problems``, never both."""

    questions: list[Question] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the file imported cleanly."""
        return not self.problems


def import_questions(data: bytes, filename: str, bank_id: str,
                     on_progress: ProgressCallback | None = None) -> ImportResult:
    """Parse an uploaded .xlsx or .csv into questions of bank ``bank_id``.

    Question ids are ``f"{bank_id}-{n:04d}"`` (n counts the questions, from 1).
    ``on_progress(done_rows, total_rows)`` is called every ``PROGRESS_EVERY``
    rows while rows are checked, and once at the end.
    """
    if not isinstance(bank_id, str) or not BANK_ID_RE.fullmatch(bank_id):
        return ImportResult(problems=[MSG_BAD_BANK_ID])
    try:
        rows = read_rows(data, filename)
        return _build(rows, bank_id, on_progress)
    except ImportRejected as exc:
        return ImportResult(problems=[exc.message])


# --- reading files into rows ---------------------------------------------------
Row = tuple[int, list[Any]]  # (spreadsheet row number, cell values)


def read_rows(data: bytes, filename: str) -> list[Row]:
    """Every row of the file (header first, blank rows dropped); raises ImportRejected."""
    if len(data) > MAX_BYTES:
        raise ImportRejected(MSG_TOO_BIG)
    if not data:
        raise ImportRejected(MSG_EMPTY)
    name = filename.lower().strip()
    if name.endswith(".xlsx") or name.endswith(".xlsm"):
        return _xlsx_rows(data)
    if name.endswith(".csv"):
        if data.startswith(b"PK\x03\x04"):  # an Excel file renamed to .csv
            return _xlsx_rows(data)
        return _csv_rows(data)
    if name.endswith(".xls") or data.startswith(_OLE_MAGIC):
        raise ImportRejected(MSG_OLD_XLS)
    raise ImportRejected(MSG_UNSUPPORTED)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _collect(rows: Iterable[tuple[int, Any]]) -> list[Row]:
    """Keep non-blank rows, stop at MAX_ROWS + 1 data rows or a long blank stretch."""
    out: list[Row] = []
    blank_run = 0
    for number, values in rows:
        cells = list(values)
        if all(_is_blank(v) for v in cells):
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                break
            continue
        blank_run = 0
        out.append((number, cells))
        if len(out) > MAX_ROWS + 1:  # the header plus one row too many
            raise ImportRejected(MSG_TOO_MANY_ROWS)
    return out


def _xlsx_rows(data: bytes) -> list[Row]:
    if data.startswith(_OLE_MAGIC):
        raise ImportRejected(MSG_OLD_XLS)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise ImportRejected(MSG_NOT_XLSX) from exc
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/worksheets/") for n in names):
        raise ImportRejected(MSG_NOT_XLSX)
    if sum(info.file_size for info in infos) > MAX_UNZIPPED:
        raise ImportRejected(MSG_UNZIPPED_TOO_BIG)
    import openpyxl  # imported here: only .xlsx imports pay for it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - whatever breaks in an untrusted file means "not a valid xlsx"
        raise ImportRejected(MSG_NOT_XLSX) from exc
    try:
        sheets = workbook.worksheets
        named = [ws for ws in sheets if getattr(ws, "title", "") == "题目"]
        sheet = named[0] if named else (sheets[0] if sheets else None)
        if sheet is None or not hasattr(sheet, "iter_rows"):
            raise ImportRejected(MSG_NOT_XLSX)
        sheet.reset_dimensions()  # the stored size is often wrong: read what is there
        return _collect(enumerate(sheet.iter_rows(values_only=True), start=1))
    except ImportRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - rows are parsed lazily; a broken sheet is "not a valid xlsx"
        raise ImportRejected(MSG_NOT_XLSX) from exc
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportRejected(MSG_ENCODING) from exc
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRejected(MSG_ENCODING)


def _csv_rows(data: bytes) -> list[Row]:
    text = _decode(data)
    if "\x00" in text:
        raise ImportRejected(MSG_BAD_CSV)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return _collect(enumerate(reader, start=1))
    except csv.Error as exc:
        raise ImportRejected(MSG_BAD_CSV) from exc


# --- header ----------------------------------------------------------------------
def _header_name(value: Any) -> str:
    text = unicodedata.normalize("NFKC", _text(value))
    return "".join(ch for ch in text if not ch.isspace()).upper()


def _columns(header: list[Any]) -> dict[str, int]:
    """Column name -> index; raises ImportRejected naming every header problem."""
    positions: dict[str, int] = {}
    unknown: list[str] = []
    duplicated: list[str] = []
    for index, value in enumerate(header):
        name = _header_name(value)
        if not name:
            continue
        if name not in COLUMNS:
            unknown.append(_text(value).strip())
        elif name in positions:
            duplicated.append(name)
        else:
            positions[name] = index
    missing = [c for c in REQUIRED_COLUMNS if c not in positions]
    parts = []
    if missing:
        parts.append("缺少必需的列" + "".join(f"“{c}”" for c in missing))
    if unknown:
        parts.append("有无法识别的列" + "".join(f"“{c}”" for c in unknown)
                     + f"（可用的列：{'、'.join(COLUMNS)}）")
    if duplicated:
        parts.append("列" + "".join(f"“{c}”" for c in dict.fromkeys(duplicated)) + "重复出现")
    if parts:
        raise ImportRejected("第1行（表头）有误：" + "；".join(parts))
    return positions


# --- cells -----------------------------------------------------------------------
def _text(value: Any) -> str:
    """A cell as text: whole floats lose ``.0`` (Excel stores 119 as 119.0), newlines unified."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def _integer(value: Any) -> Any:
    """An integer cell or text as int; anything else is returned for the rules to refuse."""
    if isinstance(value, bool):
        return _text(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = unicodedata.normalize("NFKC", _text(value)).strip()
    return int(text) if _INTEGER.fullmatch(text) else text


def _difficulty(value: Any) -> Any:
    if _is_blank(value):
        return 1
    text = unicodedata.normalize("NFKC", _text(value)).strip()
    if text in DIFFICULTY_NAMES:
        return DIFFICULTY_NAMES[text]
    return _integer(value)


def _points(value: Any) -> Any:
    return None if _is_blank(value) else _integer(value)


def _tags(value: Any) -> list[str]:
    tags = (t.strip() for t in _TAG_SPLIT.split(_text(value)))
    return list(dict.fromkeys(t for t in tags if t))


def _options(cells: dict[str, Any]) -> list[str]:
    """Options up to the last filled one (a gap stays, as an empty option the rules refuse)."""
    values = [_text(cells.get(col)).strip() for col in OPTION_COLUMNS]
    while values and not values[-1]:
        values.pop()
    return values


def _answer(qtype: str, value: Any) -> Any:
    if qtype == "true_false" and isinstance(value, bool):
        return value
    text = _text(value).strip()
    if qtype in ("single", "multiple", "true_false"):
        return unicodedata.normalize("NFKC", text)
    return text


def row_to_mapping(cells: dict[str, Any], qid: str, bank_id: str) -> dict[str, Any]:
    """The question mapping (as in a YAML bank) of one row's cells by column name."""
    label = unicodedata.normalize("NFKC", _text(cells.get("题型"))).strip()
    qtype = TYPE_NAMES.get(label, TYPE_NAMES.get(label.lower(), label))
    explanation = _text(cells.get("解析")).strip()
    return {
        "id": qid,
        "type": qtype,
        "stem": _text(cells.get("题目")).strip(),
        "options": _options(cells),
        "answer": _answer(qtype, cells.get("答案")),
        "explanation": explanation or DEFAULT_EXPLANATION,
        "difficulty": _difficulty(cells.get("难度")),
        "tags": _tags(cells.get("标签")),
        "points": _points(cells.get("分值")),
        "bank": bank_id,
    }


# --- building questions ------------------------------------------------------------
def _build(rows: list[Row], bank_id: str, on_progress: ProgressCallback | None) -> ImportResult:
    if not rows:
        raise ImportRejected(MSG_EMPTY)
    (header_no, header), body = rows[0], rows[1:]
    if header_no != 1:  # row 1 is blank: there is no header where it must be
        raise ImportRejected("第1行应为表头（题型、题目、答案……），但第1行是空的")
    positions = _columns(header)
    if not body:
        raise ImportRejected(MSG_NO_ROWS)
    width = len(header)
    total = len(body)
    questions: list[Question] = []
    problems: list[str] = []
    for done, (number, values) in enumerate(body, start=1):
        qid = f"{bank_id}-{done:04d}"  # every row is a question when the import succeeds
        problems += _row_problems(number, values, width, positions, qid, bank_id, questions)
        if on_progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            on_progress(done, total)
    if problems:
        return ImportResult(problems=problems)
    counts: dict[str, int] = {}
    for q in questions:
        counts[TYPE_LABELS[q.type]] = counts.get(TYPE_LABELS[q.type], 0) + 1
    ordered = {TYPE_LABELS[t]: counts[TYPE_LABELS[t]] for t in QUESTION_TYPES if TYPE_LABELS[t] in counts}
    return ImportResult(questions=questions, counts=ordered)


def _row_problems(number: int, values: list[Any], width: int, positions: dict[str, int], qid: str,
                  bank_id: str, questions: list[Question]) -> list[str]:
    """Check one row; append its question to ``questions`` when valid, else return messages."""
    prefix = f"第{number}行: "
    if len(values) > width and any(not _is_blank(v) for v in values[width:]):
        return [prefix + "这一行的列数多于表头（内容中的英文逗号请用引号括起来，或改用 .xlsx 文件）"]
    cells = {name: values[i] if i < len(values) else None for name, i in positions.items()}
    data = row_to_mapping(cells, qid, bank_id)
    found = question_problems(data)
    if found:
        if found[0].field == "type" and not data["type"]:
            return [prefix + "题型不能为空，应为单选/多选/判断/填空/简答"]
        return [prefix + p.message for p in found]
    questions.append(make_question(data))
    return []
