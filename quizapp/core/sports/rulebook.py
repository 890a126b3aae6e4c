"""The sports day (宿舍趣味运动会) and judge panels (文明宿舍评比) as a rulebook on the one engine."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..codec import Codec
from ..engine import Footprint
from ..errors import DomainError
from ..messages import Command, Event
from ..quiz.commands import ResetRehearsal, StartRehearsal
from ..rulebook import Delivery, Rulebook
from . import apply, describe, model, rules, views

REHEARSAL_REFUSED = ("运动会不支持彩排：彩排只用于知识竞赛。运动会可以先录入一条试填成绩，"
                     "确认手机和大屏正常后再撤销")


def _no_rehearsal() -> list[Event]:
    raise DomainError("rehearsal_unsupported", REHEARSAL_REFUSED)


class SportsRulebook(Rulebook):
    """Ranked, timed, counted and scored events, placings into points, and panels of judges."""

    kind = "sports"
    title = "运动会"
    roles = ("host", "recorder", "judge", "screen", "watch", "team")
    codec = Codec(model.SPORTS_EVENT_TYPES.values(),
                  aliases={"SportsUndone": "BatchesUndone", "SportsAwardsSet": "AwardsSet"})  # older logs
    deciders = {**rules.DECIDERS, StartRehearsal: lambda s, c, now: _no_rehearsal(),
                ResetRehearsal: lambda s, c, now: _no_rehearsal()}  # known, so the refusal can explain why
    undo_needs_reason = True  # the results desk's corrections are audited
    pages = {"console": "sports/host.html", "screen": "sports/screen.html", "watch": "sports/watch.html",
             "staff_sheet": "sports/staff_sheet.html", "judge": "sports/judge.html",
             "recorder": "sports/recorder.html"}

    def new_state(self) -> model.SportsState:
        return model.SportsState()

    def precheck(self, state: model.SportsState, command: Command) -> None:
        if state.status == "new" and not isinstance(command, model.CreateSportsDay):
            raise DomainError("no_sports_day", "运动会尚未创建")

    def mutate(self, state: model.SportsState, event: Event) -> None:
        apply.mutate(state, event)

    def describe(self, event: Event, state: model.SportsState) -> str:
        return describe.describe(event, state)

    def describe_more(self, event: Event, state: model.SportsState) -> str:
        return describe.describe_more(event, state)

    def footprint(self, event: Event) -> Footprint | None:
        return apply.footprint(event)

    def view(self, state: model.SportsState, role: str, viewer: str = "", now: float = 0.0) -> dict[str, Any]:
        return views.view(state, views.AUDIENCE_OF_ROLE.get(role, "screen"), viewer)

    def deliveries(self, state: model.SportsState, events: Sequence[Event]) -> tuple[list[Delivery], bool]:
        """Projector, host and results desk, phones, and each judge (who sees their own to-do list)."""
        out = [Delivery(room, room) for room in ("screen", "host", "recorder", "watch")]
        out += [Delivery(f"judge:{j}", "judge", j) for j in state.judges]
        return out, False

    def finished(self, state: model.SportsState) -> bool:
        """Every event's results are 成绩已确认."""
        return bool(state.events) and all(sev.status == "final" for sev in state.events.values())

    def summary(self, state: model.SportsState) -> dict[str, Any]:
        judged_only = bool(state.events) and all(sev.uses_panel for sev in state.events.values())
        return {"kind_label": "评比" if judged_only else self.title,  # 文明宿舍评比: every event judged
                "teams": [{"colour": t.colour, "name": t.label} for t in state.teams.values()]}

    def snapshot(self, state: model.SportsState) -> dict[str, Any]:
        return {"version": state.version,
                "totals": {r.team_id: str(r.total) for r in rules.standings(state)}}


SPORTS = SportsRulebook()
