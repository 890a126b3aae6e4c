"""Answer leaks: one question's answer printed in another question's text.

A team shown question B (its stem, its options, or its explanation at the
reveal) must not learn the answer of question A drawn later in the same
contest. Three rules, each narrow enough that every hit can be explained:

* **phone-style numbers** (3+ digits, no unit: 119, 96110) leak wherever they
  are printed as a whole number;
* **a fill-in's own sentence** (the answer with two characters of the stem on
  either side, "到群众中去") leaks wherever it is printed;
* **every other answer** (text of 4+ characters; a number with its unit such as
  "三人", matched as 3人/三人 but never inside 十三人; a 2-3 character answer only
  as a whole list item such as the option "医院") leaks when printed in a place
  whose context shares at least ``MIN_SHARED`` two-character words with A's stem.
  Words found in more than ``COMMON_SHARE`` of the pool's stems ("党章", "规定")
  and the answer's own words do not count. A text answer printed in
  ``COMMON_ANSWER`` or more questions of the pool ("中央政治局") is a common name
  there, not a give-away.

Under every rule, a wrong option that is exactly the answer ("五年" among
三年/五年, "12345" among hotline numbers) is only a candidate and does not leak.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..core.quiz.grading import chinese_number, normalise_text
from ..core.quiz.questions import LETTERS, Question

MIN_TEXT = 4
MIN_PHONE_DIGITS = 3
MIN_SHARED = 3
COMMON_SHARE = 0.05
COMMON_MIN = 3
COMMON_ANSWER = 6   # a text answer printed in this many questions is a common name, not a give-away
WINDOW = 15
GENERIC = {"以上都对", "以上都是", "以上均是", "以上全部", "以上均正确", "以上都正确", "都对", "都不对"}
_DIGITS = "零〇一二两三四五六七八九十百千万"
_UNIT = r"(周岁|小时|分钟|厘米|公斤|[人名个位年岁周月日天次条项类步种级届倍层米度%])"
_NUMBER = re.compile(rf"(?<![0-9{_DIGITS}])([0-9]+|[{_DIGITS}]+){_UNIT}?(?![0-9])")
_RANGE = set("至到~～-–—")
_ITEM_SEP = re.compile(r"[，,、。；;：:！!？?“”‘’\"'「」（）()\[\]【】/]+")


def number_value(text: str) -> int | None:
    """Value of ``text`` written in Arabic or Chinese digits, else None."""
    return int(text) if text.isdigit() else chinese_number(text)


def numbers_in(text: str) -> Iterator[tuple[int, str, int, int]]:
    """(value, unit, start, end) of every whole number in ``text``; the ends of a range
    ("三年至五年", "5–6厘米") are not numbers of their own."""
    for m in _NUMBER.finditer(text):
        value = number_value(m.group(1))
        if value is None or text[m.start() - 1:m.start()] in _RANGE or text[m.end():m.end() + 1] in _RANGE:
            continue
        yield value, m.group(2) or "", m.start(), m.end()


def _plain(text: str) -> str:
    return normalise_text(text).replace("《", "").replace("》", "")


@dataclass(frozen=True)
class Answer:
    """One answer string of a question and the rule that decides a match."""

    text: str          # as written, for messages
    norm: str
    rule: str          # "phone" | "number" | "text" | "item" | "none" (only its fill-in sentence counts)
    value: int | None = None
    unit: str = ""
    probes: tuple[str, ...] = ()   # a fill-in's sentence: answer with 2 stem characters either side


def _answer(raw: str, unit_hint: str) -> Answer | None:
    norm = _plain(raw)
    if not norm or norm in GENERIC:
        return None
    whole = _NUMBER.fullmatch(norm)
    value = number_value(whole.group(1)) if whole else None
    if whole and value is not None:
        unit = whole.group(2) or unit_hint
        if unit:
            return Answer(raw, norm, "number", value, unit)
        return Answer(raw, norm, "phone", value) if len(whole.group(1)) >= MIN_PHONE_DIGITS else None
    if len(norm) >= MIN_TEXT:
        return Answer(raw, norm, "text")
    return Answer(raw, norm, "item") if len(norm) >= 2 else None


def _probes(stem: str, answer: str) -> tuple[str, ...]:
    """The blank's sentence filled in: 2 stem characters before or after the answer."""
    parts = re.split(r"_{2,}", stem)
    if len(parts) != 2:
        return ()
    tail = re.search(r"\w{0,2}$", _plain(parts[0]))
    head = re.match(r"\w{0,2}", _plain(parts[1]))
    before, after = tail.group(0) if tail else "", head.group(0) if head else ""
    return tuple(p for p in (before + answer, answer + after) if len(p) >= MIN_TEXT and p != answer)


def answers(q: Question) -> list[Answer]:
    """The answers of ``q`` that would give it away if printed elsewhere."""
    if q.type in ("single", "multiple"):
        raws, hint = [q.options[LETTERS.index(a)] for a in q.answer], ""
    elif q.type == "fill":
        m = re.search(rf"_+\s*{_UNIT}", q.stem)   # "____步洗手法": the blank's unit
        raws, hint = list(q.answer), m.group(1) if m else ""
    else:
        return []
    out: dict[tuple[str, int | None, str], Answer] = {}
    for raw in raws:
        a = _answer(raw, hint)
        if a is None and q.type == "fill" and _plain(raw):
            a = Answer(raw, _plain(raw), "none")
        if a is not None:
            if q.type == "fill":
                a = replace(a, probes=_probes(q.stem, a.norm))
            out.setdefault((a.norm if a.value is None else "", a.value, a.unit), a)
    return [a for a in out.values() if a.rule != "none" or a.probes]


def places(q: Question) -> list[tuple[str, str]]:
    """(label, text) of everything a team may read of ``q``."""
    out = [("题干", q.stem)] + [(f"选项{LETTERS[i]}", o) for i, o in enumerate(q.options)]
    if q.explanation:
        out.append(("解析", q.explanation))
    if q.type == "short" and q.answer:
        out.append(("参考答案", q.answer[0]))
    return out


def spans(answer: Answer, text: str) -> list[tuple[int, int]]:
    """Where ``answer`` is printed in normalised ``text`` (rules in the module docstring)."""
    if answer.rule in ("phone", "number"):
        return [(s, e) for v, u, s, e in numbers_in(text) if v == answer.value and u == answer.unit]
    if answer.rule == "text":
        return [(m.start(), m.end()) for m in re.finditer(re.escape(answer.norm), text)]
    out, pos = [], 0
    for part in _ITEM_SEP.split(text):
        start = text.find(part, pos)
        pos = start + len(part)
        if part == answer.norm:
            out.append((start, pos))
    return out


def words(text: str) -> set[str]:
    """Two-character words (CJK or alphanumeric pairs) of a text."""
    t = _plain(text)
    return {t[i:i + 2] for i in range(len(t) - 1)
            if all(ch.isalnum() for ch in t[i:i + 2])}


@dataclass(frozen=True)
class Leak:
    """``giver``'s text at ``where`` prints ``owner``'s answer."""

    owner: Question
    giver: Question
    where: str
    answer: Answer
    shared: tuple[str, ...] = ()
    probe: str = ""

    def reason(self) -> str:
        """Why this counts as a leak, in zh-CN."""
        if self.answer.rule == "phone":
            return "号码类答案出现即泄露"
        if self.probe:
            return f"填空原句“{self.probe}”出现即泄露"
        return f"上下文与该题题干共有“{'、'.join(self.shared)}”"


def common_words(pool: list[Question]) -> set[str]:
    """Words in more than COMMON_SHARE (and COMMON_MIN) of the stems: they say nothing
    about one question."""
    counts = Counter(w for q in pool for w in words(q.stem))
    limit = max(COMMON_MIN, len(pool) * COMMON_SHARE)
    return {w for w, n in counts.items() if n > limit}


def find_leaks(pool: list[Question]) -> list[Leak]:
    """Every (owner, giver, place) where the giver prints the owner's answer."""
    common = common_words(pool)
    texts = [(g, [(w, _plain(t)) for w, t in places(g)]) for g in pool]
    joined = [" ".join(t for _, t in spots) for _, spots in texts]
    out: list[Leak] = []
    for owner in pool:
        own_words = words(owner.stem) - common
        for answer in answers(owner):
            if answer.rule in ("text", "item") and sum(answer.norm in t for t in joined) >= COMMON_ANSWER:
                answer = replace(answer, rule="none")
            if answer.rule == "none" and not answer.probes:
                continue
            for giver, spots in texts:
                if giver.id == owner.id:
                    continue
                for where, text in spots:
                    leak = _leak(owner, giver, where, text, answer, own_words)
                    if leak:
                        out.append(leak)
                        break
    return out


def _leak(owner: Question, giver: Question, where: str, text: str, answer: Answer,
          own_words: set[str]) -> Leak | None:
    is_option = where.startswith("选项")
    wrong_option = is_option and where[2:] not in giver.answer
    for probe in answer.probes:
        if probe in text and not (wrong_option and text == probe):
            return Leak(owner, giver, where, answer, probe=probe)
    found = spans(answer, text) if answer.rule != "none" else []
    if not found or (wrong_option and text == answer.norm):
        return None  # a wrong option that is exactly the answer is only a candidate
    if answer.rule == "phone":
        return Leak(owner, giver, where, answer)
    for start, end in found:
        context = text[max(0, start - WINDOW):end + WINDOW]
        if is_option:
            context += _plain(giver.stem)
        shared = (words(context) & own_words) - words(answer.norm)
        if len(shared) >= MIN_SHARED:
            return Leak(owner, giver, where, answer, tuple(sorted(shared))[:6])
    return None


def self_answer(q: Question) -> Answer | None:
    """An answer of ``q`` already printed in its own stem (the stem answers itself)."""
    stem = _plain(q.stem)
    for answer in answers(q):
        if (answer.rule != "none" and spans(answer, stem)) or any(p in stem for p in answer.probes):
            return answer
    return None
