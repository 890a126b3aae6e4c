"""Importing question banks from Excel/CSV, the template, and saving imported banks."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from quizapp.core.errors import DomainError
from quizapp.core.quiz.questions import Question, make_question
from quizapp.questionbank import importer
from quizapp.questionbank.importer import COLUMNS, DEFAULT_EXPLANATION, import_questions
from quizapp.questionbank.loader import bank_paths, load_bank, load_banks
from quizapp.questionbank.store import delete_bank, list_banks, save_bank
from quizapp.questionbank.template import template_csv, template_xlsx

TEMPLATE_QUESTIONS = [
    Question(id="tpl-0001", type="single", stem="我国的首都是哪座城市？", answer=("A",),
             options=("北京", "上海", "广州", "深圳"), explanation="北京是中华人民共和国的首都。",
             difficulty=1, tags=("常识", "地理"), points=None, bank="tpl"),
    Question(id="tpl-0002", type="true_false", stem="在标准大气压下，纯水的沸点是 100 ℃。", answer=("true",),
             explanation="一个标准大气压下，纯水的沸点为 100 ℃；气压降低时沸点也会降低。",
             difficulty=1, tags=("常识", "物理"), points=10, bank="tpl"),
]

HEADER = ["题型", "题目", "选项A", "选项B", "选项C", "选项D", "答案", "解析"]
GOOD = ["单选", "一加一等于几？", "1", "2", "3", "4", "B", "算术"]


def xlsx(rows: list[list], title: str = "Sheet") -> bytes:
    """An .xlsx with ``rows`` (None cells stay empty) on its only sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


# --- the template --------------------------------------------------------------
def test_template_xlsx_imports_as_its_two_example_rows():
    result = import_questions(template_xlsx(), "题库模板.xlsx", "tpl")
    assert result.problems == []
    assert result.questions == TEMPLATE_QUESTIONS
    assert result.counts == {"单选": 1, "判断": 1}
    assert result.ok


def test_template_xlsx_has_the_full_header_and_an_instructions_sheet():
    workbook = load_workbook(io.BytesIO(template_xlsx()))
    assert workbook.sheetnames == ["题目", "填写说明"]
    rows = list(workbook["题目"].iter_rows(values_only=True))
    assert list(rows[0]) == ["题型", "题目", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "答案", "分值",
                             "解析", "难度", "标签"]
    assert len(rows) == 3


def test_template_csv_has_a_bom_and_imports_as_the_same_questions():
    data = template_csv()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[0] == ",".join(COLUMNS)
    result = import_questions(data, "template.csv", "tpl")
    assert result.problems == []
    assert result.questions == TEMPLATE_QUESTIONS
    assert result.counts == {"单选": 1, "判断": 1}


# --- good files ----------------------------------------------------------------
VARIED_HEADER = ["标签", "答案", "题目", "难度", "选项B", "选项A", "题型", "分值", "选项C", "选项D", "选项E", "解析"]
VARIED_ROWS = [
    ["安全，消防、用电,急救", "A,B,D", "下列哪些是安全常识？", "难", "乙", "甲", "多选题", "5", "丙", "丁", "戊", "都是"],
    ["", "a b d", "再选一次", "2", "乙", "甲", "多选", "", "丙", "丁", "", "解析二"],
    ["", "对", "地球是圆的。", "易", "", "", "判断", "", "", "", "", "常识"],
    ["", "×", "太阳从西边升起。", "中", "", "", "判断题", "0", "", "", "", "常识"],
    ["", "F", "水是固体。", "", "", "", "判断", "", "", "", "", "常识"],
    ["", "十八岁｜18岁|18周岁", "公民年满____具有选举权。", "3", "", "", "填空", "20", "", "", "", "宪法规定"],
    ["", "", "谈谈你对诚信的理解。", "", "", "", "简答", "", "", "", "", ""],
    ["", "ｂ", "全角字母答案", "1", "乙", "甲", "单选", "", "", "", "", "NFKC"],
]


def varied_expected(bank: str) -> list[Question]:
    def mk(n: int, **kw) -> Question:
        data = {"id": f"{bank}-{n:04d}", "bank": bank, "difficulty": 1, **kw}
        return make_question(data)

    return [
        mk(1, type="multiple", stem="下列哪些是安全常识？", options=["甲", "乙", "丙", "丁", "戊"], answer="ABD",
           explanation="都是", difficulty=3, tags=["安全", "消防", "用电", "急救"], points=5),
        mk(2, type="multiple", stem="再选一次", options=["甲", "乙", "丙", "丁"], answer="ABD",
           explanation="解析二", difficulty=2),
        mk(3, type="true_false", stem="地球是圆的。", answer=True, explanation="常识"),
        mk(4, type="true_false", stem="太阳从西边升起。", answer=False, explanation="常识", difficulty=2,
           points=0),
        mk(5, type="true_false", stem="水是固体。", answer=False, explanation="常识"),
        mk(6, type="fill", stem="公民年满____具有选举权。", answer=["十八岁", "18岁", "18周岁"],
           explanation="宪法规定", difficulty=3, points=20),
        mk(7, type="short", stem="谈谈你对诚信的理解。", answer="", explanation=DEFAULT_EXPLANATION),
        mk(8, type="single", stem="全角字母答案", options=["甲", "乙"], answer="B", explanation="NFKC"),
    ]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_csv_in_the_encodings_excel_writes_imports_with_any_column_order(encoding):
    data = csv_bytes([VARIED_HEADER, *VARIED_ROWS], encoding)
    result = import_questions(data, "题库.CSV", "mix")
    assert result.problems == []
    assert result.questions == varied_expected("mix")
    assert result.counts == {"多选": 2, "判断": 3, "填空": 1, "简答": 1, "单选": 1}


def test_gbk_csv_is_really_not_utf8():
    data = csv_bytes([VARIED_HEADER, *VARIED_ROWS], "gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_xlsx_numbers_booleans_blank_rows_and_odd_headers():
    rows = [
        [" 题型 ", "题目", "选项a", "选项Ｂ", "答案", "难度", "分值", "解析"],
        ["填空", "火警电话是____。", None, None, 119, 2.0, 10.0, "消防"],
        [None, None, None, None, None, None, None, None],
        ["判断", "对吗？", None, None, True, None, None, "是的"],
        ["单选", 3.5, 1949, 2.5, "A", None, None, "数字选项"],
    ]
    result = import_questions(xlsx(rows), "q.xlsx", "num")
    assert result.problems == []
    assert result.questions == [
        make_question({"id": "num-0001", "type": "fill", "stem": "火警电话是____。", "answer": ["119"],
                       "explanation": "消防", "difficulty": 2, "points": 10, "bank": "num"}),
        make_question({"id": "num-0002", "type": "true_false", "stem": "对吗？", "answer": True,
                       "explanation": "是的", "bank": "num"}),
        make_question({"id": "num-0003", "type": "single", "stem": "3.5", "options": ["1949", "2.5"],
                       "answer": "A", "explanation": "数字选项", "bank": "num"}),
    ]


def test_xlsx_prefers_a_sheet_named_questions():
    workbook = Workbook()
    workbook.active.title = "说明"
    workbook.active.append(["这里是说明"])
    sheet = workbook.create_sheet("题目")
    sheet.append(HEADER)
    sheet.append(GOOD)
    out = io.BytesIO()
    workbook.save(out)
    result = import_questions(out.getvalue(), "q.xlsx", "b")
    assert [q.stem for q in result.questions] == ["一加一等于几？"]


# --- bad rows -----------------------------------------------------------------------
BAD_ROWS = [
    (["选择", "题", "1", "2", "", "", "A", "x"], ["题型“选择”无效，应为单选/多选/判断/填空/简答"]),
    (["", "题", "1", "2", "", "", "A", "x"], ["题型不能为空，应为单选/多选/判断/填空/简答"]),
    (["单选", "  ", "1", "2", "", "", "A", "x"], ["题目不能为空"]),
    (["单选", "题", "1", "", "", "", "A", "x"], ["选择题需要 2 到 6 个选项"]),
    (["单选", "题", "1", "", "3", "", "A", "x"], ["选项不能为空"]),
    (["单选", "题", "1", "1", "", "", "A", "x"], ["选项有重复"]),
    (["单选", "题", "1", "2", "3", "4", "E", "x"], ["答案 E 不在选项 ABCD 之内"]),
    (["单选", "题", "1", "2", "3", "4", "", "x"], ["答案不能为空"]),
    (["单选", "题", "1", "2", "3", "4", "AB", "x"], ["单选题只能有一个答案"]),
    (["多选", "题", "1", "2", "3", "4", "C", "x"], ["多选题至少要有两个正确选项"]),
    (["多选", "题", "1", "2", "3", "4", "AA", "x"], ["答案中有重复的选项字母"]),
    (["判断", "题", "", "", "", "", "也许", "x"], ["判断题答案应为“正确”或“错误”"]),
    (["判断", "题", "正确", "错误", "", "", "A", "x"], ["判断题不应有选项", "判断题答案应为“正确”或“错误”"]),
    (["填空", "题", "", "", "", "", " | ｜ ", "x"], ["填空题至少要有一个可接受的答案"]),
    (["单选", "", "1", "2", "3", "4", "Z", "x"], ["题目不能为空", "答案 Z 不在选项 ABCD 之内"]),
]


@pytest.mark.parametrize(("row", "messages"), BAD_ROWS)
@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_each_bad_row_is_reported_by_its_row_number_and_nothing_is_imported(kind, row, messages):
    rows = [HEADER, GOOD, GOOD, row, GOOD]
    data = xlsx(rows) if kind == "xlsx" else csv_bytes(rows, "gbk")
    result = import_questions(data, f"bank.{kind}", "bad")
    assert result.problems == [f"第4行: {m}" for m in messages]
    assert result.questions == []
    assert result.counts == {}
    assert not result.ok


@pytest.mark.parametrize(("column", "value", "message"), [
    ("难度", "超难", "难度应为 1、2 或 3"),
    ("难度", "4", "难度应为 1、2 或 3"),
    ("难度", "0", "难度应为 1、2 或 3"),
    ("分值", "-5", "分值应为非负整数"),
    ("分值", "十分", "分值应为非负整数"),
    ("分值", "2.5", "分值应为非负整数"),
])
def test_bad_difficulty_and_points(column, value, message):
    header = [*HEADER, column]
    result = import_questions(csv_bytes([header, [*GOOD, ""], [*GOOD, value]]), "b.csv", "bad")
    assert result.problems == [f"第3行: {message}"]
    assert result.questions == []


def test_every_problem_of_every_row_is_listed_in_row_order_counting_blank_rows():
    rows = [HEADER, GOOD, BAD_ROWS[0][0], [], GOOD, BAD_ROWS[6][0], BAD_ROWS[14][0]]
    result = import_questions(csv_bytes(rows), "b.csv", "bad")
    assert result.problems == [
        "第3行: 题型“选择”无效，应为单选/多选/判断/填空/简答",
        "第6行: 答案 E 不在选项 ABCD 之内",
        "第7行: 题目不能为空",
        "第7行: 答案 Z 不在选项 ABCD 之内",
    ]
    assert result.questions == []


def test_csv_row_longer_than_the_header_is_refused():
    data = csv_bytes([HEADER, GOOD, ["单选", "甲", "乙，丙", "1", "2", "3", "4", "A", "解析"]])
    result = import_questions(data, "b.csv", "bad")
    assert result.problems == ["第3行: 这一行的列数多于表头（内容中的英文逗号请用引号括起来，或改用 .xlsx 文件）"]


def test_multiline_cells_keep_their_spreadsheet_row_number():
    data = csv_bytes([HEADER, ["单选", "第一行\r\n第二行", "1", "2", "", "", "B", "x"], ["单选", "题", "1", "2", "", "",
                                                                                      "C", "x"]])
    result = import_questions(data, "b.csv", "ml")
    assert result.problems == ["第3行: 答案 C 不在选项 AB 之内"]


# --- bad files ---------------------------------------------------------------------
def zip_bytes(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(("data", "filename", "message"), [
    (os.urandom(2048), "q.xlsx", importer.MSG_NOT_XLSX),
    (b"PK\x03\x04 truncated", "q.xlsx", importer.MSG_NOT_XLSX),
    (zip_bytes({"hello.txt": b"hi"}), "q.xlsx", importer.MSG_NOT_XLSX),
    (zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"<not closed"}), "q.xlsx",
     importer.MSG_NOT_XLSX),
    ("题型,题目,答案\n单选,题,A\n".encode(), "q.xlsx", importer.MSG_NOT_XLSX),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "q.xlsx", importer.MSG_OLD_XLS),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "q.xls", importer.MSG_OLD_XLS),
    (b"", "q.xlsx", importer.MSG_EMPTY),
    (b"", "q.csv", importer.MSG_EMPTY),
    (b"abc", "q.txt", importer.MSG_UNSUPPORTED),
    (b"\x81\x30\xff\xff\x80\x80", "q.csv", importer.MSG_ENCODING),
    (b"\xef\xbb\xbf\r\n\r\n", "q.csv", importer.MSG_EMPTY),
    (csv_bytes([HEADER]), "q.csv", importer.MSG_NO_ROWS),
    (csv_bytes([[], HEADER, GOOD]), "q.csv", "第1行应为表头（题型、题目、答案……），但第1行是空的"),
])
def test_files_that_are_not_question_sheets_are_refused_with_one_clear_message(data, filename, message):
    result = import_questions(data, filename, "bad")
    assert result.problems == [message]
    assert result.questions == [] and result.counts == {}


def test_empty_workbook_and_header_only_workbook():
    assert import_questions(xlsx([]), "q.xlsx", "b").problems == [importer.MSG_EMPTY]
    assert import_questions(xlsx([HEADER]), "q.xlsx", "b").problems == [importer.MSG_NO_ROWS]


@pytest.mark.parametrize(("header", "message"), [
    (["题型", "题目", "选项A", "选项B", "答案", "备注", "序号"],
     "第1行（表头）有误：有无法识别的列“备注”“序号”（可用的列：题型、题目、选项A、选项B、选项C、选项D、选项E、选项F、"
     "答案、分值、解析、难度、标签）"),
    (["题干", "选项A", "选项B", "正确答案"],
     "第1行（表头）有误：缺少必需的列“题型”“题目”“答案”；有无法识别的列“题干”“正确答案”（可用的列：题型、题目、"
     "选项A、选项B、选项C、选项D、选项E、选项F、答案、分值、解析、难度、标签）"),
    (["题型", "题目", "答案", "答案"], "第1行（表头）有误：列“答案”重复出现"),
])
@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_wrong_headers_are_refused_naming_the_columns(kind, header, message):
    rows = [header, ["单选", "题", "A", "B", "C", "D", "E"][: len(header)]]
    data = xlsx(rows) if kind == "xlsx" else csv_bytes(rows)
    result = import_questions(data, f"q.{kind}", "b")
    assert result.problems == [message]
    assert result.questions == []


def test_files_over_ten_megabytes_are_refused_before_parsing():
    data = csv_bytes([HEADER, GOOD])
    padded = data + b" " * (importer.MAX_BYTES - len(data) + 1)
    assert len(padded) == 10 * 1024 * 1024 + 1
    assert import_questions(padded, "q.csv", "b").problems == ["文件超过 10 MB，请拆分成几个文件分别导入"]
    exact = data + b"\n" * (importer.MAX_BYTES - len(data))
    assert import_questions(exact, "q.csv", "b").questions != []


def test_more_than_ten_thousand_rows_are_refused():
    rows = [HEADER] + [["判断", f"第{i}题", "", "", "", "", "对", "x"] for i in range(10_001)]
    result = import_questions(csv_bytes(rows), "q.csv", "big")
    assert result.problems == ["题目超过 10000 行，请拆分成几个文件分别导入"]
    assert result.questions == []


def test_a_zip_bomb_is_refused_from_its_declared_size(monkeypatch):
    monkeypatch.setattr(importer, "MAX_UNZIPPED", 1000)
    data = xlsx([HEADER, GOOD])
    assert import_questions(data, "q.xlsx", "b").problems == [importer.MSG_UNZIPPED_TOO_BIG]


@pytest.mark.parametrize("bank_id", ["", "Bank", "a_b", "a" * 41, "题库"])
def test_a_bad_bank_id_is_refused(bank_id):
    result = import_questions(template_csv(), "t.csv", bank_id)
    assert result.problems == [importer.MSG_BAD_BANK_ID]


# --- size ------------------------------------------------------------------------
def test_five_thousand_rows_import_fully_with_progress_every_500_rows():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("题目")
    sheet.append(list(COLUMNS))
    kinds = [("单选", "B", ("甲", "乙", "丙", "丁")), ("多选", "A,C", ("甲", "乙", "丙")),
             ("判断", "错", ()), ("填空", "答案|另一个答案", ()), ("简答", "参考答案", ())]
    for i in range(5000):
        label, answer, options = kinds[i % 5]
        opts = list(options) + [None] * (6 - len(options))
        sheet.append([label, f"第{i + 1}题", *opts, answer, i % 7, f"解析{i}", 1 + i % 3, f"标签{i % 4}"])
    out = io.BytesIO()
    workbook.save(out)
    calls: list[tuple[int, int]] = []
    result = import_questions(out.getvalue(), "big.xlsx", "big", on_progress=lambda d, t: calls.append((d, t)))
    assert result.problems == []
    assert len(result.questions) == 5000
    assert result.counts == {"单选": 1000, "多选": 1000, "判断": 1000, "填空": 1000, "简答": 1000}
    assert calls == [(n, 5000) for n in range(500, 5001, 500)]
    assert [q.id for q in result.questions[:2]] == ["big-0001", "big-0002"]
    last = result.questions[-1]
    assert (last.id, last.type, last.stem, last.answer, last.points, last.difficulty, last.tags) == (
        "big-5000", "short", "第5000题", ("参考答案",), 4999 % 7, 1 + 4999 % 3, ("标签3",))


def test_progress_reports_the_last_partial_block():
    rows = [HEADER] + [GOOD] * 1201
    calls: list[tuple[int, int]] = []
    import_questions(csv_bytes(rows), "q.csv", "p", on_progress=lambda d, t: calls.append((d, t)))
    assert calls == [(500, 1201), (1000, 1201), (1201, 1201)]


# --- the store ----------------------------------------------------------------------
def test_saved_bank_loads_back_identically(tmp_path):
    questions = varied_expected("mine")
    path = save_bank(tmp_path / "banks", "mine", "我的题库", questions)
    assert path == tmp_path / "banks" / "mine.yaml"
    bank = load_bank(path)
    assert bank.problems == []
    assert (bank.id, bank.title) == ("mine", "我的题库")
    assert bank.questions == questions
    assert sorted(p.name for p in (tmp_path / "banks").iterdir()) == ["mine.yaml"]  # no temp file left


def test_imported_template_round_trips_through_the_store(tmp_path):
    questions = import_questions(template_xlsx(), "t.xlsx", "tpl").questions
    bank = load_bank(save_bank(tmp_path, "tpl", "模板", questions))
    assert bank.questions == TEMPLATE_QUESTIONS


def test_saved_banks_use_the_shipped_schema_and_load_with_load_banks(tmp_path):
    save_bank(tmp_path, "extra", "额外题库", varied_expected("extra"))
    shipped = load_bank(bank_paths()[0])
    banks = load_banks([bank_paths()[0], tmp_path / "extra.yaml"])
    assert set(banks) == {shipped.id, "extra"}
    assert len(banks["extra"].questions) == 8


def test_save_refuses_bad_or_shipped_ids_and_bad_content(tmp_path):
    shipped = [load_bank(p).id for p in bank_paths()]
    qs = varied_expected("x")
    for bank_id, code in [("Bad_Id", "bad_bank_id"), ("", "bad_bank_id"), ("a" * 41, "bad_bank_id"),
                          ("../evil", "bad_bank_id"), (shipped[0], "bank_id_taken")]:
        with pytest.raises(DomainError) as err:
            save_bank(tmp_path, bank_id, "题库", qs, shipped_ids=shipped)
        assert err.value.code == code
    with pytest.raises(DomainError) as err:
        save_bank(tmp_path, "x", "  ", qs)
    assert err.value.code == "bad_bank_title"
    with pytest.raises(DomainError) as err:
        save_bank(tmp_path, "x", "题库", [])
    assert err.value.code == "empty_bank"
    with pytest.raises(DomainError) as err:
        save_bank(tmp_path, "x", "题库", [qs[0], qs[0]])
    assert err.value.code == "bad_question" and "题目编号重复" in err.value.message
    with pytest.raises(DomainError) as err:
        save_bank(tmp_path, "x", "题库", [replace(qs[0], explanation="")])
    assert err.value.message == "x-0001: 解析不能为空"
    with pytest.raises(DomainError) as err:
        save_bank(tmp_path, "x", "题库", [replace(qs[0], stem=" 有空白 ")])
    assert err.value.code == "bad_question"
    assert list(tmp_path.iterdir()) == []


def test_overwrite_list_and_delete(tmp_path):
    folder = tmp_path / "banks"
    assert list_banks(folder) == []
    save_bank(folder, "b-two", "第二个", varied_expected("b-two")[:3])
    save_bank(folder, "a-one", "第一个", varied_expected("a-one"))
    with pytest.raises(DomainError) as err:
        save_bank(folder, "a-one", "重名", varied_expected("a-one"), overwrite=False)
    assert err.value.code == "bank_exists"
    save_bank(folder, "a-one", "第一个（新）", varied_expected("a-one")[:2])
    (folder / "notes.txt").write_text("not a bank", encoding="utf-8")
    summaries = list_banks(folder)
    assert [(s.id, s.title, s.count, s.path.name, s.error) for s in summaries] == [
        ("a-one", "第一个（新）", 2, "a-one.yaml", ""), ("b-two", "第二个", 3, "b-two.yaml", "")]
    assert delete_bank(folder, "a-one") is True
    assert delete_bank(folder, "a-one") is False
    assert [s.id for s in list_banks(folder)] == ["b-two"]


def test_list_banks_counts_a_shipped_style_file(tmp_path):
    path = bank_paths()[0]
    (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (summary,) = list_banks(tmp_path)
    bank = load_bank(path)
    assert (summary.id, summary.title, summary.count) == (bank.id, bank.title, len(bank.questions))


_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stem=_text, options=st.lists(_text, min_size=2, max_size=6, unique=True), explanation=_text,
       tags=st.lists(_text, max_size=3), fill=st.lists(_text.filter(lambda s: "|" not in s and "｜" not in s),
                                                      min_size=1, max_size=3))
def test_any_text_survives_save_and_load(tmp_path, stem, options, explanation, tags, fill):
    questions = [
        make_question({"id": "p-0001", "type": "single", "stem": stem, "options": options, "answer": "B",
                       "explanation": explanation, "tags": tags, "bank": "p"}),
        make_question({"id": "p-0002", "type": "fill", "stem": stem, "answer": fill,
                       "explanation": explanation, "bank": "p"}),
        make_question({"id": "p-0003", "type": "short", "stem": stem, "answer": explanation,
                       "explanation": explanation, "bank": "p", "points": 3}),
    ]
    assert load_bank(save_bank(tmp_path, "p", "性质测试", questions)).questions == questions
