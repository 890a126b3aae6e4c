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
from ..core.rulebook import Delivery, Rulebook
from ..core.quiz import commands as cmd
from ..core.sports import model as sm
from ..services.catalog import Catalog
from ..services.contests import ContestService
from ..services.devices import DeviceService
from ..services.setup import start_tiebreak
from .buzzer_check import BuzzerChecks
from .fairbuzz import Clocks, buzz_command
from .identity import Identity
from .payloads import (
    JUDGE_EVENTS,
    SPORTS_COMMANDS,
    parse,
    parse_host_command,
    parse_typed,
)
from .policy import admit_sports, check_judge, check_sports
from .presence import Presence

log = logging.getLogger(__name__)
PRESENCE_EVERY = 0.5  # seconds between presence broadcasts of one contest


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
        contests.publishers.append(self.publish)

    # --- views ------------------------------------------------------------
    def view(self, contest_id: str, identity: Identity, state: Any = None,
             presence: dict[str, Any] | None = None) -> dict[str, Any]:
        """The view one client may see, with connection info and who they are merged in."""
        book = self.contests.rulebook(contest_id)
        state = state or self.contests.state(contest_id)
        view = self._room_view(contest_id, book, state, identity.role, identity.team_id or identity.judge_id,
                               presence)
        if identity.role in ("team", "judge", "recorder"):
            view["me"] = {"team_id": identity.team_id, "judge_id": identity.judge_id,
                          "member": identity.member, "device_id": identity.device_id}
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
        """Send each delivery's view to its room (one view per room, encoded once for all its sockets)."""
        for d in deliveries:
            view = self._room_view(contest_id, book, state, d.role, d.viewer, presence)
            self.socketio.emit("view", view, to=f"c:{contest_id}:{d.room}")

    def publish(self, contest_id: str, state: Any, entries: Sequence[Entry] = ()) -> None:
        """Send every room of the contest its fresh view, as the contest's rulebook plans it."""
        book = self.contests.rulebook(contest_id)
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
        """Send fresh host and screen views for contests whose presence changed (throttled)."""
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

    def republish(self, contest_id: str) -> None:
        """Publish without a state change (someone connected or left)."""
        try:
            self.publish(contest_id, self.contests.state(contest_id))
        except DomainError:
            log.info("republish of unknown contest %s skipped", contest_id)

    # --- commands -----------------------------------------------------------
    def host_command(self, identity: Identity, payload: Any) -> list[Entry]:
        """Validate a host command payload and run it."""
        name, args = parse_host_command(payload)
        contest_id = identity.contest_id
        if name == "ShowQuestion":
            qid = args.pop("question_id", None)
            args["question"] = self._question(contest_id, qid) if qid else None
        elif name == "QueueQuestions":
            args["questions"] = tuple(self.catalog.question(q) for q in args.pop("question_ids"))
        elif name in ("AddTeam", "UpdateTeam"):
            args["members"] = tuple(args.get("members", ()))
        elif name == "StartTieBreak":
            return start_tiebreak(self.contests, self.catalog, contest_id, tuple(args.get("teams", ())))
        command = getattr(cmd, name)(**args)
        return self.contests.execute(contest_id, command, "host")

    def _question(self, contest_id: str, question_id: str) -> Any:
        rnd = self.contests.state(contest_id).round
        for q in rnd.queue if rnd else ():
            if q.id == question_id:
                return q
        return self.catalog.question(question_id)

    def team_command(self, identity: Identity, sid: str, event: str, payload: Any) -> list[Entry]:
        """A team phone's buzz, risk-tier pick or 共答 answer."""
        contest_id, team = identity.contest_id, identity.team_id
        if event == "buzz":
            args = parse(payload, {"stamp": ("number", False)})
            now = time.time()
            state = self.contests.state(contest_id)
            command = buzz_command(state, team, identity.member, identity.device_id, args.get("stamp"),
                                   self.clocks.get(sid), now, self._team_delays(contest_id))
            return self.contests.execute(contest_id, command, f"team:{team}", now=now)
        if event == "pick_tier":
            args = parse(payload, {"tier": ("int?", True)})
            return self.contests.execute(contest_id, cmd.PickTier(team_id=team, tier=args["tier"]),
                                         f"team:{team}")
        args = parse(payload, {"answer": ("str", True)})
        return self.contests.execute(contest_id, cmd.SubmitAnswer(team_id=team, answer=args["answer"],
                                                                  member=identity.member),
                                     f"team:{team}")

    def audience_answer(self, identity: Identity, payload: Any) -> list[Entry]:
        """An audience phone answers the question on stage once (play-along or 观众题, core.audience)."""
        args = parse(payload, {"choice": ("str", True)})
        if not identity.device_id:  # the id comes from the /watch page's signed cookie only
            raise DomainError("bad_device", "缺少观众身份，请刷新观众页后再答")
        if self.gate is not None:
            self.gate.votes.take(identity.address, "作答太频繁")
        return self.contests.execute(identity.contest_id,
                                     cmd.AudienceAnswer(device=identity.device_id, choice=args["choice"]),
                                     "audience")

    def sports_command(self, identity: Identity, payload: Any) -> list[Entry]:
        """A host's or the results desk's sports-day command."""
        admit_sports(identity.role, payload)
        name, args = parse_typed(payload, SPORTS_COMMANDS)
        state = self.contests.state(identity.contest_id)
        if name not in self.contests.rulebook(identity.contest_id).commands:
            raise DomainError("wrong_contest", "这场比赛不是运动会")
        args = check_sports(identity.role, name, args, state, self.contests.log(identity.contest_id))
        command = getattr(sm, name)(**args)
        return self.contests.execute(identity.contest_id, command, identity.role)

    def judge_command(self, identity: Identity, event: str, payload: Any) -> list[Entry]:
        """A judge's score, checklist sheet, or (head judge) reopening of a score."""
        args = parse(payload, JUDGE_EVENTS[event])
        state = self.contests.state(identity.contest_id)
        if "SubmitScore" not in self.contests.rulebook(identity.contest_id).commands:
            raise DomainError("wrong_contest", "这场比赛不是运动会")
        check_judge(event, identity.judge_id, state)
        if event == "submit_score":
            command: Any = sm.SubmitScore(judge_id=identity.judge_id, **args)
        elif event == "submit_sheet":
            command = sm.SubmitSheet(judge_id=identity.judge_id, event_id=args["event_id"],
                                     team_id=args["team_id"],
                                     deductions=tuple(args.get("deductions", ())),
                                     vetoes=tuple(args.get("vetoes", ())))
        else:
            command = sm.ReopenScore(by=identity.judge_id, **args)
        return self.contests.execute(identity.contest_id, command, f"judge:{identity.judge_id}")

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
