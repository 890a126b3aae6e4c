"""Every role × every socket event and command type: exactly the allowed cells get past the role check.

An allowed cell either succeeds or is refused for a domain reason (a rule, a
payload field), never ``forbidden``; every other cell is refused with
``forbidden``. The table below is the whole policy; a new socket event or
command type fails the test until it is added here.
"""

from __future__ import annotations

from typing import Any

import pytest

from quizapp.demo import load_demo
from quizapp.live.identity import AUDIENCE_COOKIE
from quizapp.live.payloads import HOST_COMMANDS, SPORTS_COMMANDS

QUIZ_ROLES = ("host", "team", "screen", "watch")
SPORTS_ROLES = ("host", "judge", "head_judge", "recorder", "screen", "watch")
EVERYONE = frozenset(QUIZ_ROLES + SPORTS_ROLES)
RECORDER_TYPES = {"RecordResults", "CorrectResult", "SetEventStatus", "Undo"}

# event -> roles that may send it (command types are refined below)
EVENT_ROLES: dict[str, frozenset[str]] = {
    "sync": EVERYONE, "get_view": EVERYONE,
    "command": frozenset({"host"}), "remove_device": frozenset({"host"}), "key_buzz": frozenset({"host"}),
    "check_start": frozenset({"host"}), "check_report": frozenset({"host"}),
    "check_press": frozenset({"team"}), "buzz": frozenset({"team"}), "pick_tier": frozenset({"team"}),
    "submit_answer": frozenset({"team"}), "audience_answer": frozenset({"watch"}),
    "audience_name": frozenset({"watch"}), "audience_me": frozenset({"watch"}),
    "sports_command": frozenset({"host", "recorder"}),
    "submit_score": frozenset({"judge", "head_judge"}), "submit_sheet": frozenset({"judge", "head_judge"}),
    "reopen_score": frozenset({"head_judge"}),
}
# events the server itself answers outside the role table (none today besides connect/disconnect)
NOT_COMMANDS = {"connect", "disconnect"}


def allowed(role: str, event: str, kind: str = "") -> bool:
    """The policy under test, written out once."""
    if event == "sports_command" and role == "recorder":
        return kind in RECORDER_TYPES
    return role in EVENT_ROLES[event]


def _payload(event: str, kind: str, ids: dict[str, Any]) -> Any:
    """A plausible payload, so allowed cells reach the rules rather than stop at validation."""
    sports = ids.get("sports_state")
    if event in ("command", "sports_command"):
        examples: dict[str, dict[str, Any]] = {
            "Judge": {"correct": True}, "AdjustScore": {"team_id": "t1", "delta": 1, "reason": "矩阵"},
            "Overrule": {"judgement_no": 1, "correct": False, "reason": "矩阵"},
            "PickTier": {"team_id": "t1", "tier": 10}, "RemoveTeam": {"team_id": "t9"},
            "UpdateTeam": {"team_id": "t1", "name": "矩阵", "desk": 1, "colour": "#123456"},
            "QueueQuestions": {"round_index": 0, "question_ids": []},
            "Undo": {"reason": "矩阵"}, "RecordResults": {"event_id": ids.get("event", "e1"), "entries": ids.get("entries", [])},
            "SetEventStatus": {"event_id": ids.get("event", "e1"), "status": "in_progress"},
            "CorrectResult": {"event_id": ids.get("event", "e1"), "reason": "矩阵", "entries": ids.get("entries", [])},
            "AddTeam": {"name": f"矩阵队{kind}"}, "AddEvent": {"name": "矩阵项目", "kind": "counted"},
            "AddJudge": {"name": "矩阵评委"},
            "ReopenScore": {"event_id": ids.get("event", "e1"), "judge_id": "j1", "team_id": "t1", "reason": "矩阵"},
        }
        return {"type": kind, **examples.get(kind, {})}
    if event in ("submit_score", "submit_sheet", "reopen_score") and sports is not None:
        base = {"event_id": ids.get("scored", "e1"), "team_id": "t1"}
        return {**base, "score": "8"} if event == "submit_score" else (
            base if event == "submit_sheet" else {**base, "judge_id": "j1", "reason": "矩阵"})
    return {"buzz": {}, "pick_tier": {"tier": 10}, "submit_answer": {"answer": "A"},
            "audience_answer": {"choice": "A"}, "audience_name": {"name": "矩阵"},
            "remove_device": {"device_id": "nobody"}, "key_buzz": {"team_id": "t1", "key": "Digit1"}}.get(event, {})


def _clients(app, contest_id: str, roles: tuple[str, ...]) -> dict[str, Any]:
    """One connected test socket per role of the contest."""
    sio, devices = app.extensions["quizapp.socketio"], app.extensions["quizapp.devices"]
    state = app.extensions["quizapp.contests"].state(contest_id)
    out = {}
    for role in roles:
        http = app.test_client()
        if role == "host":
            auth = {"role": "host", "contest": contest_id, "token": app.extensions["quizapp.hostauth"].mint(contest_id)}
        elif role == "team":
            auth = {"role": "team", "token": devices.join(devices.join_code(contest_id, "t1"), "矩阵").token}
        elif role in ("judge", "head_judge"):
            judge = [j for j in state.judges.values() if j.head == (role == "head_judge")][0]
            holder = f"@judge:{judge.id}"
            auth = {"role": "judge", "token": devices.join(devices.join_code(contest_id, holder), judge.name).token}
        elif role == "recorder":
            auth = {"role": "recorder", "token": devices.join(devices.join_code(contest_id, "@recorder"), "矩阵").token}
        else:
            if role == "watch":
                http.get(f"/watch/{contest_id}")  # the page sets the signed audience cookie
                assert http.get_cookie(AUDIENCE_COOKIE) is not None
            auth = {"role": role, "contest": contest_id}
        client = sio.test_client(app, auth=auth, flask_test_client=http)
        assert client.is_connected(), role
        out[role] = client
    return out


def _sports_ids(app, service, sports: str) -> dict[str, Any]:
    """A scored event for the judges and an unrecorded counted one for the desk."""
    from quizapp.core.sports import model as sm

    service.execute(sports, sm.AddEvent(name="矩阵打分", kind="scored"), "host")
    state = service.state(sports)
    return {"sports_state": state,
            "event": next(e.id for e in state.events.values() if e.spec.kind == "counted" and not e.results),
            "scored": next(e.id for e in state.events.values() if e.spec.name == "矩阵打分"),
            "entries": [[t, str(20 + n)] for n, t in enumerate(state.teams)]}


def _cells(events: list[str]) -> list[tuple[str, str]]:
    cells = []
    for event in events:
        table = HOST_COMMANDS if event == "command" else SPORTS_COMMANDS if event == "sports_command" else {"": {}}
        cells += [(event, kind) for kind in table]
    return cells


@pytest.mark.parametrize("kind", ["quiz", "sports"])
def test_every_role_on_every_event_and_command_type(app, service, kind):
    quiz, _, sports, _civility = load_demo(service)
    contest_id, roles = (quiz, QUIZ_ROLES) if kind == "quiz" else (sports, SPORTS_ROLES)
    handlers = app.extensions["quizapp.socketio"].server.handlers["/"]
    events = sorted(set(handlers) - NOT_COMMANDS)
    assert set(events) == set(EVENT_ROLES), "a socket event is missing from the policy table"
    ids: dict[str, Any] = {}
    if kind == "sports":
        state = service.state(sports)
        ids["sports_state"] = state
        ids.update(_sports_ids(app, service, sports))
    clients = _clients(app, contest_id, roles)
    wrong: list[str] = []
    for role in roles:
        for event, cmd_kind in _cells(events):
            reply = clients[role].emit(event, _payload(event, cmd_kind, ids), callback=True)
            code = None if reply.get("ok") else reply["error"]["code"]
            cell = f"{kind}: {role} × {event}{'/' + cmd_kind if cmd_kind else ''} -> {code or 'ok'}"
            if allowed(role, event, cmd_kind):
                if code in ("forbidden", "server_error"):
                    wrong.append(cell)
            elif code != "forbidden":
                wrong.append(cell)
    assert wrong == []


def test_the_results_desk_undoes_only_its_own_results(app, service):
    """The attack from the review: the desk undid a judge's score and the host's AddEvent."""
    sports = load_demo(service)[2]
    clients = _clients(app, sports, ("host", "recorder", "judge"))
    host, desk, judge = clients["host"], clients["recorder"], clients["judge"]
    assert host.emit("sports_command", {"type": "AddEvent", "name": "才艺秀", "kind": "scored"}, callback=True)["ok"]
    state = service.state(sports)
    show = next(e.id for e in state.events.values() if e.spec.name == "才艺秀")
    judge_id = next(j.id for j in state.judges.values() if not j.head)
    other = next(t.id for t in state.teams.values() if t.unit != state.judges[judge_id].unit)
    assert judge.emit("submit_score", {"event_id": show, "team_id": other, "score": "8"}, callback=True)["ok"]
    history = service.state(sports).history
    judge_batch = history[-1].batch
    add_event_batch = history[-2].batch
    for batch in (judge_batch, add_event_batch):
        reply = desk.emit("sports_command", {"type": "Undo", "batch": batch, "reason": "越权"}, callback=True)
        assert reply["error"]["code"] == "forbidden" and "主持人" in reply["error"]["message"]
    assert service.state(sports).events[show].marks  # the judge's score is still there
    counted = next(e for e in service.state(sports).events.values() if e.spec.kind == "counted" and not e.results)
    entries = [[t, str(30 + n)] for n, t in enumerate(service.state(sports).teams)]
    assert desk.emit("sports_command", {"type": "RecordResults", "event_id": counted.id, "entries": entries},
                     callback=True)["ok"]
    own = service.state(sports).history[-1].batch
    assert desk.emit("sports_command", {"type": "Undo", "reason": "录错"}, callback=True)["ok"]  # its own last step
    assert own not in [b.batch for b in service.state(sports).history]
    assert judge_batch in [b.batch for b in service.state(sports).history]
    assert host.emit("sports_command", {"type": "Undo", "batch": judge_batch, "reason": "重评"},
                     callback=True)["ok"]  # the host may
