"""Key and gamepad buzzers (抢答器 that type a key per desk) wired to the host's laptop.

The host's keys page sends ``key_buzz`` on its authenticated socket; the press
becomes the same ``Buzz`` command a phone's press becomes, so the round's rules
(false starts, locks, duplicates, the collection window, the tie margin) apply
unchanged and phone and key buzzers can be mixed in one contest. A local device
has no network delay to compensate: its press time is the server's receipt time.
The ``device`` field (``key:<binding>``) records in the log which buzzer pressed.
"""

from __future__ import annotations

import re
import time
from typing import Any

from ..core.engine import Entry
from ..core.errors import DomainError
from ..core.fairbuzz.delay_credit import collection_window, room_delay
from ..core.quiz.commands import Buzz
from ..core.quiz.state import ContestState
from . import command_schema as schema
from .identity import Identity
from .payloads import command_class

# the keys page names the team and the key; the binding becomes the press's ``device``
KEY_WIRE = schema.Wire(server=frozenset({"member", "client_stamp", "corrected", "delay", "error", "clamped",
                                         "window"}),
                       lookup={"device": ("key", str)})
BINDING = re.compile(r"^[A-Za-z0-9:_.-]{1,40}$")  # "Digit1", "Numpad3", "pad0:b2"
DEVICE_PREFIX = "key:"


def key_buzz_command(state: ContestState, team_id: str, binding: str, now: float,
                     window_delays: list[float]) -> Buzz:
    """The Buzz of a key press received at ``now``.

    In a compensated round it is judged at its receipt time (no delay credit, no
    clock error) and still waits for the room's collection window, so a phone that
    pressed earlier but whose message is still on the Wi-Fi can win.
    """
    rnd = state.round
    compensated = rnd is not None and rnd.spec.settings.arbitration == "compensated"
    room = room_delay(window_delays)
    window = collection_window(room) if compensated and room is not None else 0.0
    return Buzz(team_id=team_id, device=f"{DEVICE_PREFIX}{binding}", corrected=now if compensated else None,
                delay=0.0, error=0.0, window=window)


def key_buzz(hub: Any, identity: Identity, payload: Any) -> list[Entry]:
    """Validate a ``key_buzz`` from the host's keys page and run it as that team's press."""
    contest_id = identity.contest_id
    buzz = command_class(hub.contests.rulebook(contest_id), "Buzz")  # a kind without buzzing: unknown_command
    args = schema.parse(payload, schema.payload_fields(buzz, KEY_WIRE))
    binding = args.get("key") or "key"
    if not BINDING.match(binding):
        raise DomainError("bad_payload", "字段 key 应为 1 到 40 个字母、数字或 :_.- 组成的按键名")
    state = hub.contests.state(contest_id)
    team_id = args["team_id"]
    if team_id not in state.teams:
        raise DomainError("unknown_team", "没有这支队伍，请检查按键设置")
    now = time.time()
    delays = hub.clocks.delays(hub.presence.team_sids(contest_id))
    command = key_buzz_command(state, team_id, binding, now, delays)
    return hub.contests.execute(contest_id, command, f"{DEVICE_PREFIX}{team_id}", now=now)
