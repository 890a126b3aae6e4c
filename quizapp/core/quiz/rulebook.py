"""Knowledge contests (党章知识竞赛, 宿舍生活常识大赛) as a rulebook on the one engine."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import awards
from ..codec import Codec
from ..engine import Footprint
from ..errors import DomainError
from ..messages import Command, Event
from ..rulebook import Delivery, Rulebook
from . import audience, rehearsal, restart, rules_answer, rules_buzz, rules_flow, rules_setup, staleness
from . import commands as cmd
from . import events as ev
from .apply import mutate
from .describe import describe
from .state import ContestState
from .views import AUDIENCES, hidden_batch, view_for

FLOW: Footprint = (frozenset({"flow"}), frozenset({"flow"}))  # every flow batch builds on the one before
ASIDE: Footprint = (frozenset(), frozenset({"aside"}))  # manual adjustments and settings: nothing builds on them


class QuizRulebook(Rulebook):
    """Rounds of 必答, 抢答, 风险题, 共答 and 加赛, scored per team."""

    kind = "quiz"
    title = "知识竞赛"
    roles = AUDIENCES
    codec = Codec(ev.EVENT_TYPES.values())
    undo_floor_reason = rehearsal.BOUNDARY
    pages = {"console": "host/console.html", "screen": "screen/screen.html", "watch": "screen/watch.html",
             "check": "host/check.html", "join_sheet": "host/qr_sheet.html", "overlay": "overlay/overlay.html", "keys": "host/keys.html",
             "analytics": "host/analytics.html"}
    deciders = {
        cmd.CreateContest: rules_setup.create,
        cmd.AddTeam: rules_setup.add_team,
        cmd.UpdateTeam: rules_setup.update_team,
        cmd.RemoveTeam: rules_setup.remove_team,
        cmd.QueueQuestions: rules_setup.queue_questions,
        cmd.StartRound: rules_flow.start_round,
        cmd.ShowQuestion: rules_flow.show_question,
        cmd.OpenBuzzers: rules_flow.open_buzzers,
        cmd.StartTimer: rules_flow.start_timer,
        cmd.PauseTimer: rules_flow.pause_timer,
        cmd.ResumeTimer: rules_flow.resume_timer,
        cmd.SkipQuestion: rules_flow.skip_question,
        cmd.Reveal: rules_flow.reveal,
        cmd.AudienceAnswer: audience.answer,
        cmd.AudienceName: audience.name,
        cmd.EndRound: rules_flow.end_round,
        cmd.StartTieBreak: rules_flow.start_tiebreak,
        cmd.FinishContest: rules_flow.finish,
        cmd.Buzz: rules_buzz.buzz,
        cmd.Judge: rules_answer.judge,
        cmd.SubmitAnswer: rules_answer.submit_answer,
        cmd.CloseAnswers: rules_answer.close_answers,
        cmd.Overrule: rules_answer.overrule,
        cmd.AdjustScore: rules_answer.adjust_score,
        cmd.PickTier: rules_answer.pick_tier,
        cmd.TimeUp: rules_answer.time_up,
        cmd.ServerRestarted: restart.server_restarted,
        cmd.StartRehearsal: rehearsal.start,
        cmd.ResetRehearsal: rehearsal.reset,
        awards.SetAwards: awards.set_awards,
    }

    def new_state(self) -> ContestState:
        return ContestState()

    def precheck(self, state: ContestState, command: Command) -> None:
        if state.status == "new" and not isinstance(command, cmd.CreateContest):
            raise DomainError("no_contest", "比赛尚未创建")

    def mutate(self, state: ContestState, event: Event) -> None:
        mutate(state, event)

    def describe(self, event: Event, state: ContestState) -> str:
        return describe(event, state)

    def describe_more(self, event: Event, state: ContestState) -> str:
        if isinstance(event, ev.ScoreChanged):
            return f"，{state.team_label(event.team_id)} {event.delta:+d}"
        return ""

    def footprint(self, event: Event) -> Footprint | None:
        if isinstance(event, audience.AUDIENCE_EVENTS):
            return None  # hundreds of votes never bury the host's last action
        return ASIDE if event.standalone else FLOW

    def view(self, state: ContestState, role: str, viewer: str = "", now: float = 0.0) -> dict[str, Any]:
        return view_for(state, role, viewer, now)

    def deliveries(self, state: ContestState, events: Sequence[Event]) -> tuple[list[Delivery], bool]:
        """Screen, host, team phones, audience, in that order; team phones share one view unless 共答
        is collecting.

        The order is the order of sending: the projector, which the whole room
        watches (a buzz's winner), goes before the host's larger view, and team
        phones before the audience, whose room is paced anyway. Audience votes
        alone reach host and screen at the next flush (hundreds arrive at once);
        a press waiting for the collection window reaches the host only, so no
        phone can react to another team's press.
        """
        if events and all(isinstance(e, audience.AUDIENCE_EVENTS) for e in events):
            return [], True
        if hidden_batch(state, events):
            return [Delivery("host", "host")], False
        out = [Delivery("screen", "screen"), Delivery("host", "host")]
        if state.episode is not None and state.episode.phase == "collecting":
            out += [Delivery(f"team:{t}", "team", t) for t in state.teams]  # each sees only its own answer
        else:
            out.append(Delivery("teams", "team"))
        out.append(Delivery("watch", "watch"))
        return out, False

    def presence_deliveries(self, state: ContestState) -> list[Delivery]:
        out = [Delivery("host", "host"), Delivery("screen", "screen")]
        if state.episode is None:  # waiting phones list the teammates who joined; no question to disturb
            out.append(Delivery("teams", "team"))
        return out

    def summary(self, state: ContestState) -> dict[str, Any]:
        return {"kind_label": self.title,
                "teams": [{"colour": t.colour, "name": f"{t.desk}号 {t.name}"} for t in state.teams_by_desk()]}

    def snapshot(self, state: ContestState) -> dict[str, Any]:
        return {"status": state.status, "version": state.version,
                "scores": {t.id: t.score for t in state.teams.values()}}

    def command_stale(self, command: Command, since: Sequence[Event]) -> str | None:
        return staleness.stale_reason(command, since)


QUIZ = QuizRulebook()
