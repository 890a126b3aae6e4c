"""The live hub: publishes views to rooms after each commit, and runs commands
for connected clients (turning payloads into core commands).

Views go only to rooms: the host room gets the host view, each team room its
team's view, the screen and audience rooms theirs. A team never receives an
unrevealed answer because it only ever receives ``view_for(state, "team")``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from typing import Any

from flask_socketio import SocketIO

from ..core.engine import Entry
from ..core.errors import DomainError
from ..core.quiz import commands as cmd
from ..core.rulebook import Delivery, Rulebook
from ..services.catalog import Catalog
from ..services.contests import ContestService
from ..services.devices import DeviceService
from ..services.setup import start_tiebreak
from .buzzer_check import BuzzerChecks
from .fairbuzz import Clocks, buzz_command
from .identity import Identity, rooms_for
from .json_packets import Spliced
from .outbox import COALESCED_ROLES, Outbox
from .payloads import PHONE_EVENTS, command_args, command_class, parse, typed, wire_of
from .policy import actor, admit_typed, check_phone, check_typed
from .presence import Presence
from .streams import resume

log = logging.getLogger(__name__)
PRESENCE_EVERY = 0.5  # seconds between presence broadcasts of one contest


def _add_me(view: dict[str, Any], identity: Identity) -> None:
    """Who this phone is, for a team's or a judge's own view: its team or judge seat, member and device."""
    if identity.role in ("team", "judge", "recorder"):
        me = {"team_id": identity.team_id, "judge_id": identity.judge_id, "member": identity.member,
              "device_id": identity.device_id}
        view["me"] = {k: v for k, v in me.items() if v or k == "member"}


class Hub:
    """Everything the socket handlers need, in one place."""

    def __init__(self, socketio: SocketIO, contests: ContestService, devices: DeviceService,
                 catalog: Catalog) -> None:
        self.socketio, self.contests, self.devices, self.catalog = socketio, contests, devices, catalog
        self.presence = Presence()
        self.clocks = Clocks()
        self.checks = BuzzerChecks()
        self.gate: Any = None  # identity.Gate, set by create_app: audience vote limits
        self._dirty: set[str] = set()
        self._flushed: dict[str, float] = {}
        self._dirty_lock = threading.Lock()
        self.outbox = Outbox(socketio)  # what each room was sent; patches; the audience's pace
        self._seen: dict[str, int] = {}  # contest -> newest version this process published
        contests.publishers.append(self.publish)

    # --- views ------------------------------------------------------------
    def view(self, contest_id: str, identity: Identity, state: Any = None,
             presence: dict[str, Any] | None = None) -> dict[str, Any]:
        """The view one client may see, with connection info and who they are merged in."""
        book = self.contests.rulebook(contest_id)
        state = state or self.contests.state(contest_id)
        view = self._room_view(contest_id, book, state, identity.role, identity.team_id or identity.judge_id,
                               presence)
        _add_me(view, identity)
        return view

    def _room_view(self, contest_id: str, book: Rulebook, state: Any, role: str, viewer: str,
                   presence: dict[str, Any] | None = None) -> dict[str, Any]:
        """A rulebook's view for one role, plus what only the live layer knows (presence, devices, clocks)."""
        now = time.time()
        view = book.view(state, role, viewer, now)
        view.update(contest_id=contest_id, server_time=now, role=role)
        presence = presence or self.presence.summary(contest_id)
        view["presence"] = {"teams": presence["teams"], "devices": presence["devices"]}
        if role == "host":
            view["presence"].update(screens=presence["screens"], watchers=presence["watchers"])
            clocks = self.clocks.status(contest_id)  # measured delay and the outlier flag
            view["devices"] = [{"id": d.id, "team_id": d.team_id, "member": d.member, **clocks.get(d.id, {})}
                               for d in self.devices.devices(contest_id)]
            view["pin_failures"] = self.devices.pin_failures(contest_id)
        return view

    def _deliver(self, contest_id: str, book: Rulebook, state: Any, deliveries: Sequence[Delivery],
                 presence: dict[str, Any]) -> None:
        """Send each delivery's view to its room (one view per room, encoded once for all its sockets).

        Patch-reading clients get the difference from the room's previous view;
        the audience room is paced (``Outbox.hold``); between rooms the server
        yields, so a buzz that arrives mid-publish is read and stamped on time.
        """
        for d in deliveries:
            room = f"c:{contest_id}:{d.room}"

            def build(d: Delivery = d) -> dict[str, Any]:
                return self._room_view(contest_id, book, state, d.role, d.viewer, presence)

            if d.role in COALESCED_ROLES and self.outbox.hold(room, time.time(), build):
                continue
            # team phones listen to their team's room and the shared one (identity.rooms_for): a team's
            # own view starts from the shared one, and the shared one goes whole after teams' own views
            shared = f"c:{contest_id}:teams"
            bases = (shared,) if d.room.startswith("team:") else ()
            whole = d.room == "teams" and self.outbox.streams.newer(f"c:{contest_id}:team:", than=shared)
            self.outbox.send(room, build(), bases, whole)
            self.socketio.sleep(0)

    def publish(self, contest_id: str, state: Any, entries: Sequence[Entry] = ()) -> None:
        """Send every room of the contest its fresh view, as the contest's rulebook plans it."""
        book = self.contests.rulebook(contest_id)
        self._note_version(contest_id, state, entries)
        deliveries, later = book.deliveries(state, [e.event for e in entries])
        if later:
            self.presence_changed(contest_id)  # hundreds of votes: host and screen get the count at a flush
        self._deliver(contest_id, book, state, deliveries, self.presence.summary(contest_id))

    def presence_changed(self, contest_id: str) -> None:
        """Someone connected or left: the host and the screen hear of it at the next flush.

        Coalescing matters: 500 phones joining must not cause 500 full broadcasts.
        """
        with self._dirty_lock:
            self._dirty.add(contest_id)

    def flush_presence(self, now: float, every: float = PRESENCE_EVERY) -> None:
        """Send fresh host and screen views for contests whose presence changed (throttled),
        and the audience views that waited for their turn."""
        self.outbox.flush(now)
        with self._dirty_lock:
            due = [c for c in self._dirty if now - self._flushed.get(c, 0.0) >= every]
            self._dirty.difference_update(due)
            self._flushed.update((c, now) for c in due)
        for contest_id in due:
            try:
                state = self.contests.state(contest_id)
                book = self.contests.rulebook(contest_id)
            except DomainError:
                continue
            self._deliver(contest_id, book, state, book.presence_deliveries(state),
                          self.presence.summary(contest_id))

    def _note_version(self, contest_id: str, state: Any, entries: Sequence[Entry]) -> None:
        """Remember the newest version published here; a gap means another process published the
        versions between, so the rooms' recorded views are not what clients hold: start afresh."""
        version = getattr(state, "version", None)
        if not isinstance(version, int):
            return
        seen = self._seen.get(contest_id)
        if entries and seen is not None and entries[0].seq - 1 > seen:
            self.outbox.streams.forget(f"c:{contest_id}:")
        self._seen[contest_id] = max(version, seen or 0)

    def resume_view(self, identity: Identity, since: Any = None) -> dict[str, Any]:
        """What a patch-reading client gets on (re)connect or ``get_view``: a patch from the
        revision ``since`` it holds when that view is still kept here, else the room's latest
        view in full (the same view, and revision, everyone in the room holds)."""
        contest_id, now = identity.contest_id, time.time()
        state = self.contests.state(contest_id)
        rooms = rooms_for(identity)
        streams = self.outbox.streams
        version, seen = getattr(state, "version", None), self._seen.get(contest_id)
        if seen is None and isinstance(version, int):  # nothing published here yet (just started):
            streams.forget(f"c:{contest_id}:")  # the rooms' views start from this one
            self._seen[contest_id] = version
        elif isinstance(version, int) and version > seen:  # another process published, or this one is
            return self.view(contest_id, identity, state)  # about to: whole, no rev (a resync follows)
        latest, message = resume(streams, rooms, since)
        if message is not None:
            message["patch"].append([["server_time"], now])
            return message
        if latest is None:
            book = self.contests.rulebook(contest_id)
            plan = {f"c:{contest_id}:{d.room}": d for d in book.deliveries(state, [])[0]}
            room = next((r for r in rooms if r in plan), rooms[0])
            d = plan.get(room) or Delivery(room, identity.role, identity.team_id or identity.judge_id)
            latest = streams.record(room, self._room_view(contest_id, book, state, d.role, d.viewer))[0]
            if latest is None:  # cannot happen for an empty room; keep the client served anyway
                return self.view(contest_id, identity, state)
        own: dict[str, Any] = {"server_time": now}
        _add_me(own, identity)
        own["rev"] = latest.rev  # last, as on every whole view (probes look for it at the end)
        return Spliced(latest.view, latest.text, own)

    def republish(self, contest_id: str) -> None:
        """Publish without a state change (someone connected or left)."""
        try:
            self.publish(contest_id, self.contests.state(contest_id))
        except DomainError:
            log.info("republish of unknown contest %s skipped", contest_id)

    # --- commands -----------------------------------------------------------
    # Every command is looked up by name in the contest's rulebook and its payload checked against
    # that class's fields (live.payloads), so nothing here asks which kind of contest it is.
    def command_class(self, contest_id: str, name: str) -> type:
        """Command ``name`` of the contest's rulebook; ``unknown_command`` when its kind has none."""
        return command_class(self.contests.rulebook(contest_id), name)

    def typed_command(self, identity: Identity, payload: Any) -> list[Entry]:
        """``{"type": NAME, …}`` from the host or the results desk (``command``, ``sports_command``)."""
        admit_typed(identity.role, payload)  # the desk's few types, before any field is read
        contest_id = identity.contest_id
        cls, args = typed(payload, self.contests.rulebook(contest_id))
        args = check_typed(identity.role, cls.__name__, self._resolve(contest_id, cls, args), self.contests,
                           contest_id)
        if cls is cmd.StartTieBreak:  # the service adds the preset's plan and deals its questions
            return start_tiebreak(self.contests, self.catalog, contest_id, args.get("teams", ()), actor(identity))
        return self.contests.execute(contest_id, cls(**args), actor(identity))

    def _resolve(self, contest_id: str, cls: type, args: dict[str, Any]) -> dict[str, Any]:
        """Payload ids turned into the records the command carries (``lookup`` in payloads.WIRES)."""
        lookups = {"question_id": lambda qid: self._question(contest_id, qid) if qid else None,
                   "question_ids": lambda ids: tuple(self.catalog.question(q) for q in ids)}
        for field, (name, _) in wire_of(cls).lookup.items():
            if name in args:
                args[field] = lookups[name](args.pop(name))
        return args

    def _question(self, contest_id: str, question_id: str) -> Any:
        """A question by id: the current round's queue first (a host's own), then the banks."""
        rnd = getattr(self.contests.state(contest_id), "round", None)
        for q in rnd.queue if rnd else ():
            if q.id == question_id:
                return q
        return self.catalog.question(question_id)

    def buzz(self, identity: Identity, sid: str, payload: Any) -> list[Entry]:
        """A team phone's press: its stamp is placed on the server's clock by the phone's estimate."""
        contest_id = identity.contest_id
        args = command_args(self.command_class(contest_id, "Buzz"), payload, ("team_id",))
        now = time.time()
        command = buzz_command(self.contests.state(contest_id), identity.team_id, identity.member,
                               identity.device_id, args.get("client_stamp"), self.clocks.get(sid), now,
                               self._team_delays(contest_id))
        return self.contests.execute(contest_id, command, actor(identity), now=now)

    def _phone(self, identity: Identity, event: str, payload: Any) -> tuple[type, dict[str, Any]]:
        """The command a device sends on ``event`` (payloads.PHONE_EVENTS), with the fields its
        credential fills in (team, member, audience id or judge), which the payload may not carry."""
        name, fills = PHONE_EVENTS[event]
        cls = self.command_class(identity.contest_id, name)
        filled = {f: getattr(identity, attr) for f, attr in fills.items()}
        return cls, {**command_args(cls, payload, filled), **filled}

    def phone_command(self, identity: Identity, event: str, payload: Any) -> list[Entry]:
        """A team's tier pick or 共答 answer, a judge's score, sheet or (head judge) reopening."""
        cls, args = self._phone(identity, event, payload)
        check_phone(cls.__name__, identity, self.contests)
        return self.contests.execute(identity.contest_id, cls(**args), actor(identity))

    def audience_answer(self, identity: Identity, payload: Any) -> list[Entry]:
        """An audience phone answers the question on stage once (play-along or 观众题, core.audience)."""
        cls, args = self._phone(identity, "audience_answer", payload)
        if not identity.device_id:  # the id comes from the /watch page's signed cookie only
            raise DomainError("bad_device", "缺少观众身份，请刷新观众页后再答")
        if self.gate is not None:
            self.gate.votes.take(identity.address, "作答太频繁")
        return self.contests.execute(identity.contest_id, cls(**args), actor(identity))

    def _team_delays(self, contest_id: str) -> list[float]:
        return self.clocks.delays(self.presence.team_sids(contest_id))

    # --- buzzer check -------------------------------------------------------
    def start_check(self, identity: Identity) -> dict[str, Any]:
        """Cue every team phone of the contest to press at the same moment."""
        state = self.contests.state(identity.contest_id)
        check = self.checks.start(identity.contest_id, time.time())
        for team_id in state.teams:
            self.socketio.emit("check_cue", {"cue_at": check.cue_at},
                               to=f"c:{identity.contest_id}:team:{team_id}")
        self._report_check(identity.contest_id)
        return {"ok": True, "cue_at": check.cue_at}

    def check_press(self, identity: Identity, sid: str, payload: Any) -> dict[str, Any]:
        """A phone's press on the cue: measure it and tell the host."""
        args = parse(payload, {"stamp": ("number", False)})
        result = self.checks.press(identity.contest_id, identity.team_id, identity.member,
                                   identity.device_id, args.get("stamp"), self.clocks.get(sid), time.time(),
                                   room_delays=self._team_delays(identity.contest_id))
        self._report_check(identity.contest_id)
        return result

    def _report_check(self, contest_id: str) -> None:
        self.socketio.emit("check_report", self.checks.report(contest_id), to=f"c:{contest_id}:host")
