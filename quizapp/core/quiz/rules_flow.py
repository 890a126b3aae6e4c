"""Rules for moving a contest along: rounds, questions, timers, reveal, finish."""

from __future__ import annotations

from ..errors import DomainError
from . import commands as cmd
from . import events as ev
from .guards import question_settled, require_episode, require_round, require_team
from .questions import Question
from .ranking import tied_groups
from .rounds import KIND_LABELS, RoundSpec
from .state import ContestState, RoundState


def _turn_order(state: ContestState, rnd: RoundState) -> tuple[str, ...]:
    """Who answers in which order, fixed when the round starts."""
    s = rnd.spec.settings
    if rnd.eligible:
        return rnd.eligible
    if rnd.spec.kind == "compulsory" and s.team_order:
        unknown = [t for t in s.team_order if t not in state.teams]
        if unknown:
            raise DomainError("bad_team_order", "答题顺序中有不存在的参赛队")
        return s.team_order
    teams = state.teams_by_desk()
    if rnd.spec.kind == "risk" and s.pick_order != "desk":
        sign = 1 if s.pick_order == "score_asc" else -1
        teams = sorted(teams, key=lambda t: (sign * t.score, t.desk))
    return tuple(t.id for t in teams)


def start_round(state: ContestState, c: cmd.StartRound, now: float) -> list[ev.Event]:
    """Start the next pending round (or a chosen one); starts the contest if needed."""
    if state.status == "new":
        raise DomainError("no_contest", "比赛尚未创建")
    if state.status == "finished":
        raise DomainError("contest_finished", "比赛已经结束")
    if state.round is not None and state.round.status == "running":
        raise DomainError("round_running", f"“{state.round.spec.title}”还没有结束，请先结束本轮")
    pending = [r.index for r in state.rounds if r.status == "pending"]
    index = c.round_index if c.round_index is not None else (pending[0] if pending else -1)
    if index not in pending:
        raise DomainError("no_pending_round", "没有可以开始的轮次")
    if len(state.teams) < 2:
        raise DomainError("too_few_teams", "至少需要 2 支参赛队才能开始")
    out: list[ev.Event] = [] if state.status == "running" else [ev.ContestStarted(at=now)]
    order = _turn_order(state, state.rounds[index])
    return [*out, ev.RoundStarted(at=now, round_index=index, turn_order=order)]


def _turns_total(rnd: RoundState) -> int:
    per = rnd.spec.settings.questions_per_team if rnd.spec.kind == "compulsory" else 1
    return len(rnd.turn_order) * per


def _pick_from_queue(rnd: RoundState, tier: int | None) -> Question:
    """The next queued question; a risk tier only ever gets a question of its own difficulty."""
    if not rnd.queue:
        raise DomainError("no_questions", "本轮题目已用完，请在控制台为本轮添加题目")
    if tier is None:
        return rnd.queue[0]
    level = rnd.spec.settings.tier_difficulty(tier)
    for q in rnd.queue:
        if q.difficulty == level:
            return q
    raise DomainError("no_tier_questions",
                      f"本轮已没有难度 {level} 的题目可供 {tier} 分档使用，请在控制台为本轮添加难度 {level} 的题目")


def show_question(state: ContestState, c: cmd.ShowQuestion, now: float) -> list[ev.Event]:
    """Put the next question on stage; who answers depends on the round kind."""
    rnd = require_round(state)
    if not question_settled(state):
        raise DomainError("question_in_progress", "当前题目还没有结束，请先判定或跳过")
    if rnd.winner:
        raise DomainError("tiebreak_decided", "加赛已决出胜者，请结束本轮")
    s, kind = rnd.spec.settings, rnd.spec.kind
    team_id, stake, tier = "", 0, None
    if kind in ("compulsory", "risk"):
        if rnd.turn_served >= _turns_total(rnd):
            raise DomainError("round_complete", "本轮各队都已答完，请结束本轮")
        team_id = c.team_id or rnd.turn_order[rnd.turn_served % len(rnd.turn_order)]
        require_team(state, team_id)
    if kind == "risk":
        if rnd.picked_tier is None:
            raise DomainError("tier_not_picked", f"请等待{state.team_label(team_id)}选择分值")
        tier = stake = rnd.picked_tier
    question = c.question or _pick_from_queue(rnd, tier)
    if question.id in state.asked_ids:
        raise DomainError("already_asked", f"题目 {question.id} 在本场比赛中已经出过")
    if kind != "risk":
        stake = s.points_for(question.type, question.points)
    out: list[ev.Event] = [ev.QuestionShown(at=now, question=question, team_id=team_id,
                                            stake=stake)]
    if kind in ("compulsory", "risk"):
        seconds = s.tier_seconds.get(stake, s.answer_seconds) if kind == "risk" else s.answer_seconds
        out.append(ev.TimerStarted(at=now, purpose="answer", seconds=float(seconds)))
    elif kind == "all_answer":
        out.append(ev.TimerStarted(at=now, purpose="collect", seconds=float(s.answer_seconds)))
    return out


def open_buzzers(state: ContestState, c: cmd.OpenBuzzers, now: float) -> list[ev.Event]:
    """"请抢答": presses from now on are valid; a no-buzz countdown starts."""
    rnd = require_round(state, "buzz", "tiebreak")
    require_episode(state, "reading")
    return [ev.BuzzersOpened(at=now),
            ev.TimerStarted(at=now, purpose="no_buzz", seconds=float(rnd.spec.settings.no_buzz_seconds))]


def start_timer(state: ContestState, c: cmd.StartTimer, now: float) -> list[ev.Event]:
    """(Re)start the answer countdown, e.g. when the buzz winner begins to speak."""
    rnd = require_round(state)
    ep = require_episode(state, "answering", "collecting")
    s = rnd.spec.settings
    default = s.tier_seconds.get(ep.stake, s.answer_seconds) if rnd.spec.kind == "risk" else s.answer_seconds
    seconds = float(c.seconds if c.seconds is not None else default)
    if not 1 <= seconds <= 600:
        raise DomainError("bad_seconds", "计时应在 1 到 600 秒之间")
    if ep.phase == "answering" and rnd.spec.kind == "all_answer":
        raise DomainError("wrong_phase", "答案已收齐，不需要计时")
    purpose = "collect" if ep.phase == "collecting" else "answer"
    return [ev.TimerStarted(at=now, purpose=purpose, seconds=seconds)]


def pause_timer(state: ContestState, c: cmd.PauseTimer, now: float) -> list[ev.Event]:
    """Stop the clock, keeping the time left."""
    if state.timer is None or state.timer.deadline is None:
        raise DomainError("no_timer", "没有正在进行的计时")
    return [ev.TimerPaused(at=now, remaining=state.timer.remaining_at(now))]


def resume_timer(state: ContestState, c: cmd.ResumeTimer, now: float) -> list[ev.Event]:
    """Continue a paused clock from where it stopped."""
    if state.timer is None or state.timer.deadline is not None:
        raise DomainError("no_paused_timer", "没有暂停中的计时")
    if state.timer.remaining <= 0:
        raise DomainError("timer_expired", "时间已经用完，请重新开始计时")
    return [ev.TimerResumed(at=now)]


def skip_question(state: ContestState, c: cmd.SkipQuestion, now: float) -> list[ev.Event]:
    """Void the question on stage (nobody scores); the host moves on."""
    require_round(state)
    require_episode(state, "reading", "open", "answering", "collecting")
    return [ev.QuestionClosed(at=now, outcome="void")]


def reveal(state: ContestState, c: cmd.Reveal, now: float) -> list[ev.Event]:
    """Show the answer and explanation to everyone."""
    require_round(state)
    ep = require_episode(state)
    if ep.phase not in ("judged", "audience"):
        raise DomainError("reveal_too_early", "请先判定或跳过本题，再公布答案")
    if ep.revealed:
        raise DomainError("already_revealed", "答案已经公布")
    return [ev.AnswerRevealed(at=now)]


def end_round(state: ContestState, c: cmd.EndRound, now: float) -> list[ev.Event]:
    """Close the round once no question is half-way."""
    rnd = require_round(state)
    if not question_settled(state):
        raise DomainError("question_in_progress", "当前题目还没有结束，请先判定或跳过")
    return [ev.RoundEnded(at=now, round_index=rnd.index)]


def start_tiebreak(state: ContestState, c: cmd.StartTieBreak, now: float) -> list[ev.Event]:
    """Sudden death among tied teams: add a tie-break round and start it."""
    if state.status != "running":
        raise DomainError("contest_not_running", "比赛进行中才能加赛")
    if state.round is not None and state.round.status == "running":
        raise DomainError("round_running", "请先结束当前轮次再加赛")
    teams = c.teams
    if not teams:
        groups = tied_groups(state)
        if not groups:
            raise DomainError("no_tie", "目前没有同分的队伍，不需要加赛")
        teams = groups[0]
    if len(set(teams)) < 2:
        raise DomainError("too_few_teams", "加赛至少需要 2 支队伍")
    for team in teams:
        require_team(state, team)
    spec = c.spec or RoundSpec.from_dict({"kind": "tiebreak", "title": KIND_LABELS["tiebreak"]})
    if spec.kind != "tiebreak":
        raise DomainError("bad_round", "加赛轮次类型必须是加赛")
    ordered = tuple(t.id for t in state.teams_by_desk() if t.id in set(teams))
    return [ev.RoundAdded(at=now, spec=spec, eligible=ordered),
            ev.RoundStarted(at=now, round_index=len(state.rounds), turn_order=ordered)]


def finish(state: ContestState, c: cmd.FinishContest, now: float) -> list[ev.Event]:
    """End the contest: final ranking and podium."""
    if state.status != "running":
        raise DomainError("contest_not_running", "比赛没有在进行")
    if not question_settled(state):
        raise DomainError("question_in_progress", "当前题目还没有结束，请先判定或跳过")
    return [ev.ContestFinished(at=now)]
