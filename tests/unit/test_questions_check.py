"""`quizapp questions check`: each rule fires on a bank that breaks it and stays quiet on one that does not."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from quizapp.questionbank.check import check_paths
from quizapp.questionbank.loader import QUESTIONS_DIR

FIRE_NUMBER = {"id": "f1", "type": "fill", "stem": "发现火灾时应立即拨打火警电话____。", "answer": ["119"]}
POLICY = {"id": "p1", "type": "single", "stem": "党章第五条规定，发展党员必须把什么放在首位？",
          "options": ["政治标准", "业务能力", "学习成绩", "工作年限"], "answer": "A"}


def q(qid: str, stem: str, **kw: object) -> dict[str, object]:
    """A valid true/false question unless ``kw`` says otherwise."""
    return {"id": qid, "type": "true_false", "stem": stem, "answer": True, "explanation": "依据。", **kw}


def yaml_bank(bank_id: str, questions: list[dict[str, object]]) -> str:
    lines = [f"bank: {{id: {bank_id}, title: 测试{bank_id}}}", "questions:"]
    for item in questions:
        item = {"explanation": "依据。", "difficulty": 1, **item}
        lines.append(f"- id: {item['id']}")
        for key, value in item.items():
            if key != "id":
                lines.append(f"  {key}: {_flow(value)}")
    return "\n".join(lines) + "\n"


def _flow(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace('"', '\\"') + '"'


def write(root: Path, banks: dict[str, list[dict[str, object]]], presets: dict[str, str] | None = None) -> Path:
    (root / "banks").mkdir(parents=True)
    (root / "presets").mkdir()
    for bank_id, questions in banks.items():
        (root / "banks" / f"{bank_id}.yaml").write_text(yaml_bank(bank_id, questions), encoding="utf-8")
    for name, text in (presets or {}).items():
        (root / "presets" / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def run(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = check_paths([root])
    return code, capsys.readouterr().out


def test_a_phone_number_answer_printed_in_another_stem_is_an_error_naming_both(tmp_path, capsys):
    root = write(tmp_path, {"b": [FIRE_NUMBER, q("f2", "宿舍着火后应先拨打119再逃生。", answer=False)]})
    code, out = run(root, capsys)
    bank = root / "banks" / "b.yaml"
    assert code == 1
    assert f"{bank}:9: f2 的题干泄露了 f1（{bank}:3）的答案“119”" in out


def test_a_longer_number_or_a_different_one_is_not_a_leak(tmp_path, capsys):
    root = write(tmp_path, {"b": [FIRE_NUMBER, q("f2", "编号1190的灭火器放在一楼。"),
                                  q("f3", "急救电话是120。")]})
    code, out = run(root, capsys)
    assert code == 0, out


def test_a_text_answer_in_the_same_context_is_an_error(tmp_path, capsys):
    giver = {"id": "p2", "type": "fill", "stem": "党章第五条规定，发展党员，必须把政治标准放在首位，坚持____的原则。",
             "answer": ["个别吸收"]}
    code, out = run(write(tmp_path, {"b": [POLICY, giver]}), capsys)
    assert code == 1 and "p2 的题干泄露了 p1" in out and "“政治标准”" in out and "共有" in out


def test_the_same_words_in_an_unrelated_context_are_not_a_leak(tmp_path, capsys):
    other = q("p2", "干部考核中，政治标准与业务能力同样需要写进年度总结。")
    code, out = run(write(tmp_path, {"b": [POLICY, other]}), capsys)
    assert code == 0, out


def test_a_number_with_its_unit_leaks_but_not_inside_a_larger_number(tmp_path, capsys):
    owner = {"id": "n1", "type": "single", "stem": "有正式党员几人以上的基层单位应当成立党的基层组织？",
             "options": ["二人", "三人", "五人", "七人"], "answer": "B"}
    giver = q("n2", "正式党员3人以上的基层单位，都应当成立党的基层组织。")
    code, out = run(write(tmp_path / "a", {"b": [owner, giver]}), capsys)
    assert code == 1 and "n2 的题干泄露了 n1" in out
    safe = q("n2", "正式党员十三人以上的基层单位，都应当成立党的基层组织。")
    code, out = run(write(tmp_path / "b", {"b": [owner, safe]}), capsys)
    assert code == 0, out


def test_a_wrong_option_equal_to_another_answer_is_only_a_candidate(tmp_path, capsys):
    owner = {"id": "t1", "type": "fill", "stem": "党的中央委员会每届任期____。", "answer": ["五年"]}
    distractor = {"id": "t2", "type": "single", "stem": "党的地方各级委员会每届任期几年？",
                  "options": ["三年", "五年", "四年", "两年"], "answer": "B"}
    wrong_only = {**distractor, "answer": "A"}
    code, out = run(write(tmp_path / "a", {"b": [owner, wrong_only]}), capsys)
    assert code == 0, out
    code, out = run(write(tmp_path / "b", {"b": [owner, distractor]}), capsys)
    assert code == 1 and "t2 的选项B泄露了 t1" in out


PRESET = """\
    preset: {id: both, title: 两库, banks: [b1, b2]}
    rounds:
      - kind: buzz
        title: 抢答
        questions: {count: 2}
    """


def test_leaks_across_banks_count_only_when_a_preset_draws_both(tmp_path, capsys):
    banks = {"b1": [FIRE_NUMBER], "b2": [q("g2", "宿舍着火后应先拨打119再逃生。", answer=False)]}
    code, out = run(write(tmp_path / "a", banks), capsys)
    assert code == 0, out
    code, out = run(write(tmp_path / "b", banks, {"both": PRESET}), capsys)
    assert code == 1 and "g2 的题干泄露了 f1" in out


def test_near_duplicate_stems_are_an_error(tmp_path, capsys):
    code, out = run(write(tmp_path, {"b": [q("d1", "宿舍内严禁使用大功率电器，否则容易引发火灾。"),
                                           q("d2", "宿舍内严禁使用大功率电器，否则容易引发火灾！")]}), capsys)
    assert code == 1 and "d2: 题干与" in out and "d1" in out


def test_guessable_multiple_choice_is_a_warning_and_a_balanced_one_is_not(tmp_path, capsys):
    bad = {"id": "m1", "type": "multiple", "stem": "下列属于水果的有哪些？",
           "options": ["苹果", "香蕉", "橘子", "汽车"], "answer": "ABC"}
    good = {"id": "m2", "type": "multiple", "stem": "下列属于蔬菜的有哪些？",
            "options": ["白菜", "菠菜", "苹果", "香蕉"], "answer": "AB"}
    code, out = run(write(tmp_path, {"b": [bad, good]}), capsys)
    assert code == 0
    assert "警告：m1: 多选题 4 个选项中 3 个正确、只有 1 个错误选项" in out and "m2:" not in out


def test_fill_with_one_accepted_form_is_a_warning_unless_numeric_or_listed(tmp_path, capsys):
    narrow = {"id": "x1", "type": "fill", "stem": "手提式灭火器口诀是提、拔、瞄、____。", "answer": ["压"]}
    listed = {"id": "x2", "type": "fill", "stem": "烫伤后第一步是用流动冷水____。", "answer": ["冲", "冲洗"]}
    numeric = {"id": "x3", "type": "fill", "stem": "成人心肺复苏按压与通气比为30:____。", "answer": ["2"]}
    code, out = run(write(tmp_path, {"b": [narrow, listed, numeric]}), capsys)
    assert code == 0 and "警告：x1: 填空题只接受“压”" in out and "x2:" not in out and "x3:" not in out


def test_short_answer_without_key_points_is_a_warning(tmp_path, capsys):
    bare = {"id": "s1", "type": "short", "stem": "简述燃气泄漏的处置步骤。", "answer": "关阀、开窗、不开关电器、室外报警。"}
    pointed = {**bare, "id": "s2", "stem": "简述电动车起火的处置步骤。", "answer": "断电、报警、疏散。",
               "key_points": ["断电", "报警", "疏散"]}
    code, out = run(write(tmp_path, {"b": [bare, pointed]}), capsys)
    assert code == 0 and "警告：s1: 简答题没有得分要点" in out and "s2:" not in out


RISK_PRESET = """\
    preset: {id: risky, title: 风险赛, banks: [b]}
    rounds:
      - kind: risk
        title: 风险题
        questions: {count: 3, types: [single]}
        settings: {tiers: [10, 20, 30]}
    """


def _singles(levels: list[int]) -> list[dict[str, object]]:
    return [{"id": f"r{i}", "type": "single", "stem": "".join(chr(0x4E00 + (i * 331 + j * 977) % 20000) for j in range(12)),
             "options": ["甲", "乙", "丙", "丁"], "answer": "A", "difficulty": d} for i, d in enumerate(levels)]


def test_a_bank_that_cannot_serve_its_preset_for_twelve_teams_is_a_warning(tmp_path, capsys):
    code, out = run(write(tmp_path / "a", {"b": _singles([1] * 12 + [2] * 12 + [3] * 5)},
                          {"risky": RISK_PRESET}), capsys)
    assert code == 0
    assert "警告：" in out and "风险赛" in out and "30 分档只出难度 3 的题" in out and "还差" in out
    code, out = run(write(tmp_path / "b", {"b": _singles([1, 2, 3] * 12)}, {"risky": RISK_PRESET}), capsys)
    assert code == 0 and "警告" not in out, out


def test_shipped_banks_have_no_error():
    assert check_paths([QUESTIONS_DIR]) == 0


def test_a_fill_ins_own_sentence_printed_elsewhere_is_an_error(tmp_path, capsys):
    owner = {"id": "l1", "type": "fill", "stem": "党的群众路线是一切为了群众，一切依靠群众，从群众中来，到____去。",
             "answer": ["群众中"]}
    giver = {"id": "l2", "type": "single", "stem": "党章总纲规定的党的思想路线是什么？",
             "options": ["实事求是", "从群众中来，到群众中去", "艰苦奋斗", "独立自主"], "answer": "A"}
    code, out = run(write(tmp_path, {"b": [owner, giver]}), capsys)
    assert code == 1 and "l2 的选项B泄露了 l1" in out and "填空原句“到群众中”" in out


def test_a_common_name_printed_in_many_questions_is_not_a_leak(tmp_path, capsys):
    owner = {"id": "c0", "type": "single", "stem": "中央委员会全体会议由谁召集？",
             "options": ["中央政治局", "中央书记处", "全国代表大会", "中央纪委"], "answer": "A"}
    others = [q(f"c{i}", f"中央政治局第{'一二三四五六'[i - 1]}项职权涉及中央委员会全体会议的召集工作安排。") for i in range(1, 7)]
    code, out = run(write(tmp_path / "a", {"b": [owner, *others[:2]]}), capsys)
    assert code == 1 and "泄露了 c0" in out
    code, out = run(write(tmp_path / "b", {"b": [owner, *others]}), capsys)
    assert "泄露" not in out


def test_a_quotation_fill_marked_exact_is_not_warned(tmp_path, capsys):
    quoted = {"id": "e1", "type": "fill", "stem": "党章规定，党员有____的自由。", "answer": ["退党"], "exact": True}
    code, out = run(write(tmp_path, {"b": [quoted]}), capsys)
    assert code == 0 and "警告" not in out, out


def test_a_stem_that_prints_its_own_answer_is_an_error(tmp_path, capsys):
    selfish = {"id": "a1", "type": "fill", "stem": "火警电话是119，发现火灾时应立即拨打火警电话____。", "answer": ["119"]}
    fair = {"id": "a2", "type": "fill", "stem": "医疗急救电话是____。", "answer": ["120"]}
    code, out = run(write(tmp_path, {"b": [selfish, fair]}), capsys)
    assert code == 1 and "a1: 题干中已出现本题答案“119”" in out and "a2:" not in out
