"""Questions as the core sees them: immutable snapshots copied into the log.

A question is embedded whole in the event that shows it, so the log stays
self-contained: editing a bank later never rewrites what a contest asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

from ..errors import DomainError
from ..labels import TYPE_LABELS as TYPE_LABELS

QUESTION_TYPES = ("single", "multiple", "true_false", "fill", "short")
LETTERS = "ABCDEF"


@dataclass(frozen=True)
class Question:
    """One question. ``answer`` is normalised per type (see :func:`normalise_answer`)."""

    def __deepcopy__(self, memo: dict[int, object]) -> Self:
        """Immutable: copies of a state share it (keeps replay and undo cheap)."""
        return self

    id: str
    type: str
    stem: str
    answer: tuple[str, ...]
    options: tuple[str, ...] = ()
    explanation: str = ""
    difficulty: int = 1
    tags: tuple[str, ...] = ()
    points: int | None = None
    bank: str = ""
    image: str = ""
    key_points: tuple[str, ...] = ()   # 得分要点 of a short answer, shown to the host while judging

    @property
    def auto_gradable(self) -> bool:
        """Choice, true/false and fill questions can be graded without a person."""
        return self.type in ("single", "multiple", "true_false", "fill")

    def answer_text(self) -> str:
        """The answer as a host or screen reads it out."""
        if self.type == "true_false":
            return "正确" if self.answer == ("true",) else "错误"
        if self.type in ("single", "multiple"):
            return "".join(self.answer)
        if self.type == "fill":
            return self.answer[0] if self.answer else ""
        return self.answer[0] if self.answer else ""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able form (lists, not tuples)."""
        return {
            "id": self.id,
            "type": self.type,
            "stem": self.stem,
            "answer": list(self.answer),
            "options": list(self.options),
            "explanation": self.explanation,
            "difficulty": self.difficulty,
            "tags": list(self.tags),
            "points": self.points,
            "bank": self.bank,
            "image": self.image,
            "key_points": list(self.key_points),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Question:
        """Rebuild exactly what :meth:`to_dict` stored (already validated once)."""
        return cls(
            id=str(data["id"]),
            type=str(data["type"]),
            stem=str(data["stem"]),
            answer=tuple(str(a) for a in data.get("answer", ())),
            options=tuple(str(o) for o in data.get("options", ())),
            explanation=str(data.get("explanation", "")),
            difficulty=int(data.get("difficulty", 1)),
            tags=tuple(str(t) for t in data.get("tags", ())),
            points=data.get("points"),
            bank=str(data.get("bank", "")),
            image=str(data.get("image", "")),
            key_points=tuple(str(p) for p in data.get("key_points", ())),
        )


@dataclass(frozen=True)
class QuestionProblem:
    """A validation problem of one question, with the field it concerns."""

    field: str
    message: str


def normalise_answer(qtype: str, raw: Any, option_count: int) -> tuple[str, ...]:
    """Turn a bank/Excel answer into the canonical tuple, or raise DomainError."""
    if qtype in ("single", "multiple"):
        letters = "".join(ch for ch in str(raw).upper() if not ch.isspace() and ch not in ",，、")
        if not letters:
            raise DomainError("bad_answer", "答案不能为空")
        allowed = LETTERS[:option_count]
        bad = [ch for ch in letters if ch not in allowed]
        if bad:
            raise DomainError("bad_answer", f"答案 {''.join(bad)} 不在选项 {allowed} 之内")
        if len(set(letters)) != len(letters):
            raise DomainError("bad_answer", "答案中有重复的选项字母")
        if qtype == "single" and len(letters) != 1:
            raise DomainError("bad_answer", "单选题只能有一个答案")
        if qtype == "multiple" and len(letters) < 2:
            raise DomainError("bad_answer", "多选题至少要有两个正确选项")
        return tuple(sorted(letters))
    if qtype == "true_false":
        text = str(raw).strip().lower()
        if raw is True or text in ("true", "t", "对", "正确", "是", "√", "1", "yes", "y"):
            return ("true",)
        if raw is False or text in ("false", "f", "错", "错误", "否", "×", "x", "0", "no", "n"):
            return ("false",)
        raise DomainError("bad_answer", "判断题答案应为“正确”或“错误”")
    if qtype == "fill":
        items = raw if isinstance(raw, list | tuple) else str(raw).replace("｜", "|").split("|")
        answers = tuple(str(a).strip() for a in items if str(a).strip())
        if not answers:
            raise DomainError("bad_answer", "填空题至少要有一个可接受的答案")
        return answers
    if qtype == "short":
        text = str(raw if raw is not None else "").strip()
        return (text,) if text else ()
    raise DomainError("bad_type", f"未知题型：{qtype}")


def make_question(data: dict[str, Any]) -> Question:
    """Validate a mapping and build a :class:`Question`; first problem raises DomainError."""
    problems = question_problems(data)
    if problems:
        raise DomainError("bad_question", problems[0].message)
    qtype = str(data["type"])
    options = tuple(str(o) for o in (data.get("options") or ()))
    points = data.get("points")
    points_value = int(points) if isinstance(points, int) else None
    return Question(
        id=str(data["id"]),
        type=qtype,
        stem=str(data["stem"]).strip(),
        answer=normalise_answer(qtype, data.get("answer"), len(options)),
        options=options,
        explanation=str(data.get("explanation") or "").strip(),
        difficulty=int(data.get("difficulty") or 1),
        tags=tuple(str(t) for t in (data.get("tags") or ())),
        points=points_value,
        bank=str(data.get("bank") or ""),
        image=str(data.get("image") or ""),
        key_points=tuple(str(p).strip() for p in (data.get("key_points") or ())),
    )


def question_problems(data: dict[str, Any]) -> list[QuestionProblem]:
    """Every problem of one question mapping, in zh-CN, empty when it is valid."""
    out: list[QuestionProblem] = []
    qtype = data.get("type")
    if qtype not in QUESTION_TYPES:
        out.append(QuestionProblem("type", f"题型“{qtype}”无效，应为单选/多选/判断/填空/简答"))
        return out
    if not str(data.get("id") or "").strip():
        out.append(QuestionProblem("id", "缺少题目编号"))
    if not str(data.get("stem") or "").strip():
        out.append(QuestionProblem("stem", "题目不能为空"))
    options = list(data.get("options") or ())
    if qtype in ("single", "multiple"):
        if not 2 <= len(options) <= len(LETTERS):
            out.append(QuestionProblem("options", f"选择题需要 2 到 {len(LETTERS)} 个选项"))
        if any(not str(o).strip() for o in options):
            out.append(QuestionProblem("options", "选项不能为空"))
        if len({str(o).strip() for o in options}) != len(options):
            out.append(QuestionProblem("options", "选项有重复"))
    elif options:
        out.append(QuestionProblem("options", f"{TYPE_LABELS[qtype]}题不应有选项"))
    if qtype != "short":
        try:
            normalise_answer(qtype, data.get("answer"), len(options))
        except DomainError as exc:
            out.append(QuestionProblem("answer", exc.message))
    difficulty = data.get("difficulty", 1)
    if not isinstance(difficulty, int) or not 1 <= difficulty <= 3:
        out.append(QuestionProblem("difficulty", "难度应为 1、2 或 3"))
    points = data.get("points")
    if points not in (None, "") and (not isinstance(points, int) or points < 0):
        out.append(QuestionProblem("points", "分值应为非负整数"))
    key_points = data.get("key_points")
    if key_points not in (None, "", []):
        if qtype != "short":
            out.append(QuestionProblem("key_points", "得分要点（key_points）只用于简答题"))
        elif not isinstance(key_points, list) or any(not str(p).strip() for p in key_points):
            out.append(QuestionProblem("key_points", "得分要点（key_points）应为非空文字的列表"))
    return out

