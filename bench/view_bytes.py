"""Bytes per change per role: whole views against patches (issue 14, "send less").

Builds the fan-out bench's contest (``--teams`` teams of 5 phones, one buzz round, questions from
the shipped banks), opens it in-process with Flask-SocketIO test clients (no network, threading
mode, no clock loop, so the audience is not paced here), connects every team phone and a few
audience phones as patch-reading pages plus one whole-view client per role, then plays a typical
question: ShowQuestion, OpenBuzzers, Buzz, Judge, Reveal, AdjustScore, and the next ShowQuestion.

For each command and role it prints the JSON bytes of the ``view`` payload (as python-socketio
encodes it: compact separators, ASCII-escaped) that a whole-view client and a patch-reading client
received, and what one change costs the room of ``--teams`` × 5 phones + ``--audience`` phones
+ host + screen. Socket.IO framing adds about 10 bytes per message to either.

    .venv/bin/python -m bench.view_bytes --teams 100
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from quizapp.app import create_app
from quizapp.live.patches import apply

from .fixture import build
from .population import BUZZ_ROUND, MEMBERS

ROLES = ("host", "screen", "watch", "team")


def size(payload: Any) -> int:
    return len(json.dumps(payload, separators=(",", ":")))


def views(client: Any) -> list[dict[str, Any]]:
    return [m["args"][0] for m in client.get_received() if m["name"] == "view"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teams", type=int, default=100)
    parser.add_argument("--audience", type=int, default=500, help="audience phones the room figure counts")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        fx = build(Path(tmp) / "instance", args.teams, MEMBERS, [BUZZ_ROUND], questions_per_round=5)
        app = create_app({"INSTANCE_PATH": str(fx.instance), "TESTING": True, "START_BACKGROUND": False,
                          "ASYNC_MODE": "threading", "AUDIENCE_BURST": 10_000})
        sio = app.extensions["quizapp.socketio"]
        cid = fx.contest_id

        def connect(auth: dict[str, Any], patches: bool, http: Any = None) -> Any:
            extra = {"patches": True} if patches else {}
            client = sio.test_client(app, auth={**auth, **extra}, flask_test_client=http)
            assert client.is_connected(), auth
            return client

        def watcher(patches: bool) -> Any:
            http = app.test_client()
            assert http.get(f"/watch/{cid}").status_code == 200
            return connect({"role": "watch", "contest": cid}, patches, http)

        host_auth = {"role": "host", "contest": cid, "token": fx.host_token}
        phones = [connect({"role": "team", "token": tok}, True) for team in fx.team_ids for tok in fx.tokens[team]]
        probes = {"host": connect(host_auth, True), "screen": connect({"role": "screen", "contest": cid}, True),
                  "watch": watcher(True), "team": phones[0]}
        wholes = {"host": connect(host_auth, False), "screen": connect({"role": "screen", "contest": cid}, False),
                  "watch": watcher(False), "team": connect({"role": "team", "token": fx.tokens[fx.team_ids[1]][0]},
                                                            False)}
        app.extensions["quizapp.hub"].flush_presence(time.time() + 60)  # presence of everyone, then start
        held = {role: None for role in ROLES}
        for role in ROLES:
            for message in views(probes[role]):
                held[role] = message if "patch" not in message else apply(held[role], message["patch"])
            views(wholes[role])
        for phone in phones[1:]:
            phone.get_received()
        buzzer = phones[MEMBERS * (args.teams // 2)]  # a phone of a team in the middle of the table
        steps: list[tuple[str, Any]] = [
            ("ShowQuestion", {"type": "ShowQuestion"}), ("OpenBuzzers", {"type": "OpenBuzzers"}),
            ("Buzz", None), ("Judge", {"type": "Judge", "correct": True}), ("Reveal", {"type": "Reveal"}),
            ("AdjustScore", {"type": "AdjustScore", "team_id": fx.team_ids[7], "delta": 5, "reason": "加分"}),
            ("ShowQuestion", {"type": "ShowQuestion"}),
        ]
        rows = []
        for name, command in steps:
            if command is None:
                reply = buzzer.emit("buzz", {}, callback=True)
            else:
                reply = wholes["host"].emit("command", command, callback=True)
            assert reply["ok"], (name, reply)
            time.sleep(0.3)  # a buzz waits for its collection window
            app.extensions["quizapp.hub"].flush_presence(time.time())
            row: dict[str, Any] = {"command": name}
            for role in ROLES:
                full = views(wholes[role])
                got = views(probes[role])
                for message in got:
                    held[role] = ({**apply(held[role], message["patch"]), "rev": message["rev"]}
                                  if "patch" in message else message)
                if full:
                    keep = ("server_time", "rev", "me")
                    assert {k: v for k, v in held[role].items() if k not in keep} == \
                        {k: v for k, v in full[-1].items() if k not in keep}, (name, role)
                row[role] = {"full": sum(map(size, full)), "patch": sum(map(size, got)), "messages": len(got)}
            for phone in phones[1:]:
                phone.get_received()
            rows.append(row)
    phones_n = args.teams * MEMBERS
    print(f"teams={args.teams} phones={phones_n} audience={args.audience}: JSON bytes of `view` per change")
    print(f"{'command':<13}" + "".join(f"{role + ' full':>12}{role + ' patch':>13}" for role in ROLES)
          + f"{'room full':>12}{'room patch':>12}")
    for row in rows:
        room = {kind: row["host"][kind] + row["screen"][kind] + args.audience * row["watch"][kind]
                + phones_n * row["team"][kind] for kind in ("full", "patch")}
        row["room"] = room
        print(f"{row['command']:<13}" + "".join(f"{row[r]['full']:>12}{row[r]['patch']:>13}" for r in ROLES)
              + f"{room['full']:>12}{room['patch']:>12}")
    if args.json:
        args.json.write_text(json.dumps({"teams": args.teams, "audience": args.audience, "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
