"""Payload checking derived from the command dataclasses (live.command_schema, live.payloads)."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Literal

import pytest

from quizapp.core.errors import DomainError
from quizapp.core.kinds import KINDS
from quizapp.core.quiz import commands as cmd
from quizapp.core.rulebook import rulebook_for
from quizapp.core.sports import model as sm
from quizapp.live import command_schema as schema
from quizapp.live import payloads
from quizapp.live.identity import Identity


@dataclass(frozen=True)
class Line:
    item: str
    amount: int = 0


@dataclass(frozen=True, kw_only=True)
class Sample:
    name: str
    count: int = 0
    seconds: float | None = None
    flag: bool = False
    tags: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    lines: tuple[Line, ...] = ()
    mode: Literal["a", "b"] = "a"
    secret: str = ""


PLAIN = schema.Wire()


def parse(payload: object, wire: schema.Wire = PLAIN) -> dict:
    return schema.parse(payload, schema.payload_fields(Sample, wire))


def refused(payload: object, wire: schema.Wire = PLAIN) -> str:
    with pytest.raises(DomainError) as exc:
        parse(payload, wire)
    assert exc.value.code == "bad_payload"
    return exc.value.message


def test_fields_come_from_the_dataclass_with_their_defaults() -> None:
    fields = schema.fields_of(Sample)
    assert [f.name for f in fields.values() if f.required] == ["name"]
    assert fields["seconds"].type == float | None and fields["tags"].type == tuple[str, ...]


def test_values_are_checked_and_converted() -> None:
    args = parse({"name": "甲", "count": 3, "seconds": 2, "flag": True, "tags": ["x", "y"],
                  "pairs": [["t1", "1:02.35"]], "lines": [{"item": "a1", "amount": 2}], "mode": "b"})
    assert args == {"name": "甲", "count": 3, "seconds": 2.0, "flag": True, "tags": ("x", "y"),
                    "pairs": (("t1", "1:02.35"),), "lines": (Line("a1", 2),), "mode": "b"}
    assert isinstance(args["seconds"], float)
    assert parse({"name": "甲", "seconds": None}) == {"name": "甲", "seconds": None}
    assert parse({"name": "甲"}) == {"name": "甲"}  # absent optional fields: the dataclass default applies


@pytest.mark.parametrize(("payload", "names"), [
    ({}, "name"),
    ({"name": 1}, "name"),
    ({"name": "x" * (schema.MAX_TEXT + 1)}, "name"),
    ({"name": "甲", "count": True}, "count"),
    ({"name": "甲", "count": 10**7}, "count"),
    ({"name": "甲", "count": 1.5}, "count"),
    ({"name": "甲", "seconds": math.nan}, "seconds"),
    ({"name": "甲", "seconds": "3"}, "seconds"),
    ({"name": "甲", "flag": 1}, "flag"),
    ({"name": "甲", "tags": "x"}, "tags"),
    ({"name": "甲", "tags": [1]}, "tags[0]"),
    ({"name": "甲", "pairs": [["t1"]]}, "pairs[0]"),
    ({"name": "甲", "lines": [{"item": "a", "extra": 1}]}, "lines[0]"),
    ({"name": "甲", "lines": [{"amount": 1}]}, "lines[0].item"),
    ({"name": "甲", "mode": "c"}, "mode"),
    ({"name": "甲", "mode": None}, "mode"),
    ({"name": "甲", "colour": "#fff"}, "colour"),
])
def test_a_wrong_field_is_refused_in_chinese_naming_it(payload: dict, names: str) -> None:
    message = refused(payload)
    assert names in message and any("\u4e00" <= ch <= "\u9fff" for ch in message), message


def test_the_whole_payload_is_an_object_of_bounded_size() -> None:
    assert "JSON 对象" in refused(["name"])
    assert "太大" in refused({"name": "甲", "tags": ["x" * 90] * 300})
    assert "缺少字段 name" in refused(None)  # no payload at all is an empty object


def test_a_wire_hides_server_fields_renames_and_looks_up() -> None:
    wire = schema.Wire(server=frozenset({"secret"}), rename={"count": "n"}, lookup={"lines": ("line_ids", str)})
    assert "secret" in refused({"name": "甲", "secret": "x"}, wire)
    assert parse({"name": "甲", "n": 2, "line_ids": "L1"}, wire) == {"name": "甲", "n": 2, "line_ids": "L1"}
    assert schema.to_command_args(Sample, wire, {"n": 2, "line_ids": "L1"}) == {"count": 2, "line_ids": "L1"}


def test_an_unsupported_field_type_is_a_programming_error() -> None:
    @dataclass(frozen=True)
    class Odd:
        data: dict[str, int]

    with pytest.raises(TypeError):
        schema.parse({"data": {}}, schema.fields_of(Odd))


# --- the real commands ---------------------------------------------------------------------------
def test_every_command_a_client_may_send_has_a_payload_schema() -> None:
    """A new command or field of an unsupported type fails here, not on a live socket."""
    for kind in KINDS:
        book = rulebook_for(kind)
        for cls in book.commands.values():
            if cls in payloads.NOT_TYPED:
                continue
            for f in payloads.fields_for(cls).values():
                with pytest.raises(DomainError):  # every type is understood: a wrong value is refused
                    schema.check(object(), f.type, f.name)
        for name, fills in payloads.PHONE_EVENTS.values():
            if name in book.commands:
                payloads.fields_for(book.commands[name], fills)


def test_the_override_tables_name_real_fields() -> None:
    identity_fields = {f.name for f in dataclasses.fields(Identity)}
    for cls, wire in payloads.WIRES.items():
        own = set(schema.fields_of(cls))
        assert wire.server | set(wire.lookup) | set(wire.rename) <= own, cls.__name__
    for event, (name, fills) in payloads.PHONE_EVENTS.items():
        classes = [b.commands[name] for b in map(rulebook_for, KINDS) if name in b.commands]
        assert classes, event
        assert set(fills) <= set(schema.fields_of(classes[0])) and set(fills.values()) <= identity_fields, event


def test_a_typed_command_is_looked_up_in_the_contests_rulebook() -> None:
    quiz, sports = rulebook_for("quiz"), rulebook_for("sports")
    cls, args = payloads.typed({"type": "AddTeam", "name": "甲", "members": ["张三"]}, quiz)
    assert cls is cmd.AddTeam and args == {"name": "甲", "members": ("张三",)}
    cls, args = payloads.typed({"type": "AddTeam", "name": "甲", "unit": "5栋"}, sports)
    assert cls is sm.AddTeam and args == {"name": "甲", "unit": "5栋"}
    cls, args = payloads.typed({"type": "ShowQuestion", "question_id": "pc-1"}, quiz)
    assert cls is cmd.ShowQuestion and args == {"question_id": "pc-1"}
    cls, args = payloads.typed({"type": "RecordResults", "event_id": "e1", "entries": [["t1", "12.3"]]}, sports)
    assert args == {"event_id": "e1", "entries": (("t1", "12.3"),)}
    for book, payload in ((quiz, {"type": "RecordResults"}), (sports, {"type": "StartRound"}),
                          (quiz, {"type": "TimeUp", "purpose": "answer"}), (quiz, {"type": "Buzz", "team_id": "t1"}),
                          (quiz, {"type": "CreateContest"}), (quiz, {"type": "__class__"})):
        with pytest.raises(DomainError) as exc:
            payloads.typed(payload, book)
        assert exc.value.code == "unknown_command" and book.title in exc.value.message, payload
    for payload in ({"type": "Judge", "correct": True, "by": "judge"}, {"type": "AddJudge", "name": "x",
                                                                         "judge_id": "j9"}):
        with pytest.raises(DomainError) as exc:  # server-filled fields never come from a client
            payloads.typed(payload, quiz if payload["type"] == "Judge" else sports)
        assert exc.value.code == "bad_payload"


def test_a_phone_command_leaves_its_credentials_fields_to_the_server() -> None:
    fields = payloads.fields_for(cmd.SubmitAnswer, payloads.PHONE_EVENTS["submit_answer"][1])
    assert set(fields) == {"answer"}
    assert set(payloads.fields_for(cmd.Buzz, ("team_id",))) == {"stamp"}
    assert payloads.command_args(cmd.Buzz, {"stamp": 1.7e9}, ("team_id",)) == {"client_stamp": 1.7e9}
    assert set(payloads.JUDGE_EVENTS["reopen_score"]) == {"event_id", "judge_id", "team_id", "reason"}
