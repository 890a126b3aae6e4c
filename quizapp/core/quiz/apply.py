"""``apply``: the only code that changes contest state, one handler per event.

Handlers mutate the state they are given; ``engine.apply`` hands them a copy.
They trust the event (``decide`` already checked the rules) and never raise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import events as ev
from .audience import record_answer, score_reveal
from .state import ContestState, Episode, Judgement, RoundState, TeamState, Timer

Handler = Callable[[ContestState, Any], None]
HANDLERS: dict[type[ev.Event], Handler] = {}


def handles(event_type: type[ev.Event]) -> Callable[[Handler], Handler]:
    """Register a handler for one event type."""

    def register(fn: Handler) -> Handler:
        HANDLERS[event_type] = fn
        return fn

    return register


def mutate(state: ContestState, event: ev.Event) -> None:
    """Apply ``event`` to ``state`` in place (``state`` must be a private copy)."""
    HANDLERS[type(event)](state, event)
    state.version += 1


@handles(ev.ContestCreated)
def _created(s: ContestState, e: ev.ContestCreated) -> None:
    s.title, s.base_score, s.preset, s.status = e.title, e.base_score, e.preset, "setup"
    s.rounds = [RoundState(index=i, spec=spec) for i, spec in enumerate(e.rounds)]


@handles(ev.TeamAdded)
def _team_added(s: ContestState, e: ev.TeamAdded) -> None:
    s.teams[e.team_id] = TeamState(e.team_id, e.name, e.desk, e.colour, e.members, s.base_score)
    s.next_team_no += 1


@handles(ev.TeamUpdated)
def _team_updated(s: ContestState, e: ev.TeamUpdated) -> None:
    team = s.teams[e.team_id]
    team.name, team.desk, team.colour, team.members = e.name, e.desk, e.colour, e.members


@handles(ev.TeamRemoved)
def _team_removed(s: ContestState, e: ev.TeamRemoved) -> None:
    del s.teams[e.team_id]


@handles(ev.RoundAdded)
def _round_added(s: ContestState, e: ev.RoundAdded) -> None:
    s.rounds.append(RoundState(index=len(s.rounds), spec=e.spec, eligible=e.eligible))


@handles(ev.QuestionsQueued)
def _queued(s: ContestState, e: ev.QuestionsQueued) -> None:
    s.rounds[e.round_index].queue = list(e.questions)


@handles(ev.ContestStarted)
def _started(s: ContestState, e: ev.ContestStarted) -> None:
    s.status = "running"


@handles(ev.RoundStarted)
def _round_started(s: ContestState, e: ev.RoundStarted) -> None:
    rnd = s.rounds[e.round_index]
    rnd.status, rnd.turn_order, rnd.turn_pos, rnd.turn_served = "running", e.turn_order, 0, 0
    s.current_round, s.episode, s.timer = e.round_index, None, None


@handles(ev.QuestionShown)
def _shown(s: ContestState, e: ev.QuestionShown) -> None:
    rnd = s.rounds[s.current_round or 0]
    kind = rnd.spec.kind
    phase = {"compulsory": "answering", "risk": "answering", "all_answer": "collecting"}.get(
        kind, "reading"
    )
    s.episode = Episode(question=e.question, team_id=e.team_id, stake=e.stake, phase=phase,
                        shown_at=e.at)
    if kind in ("buzz", "tiebreak"):
        s.episode.locked |= rnd.barred | rnd.eliminated
        if rnd.eligible:
            s.episode.locked |= set(s.teams) - set(rnd.eligible)
    rnd.asked.append(e.question.id)
    rnd.queue = [q for q in rnd.queue if q.id != e.question.id]
    s.asked_ids.add(e.question.id)
    s.timer = None


@handles(ev.BuzzersOpened)
def _opened(s: ContestState, e: ev.BuzzersOpened) -> None:
    assert s.episode is not None
    s.episode.phase, s.episode.opened_at = "open", e.at


@handles(ev.TimerStarted)
def _timer_started(s: ContestState, e: ev.TimerStarted) -> None:
    if e.purpose == "window" and s.episode is not None:
        s.episode.public_timer = s.timer  # what non-host views keep showing meanwhile
    s.timer = Timer(purpose=e.purpose, seconds=e.seconds, deadline=e.at + e.seconds,
                    remaining=e.seconds)


@handles(ev.TimerPaused)
def _timer_paused(s: ContestState, e: ev.TimerPaused) -> None:
    if s.timer is not None:
        s.timer.deadline, s.timer.remaining = None, e.remaining


@handles(ev.TimerResumed)
def _timer_resumed(s: ContestState, e: ev.TimerResumed) -> None:
    if s.timer is not None:
        s.timer.deadline, s.timer.interrupted = e.at + s.timer.remaining, False


@handles(ev.TimerInterrupted)
def _timer_interrupted(s: ContestState, e: ev.TimerInterrupted) -> None:
    if s.timer is not None:
        s.timer.deadline, s.timer.remaining, s.timer.interrupted = None, e.remaining, True


@handles(ev.PressRecorded)
def _press(s: ContestState, e: ev.PressRecorded) -> None:
    assert s.episode is not None
    s.episode.presses.append(e)
    undecided = e.decision in ("valid", "duplicate") and s.episode.phase in ("reading", "open")
    if undecided and s.episode.hidden_since is None:
        s.episode.hidden_since = s.version  # applied before the engine moves the version on
        s.episode.public_phase = s.episode.phase


@handles(ev.FalseStart)
def _false_start(s: ContestState, e: ev.FalseStart) -> None:
    rnd, ep = s.rounds[s.current_round or 0], s.episode
    assert ep is not None
    rnd.fouls[e.team_id] = e.foul_no
    if e.effect == "scrap":
        ep.phase, ep.outcome, s.timer = "judged", "scrapped", None
    else:
        ep.locked.add(e.team_id)
    if e.effect == "barred":
        rnd.barred.add(e.team_id)


@handles(ev.BuzzWon)
def _buzz_won(s: ContestState, e: ev.BuzzWon) -> None:
    assert s.episode is not None
    s.episode.phase, s.episode.team_id, s.episode.tied_with = "answering", e.team_id, e.tied_with
    s.episode.hidden_since, s.episode.public_timer = None, None
    s.episode.rebuzz, s.timer = (), None


@handles(ev.RebuzzCalled)
def _rebuzz(s: ContestState, e: ev.RebuzzCalled) -> None:
    ep = s.episode
    assert ep is not None
    ep.rebuzz, ep.phase, ep.opened_at, s.timer = e.teams, "reading", None, None
    ep.hidden_since, ep.public_timer = None, None
    ep.locked |= set(s.teams) - set(e.teams)
    ep.press_floor = len(ep.presses)


@handles(ev.AnswerSubmitted)
def _submitted(s: ContestState, e: ev.AnswerSubmitted) -> None:
    assert s.episode is not None
    s.episode.submissions[e.team_id] = (e.member, e.answer)


@handles(ev.AnswersClosed)
def _answers_closed(s: ContestState, e: ev.AnswersClosed) -> None:
    assert s.episode is not None
    s.episode.phase, s.timer = "answering", None


@handles(ev.AnswerJudged)
def _judged(s: ContestState, e: ev.AnswerJudged) -> None:
    ep = s.episode
    assert ep is not None
    ep.judged[e.team_id] = e.judgement_no
    ep.attempts += 1
    ep.locked.add(e.team_id)
    s.judgements[e.judgement_no] = Judgement(e.judgement_no, e.team_id, s.current_round or 0,
                                             ep.question.id, e.correct, e.points, e.alt_points)
    s.next_judgement_no = e.judgement_no + 1
    s.timer = None


@handles(ev.JudgementOverruled)
def _overruled(s: ContestState, e: ev.JudgementOverruled) -> None:
    old = s.judgements[e.judgement_no]
    s.judgements[e.judgement_no] = Judgement(old.no, old.team_id, old.round_index,
                                             old.question_id, e.correct, e.points, old.points)


@handles(ev.ScoreChanged)
def _score_changed(s: ContestState, e: ev.ScoreChanged) -> None:
    s.teams[e.team_id].score += e.delta


@handles(ev.ScoreAdjusted)
def _score_adjusted(s: ContestState, e: ev.ScoreAdjusted) -> None:
    if e.team_id in s.teams:
        s.teams[e.team_id].score += e.delta


@handles(ev.QuestionReopened)
def _reopened(s: ContestState, e: ev.QuestionReopened) -> None:
    assert s.episode is not None
    s.episode.phase, s.episode.team_id, s.episode.opened_at = "open", "", e.at
    s.episode.tied_with, s.episode.press_floor = (), len(s.episode.presses)


@handles(ev.QuestionClosed)
def _closed(s: ContestState, e: ev.QuestionClosed) -> None:
    assert s.episode is not None
    s.episode.phase = "audience" if e.outcome == "audience" else "judged"
    s.episode.outcome, s.timer = e.outcome, None
    rnd = s.rounds[s.current_round or 0]
    if rnd.spec.kind in ("compulsory", "risk") and s.episode.team_id:
        rnd.turn_served += 1
        rnd.picked_tier = None


@handles(ev.AudienceAnswered)
def _audience(s: ContestState, e: ev.AudienceAnswered) -> None:
    record_answer(s, e)


@handles(ev.AudienceNamed)
def _audience_named(s: ContestState, e: ev.AudienceNamed) -> None:
    s.audience.names[e.device] = e.name


@handles(ev.AnswerRevealed)
def _revealed(s: ContestState, e: ev.AnswerRevealed) -> None:
    assert s.episode is not None
    score_reveal(s)
    s.episode.revealed, s.timer = True, None
    if s.episode.phase == "audience":
        s.episode.phase = "judged"


@handles(ev.TierPicked)
def _tier(s: ContestState, e: ev.TierPicked) -> None:
    s.rounds[s.current_round or 0].picked_tier = e.tier


@handles(ev.TurnSkipped)
def _skipped(s: ContestState, e: ev.TurnSkipped) -> None:
    rnd = s.rounds[s.current_round or 0]
    rnd.turn_served += 1
    rnd.picked_tier = None
    s.episode = None


@handles(ev.TeamEliminated)
def _eliminated(s: ContestState, e: ev.TeamEliminated) -> None:
    s.rounds[s.current_round or 0].eliminated.add(e.team_id)


@handles(ev.TieBreakWon)
def _tb_won(s: ContestState, e: ev.TieBreakWon) -> None:
    s.rounds[s.current_round or 0].winner = e.team_id


@handles(ev.RoundEnded)
def _round_ended(s: ContestState, e: ev.RoundEnded) -> None:
    s.rounds[e.round_index].status = "ended"
    s.episode, s.timer = None, None


@handles(ev.ContestFinished)
def _finished(s: ContestState, e: ev.ContestFinished) -> None:
    s.status, s.episode, s.timer = "finished", None, None
    if s.current_round is not None and s.rounds[s.current_round].status == "running":
        s.rounds[s.current_round].status = "ended"


@handles(ev.BatchesUndone)
def _undone(s: ContestState, e: ev.BatchesUndone) -> None:
    """Replay already skipped the cancelled batches; stop any clock so the host decides."""
    if s.timer is not None and s.timer.deadline is not None:
        s.timer.remaining = max(0.0, s.timer.deadline - e.at)
        s.timer.deadline = None


@handles(ev.AwardsSet)
def _awards_set(s: ContestState, e: ev.AwardsSet) -> None:
    """Certificate settings live in the log only (``reports.awards`` reads them); no state."""
