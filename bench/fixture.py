"""Building a benchmark contest directly through the service, before the server starts.

The server loads it from the same instance folder on start-up (``recover``). Device tokens are
issued the same way the join page issues them (``DeviceService.join``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizapp.app import create_app
from quizapp.core.quiz import commands as cmd
from quizapp.core.quiz.questions import Question, make_question
from quizapp.core.quiz.rounds import RoundSpec
from quizapp.questionbank.loader import _strip_lines, bank_paths, read_yaml

SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗"


@dataclass
class Fixture:
    """What the bench needs to talk to the contest: ids and credentials."""

    instance: Path
    contest_id: str
    host_token: str
    team_ids: list[str]
    # team id -> one device token per member
    tokens: dict[str, list[str]] = field(default_factory=dict)
    # a 单选/判断 question queued last in round 0, for the audience to answer: id and answer keys
    choice_question: dict[str, Any] | None = None
    database: str | None = None  # the workers' shared PostgreSQL; None: SQLite in ``instance``


def bank_questions(count: int, skip: int = 0, types: tuple[str, ...] = ()) -> list[Question]:
    """``count`` real questions from the shipped banks, built with ``make_question`` (after the
    first ``skip`` usable ones; only ``types`` if given)."""
    out: list[Question] = []
    for path in bank_paths():
        data = read_yaml(path)
        bank_id = str(data["bank"]["id"])
        for raw in data.get("questions") or ():
            item = {**_strip_lines(raw), "bank": bank_id}
            try:
                question = make_question(item)
            except Exception:  # noqa: BLE001 - skip what the bank check would report
                continue
            if skip:
                skip -= 1
                continue
            if types and question.type not in types:
                continue
            out.append(question)
            if len(out) == count:
                return out
    if len(out) < count:
        raise RuntimeError(f"only {len(out)} questions in the banks, {count} needed")
    return out


def build(instance: Path, teams: int, members: int, rounds: list[dict[str, Any]],
          questions_per_round: int, title: str = "性能测试赛", choice_question: bool = False,
          database: str | None = None) -> Fixture:
    """A started contest: ``teams`` teams of ``members`` devices, ``rounds`` with questions queued.

    ``rounds`` are RoundSpec dicts (``{"kind": "buzz", "settings": {...}}``). The first round
    is started, so the host can ``ShowQuestion`` straight away. With ``choice_question`` a
    单选/判断 question that none of the others duplicates is queued last in round 0 (the
    audience play-along phase shows it by id).
    """
    instance.mkdir(parents=True, exist_ok=True)
    config = {"INSTANCE_PATH": str(instance), "ASYNC_MODE": "threading"}
    if database:  # the workers' shared PostgreSQL (bench.cluster)
        config["DATABASE_URL"] = database
    app = create_app(config)
    service = app.extensions["quizapp.contests"]
    devices = app.extensions["quizapp.devices"]
    specs = tuple(RoundSpec.from_dict(r) for r in rounds)
    cid = service.create(cmd.CreateContest(title=title, rounds=specs, base_score=100, preset="bench"))
    for n in range(1, teams + 1):
        roster = tuple(f"{SURNAMES[(n + m) % len(SURNAMES)]}队员{n}-{m + 1}" for m in range(members))
        service.execute(cid, cmd.AddTeam(name=f"第{n}参赛队", desk=n, members=roster), "host")
    pool = bank_questions(questions_per_round * len(rounds))
    extra = bank_questions(1, skip=len(pool), types=("single", "true_false")) if choice_question else []
    for index in range(len(rounds)):
        chunk = pool[index * questions_per_round:(index + 1) * questions_per_round]
        if index == 0:
            chunk += extra
        service.execute(cid, cmd.QueueQuestions(round_index=index, questions=tuple(chunk)), "host")
    service.execute(cid, cmd.StartRound(round_index=0), "host")
    state = service.state(cid)
    team_ids = [t.id for t in state.teams_by_desk()]
    tokens: dict[str, list[str]] = {}
    for team in state.teams_by_desk():
        code = devices.join_code(cid, team.id)
        tokens[team.id] = [devices.join(code, name).token for name in team.members[:members]]
    token = app.extensions["quizapp.hostauth"].mint(cid)
    app.extensions["quizapp.engine"].dispose()
    choice = None
    if extra:
        q = extra[0]
        choice = {"id": q.id, "type": q.type,
                  "keys": list("ABCDEF"[:len(q.options)]) if q.options else ["true", "false"]}
    return Fixture(instance, cid, token, team_ids, tokens, choice, database)
