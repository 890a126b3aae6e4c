"""Rules for answers and scores: judging, 共答 submissions, risk tiers, overrules."""

from __future__ import annotations

from ..errors import DomainError
from . import commands as cmd
from . import events as ev
from .grading import credit, parse_submission
from .guards import require_episode, require_round, require_team
from .rules_buzz import close_window, no_buzz
from .state import ContestState, Episode, RoundState


def _points(rnd: RoundState, ep: Episode, correct: bool) -> int:
    """Score change for a verdict in this round (risk stakes the tier)."""
    s = rnd.spec.settings
    if rnd.spec.kind == "risk":
        return ep.stake if correct else (-ep.stake if s.wrong_deducts else 0)
    return ep.stake if correct else s.points_wrong


def _verdict(state: ContestState, rnd: RoundState, ep: Episode, team_id: str, correct: bool,
             by: str, now: float, answer: str = "", points: int | None = None,
             no: int | None = None) -> list[ev.Event]:
    """AnswerJudged plus the ScoreChanged it causes."""
    pts = _points(rnd, ep, correct) if points is None else points
    alt = _points(rnd, ep, not correct)
    word = {"timeout": "超时", "auto": "自动判分"}.get(by, "")
    reason = ("回答正确" if correct else "回答错误") + (f"（{word}）" if word else "")
    out: list[ev.Event] = [ev.AnswerJudged(at=now, team_id=team_id, correct=correct, points=pts,
                                           judgement_no=no or state.next_judgement_no,
                                           by=by, alt_points=alt, answer=answer)]
    if pts:
        out.append(ev.ScoreChanged(at=now, team_id=team_id, delta=pts, cause="answer",
                                   reason=f"{reason}，{'加' if pts > 0 else '扣'}{abs(pts)}分"))
    return out


def judge(state: ContestState, c: cmd.Judge, now: float) -> list[ev.Event]:
    """The host's right/wrong on a spoken answer; decides what happens next."""
    rnd = require_round(state)
    ep = require_episode(state, "answering")
    if rnd.spec.kind == "all_answer":
        return _judge_submission(state, rnd, ep, c, now)
    team_id = c.team_id or ep.team_id
    if team_id != ep.team_id:
        raise DomainError("not_answering", f"现在作答的是{state.team_label(ep.team_id)}")
    return _after_verdict(state, rnd, ep, team_id, c.correct, c.by, now)


def _after_verdict(state: ContestState, rnd: RoundState, ep: Episode, team_id: str,
                   correct: bool, by: str, now: float) -> list[ev.Event]:
    out = _verdict(state, rnd, ep, team_id, correct, by, now)
    kind, s = rnd.spec.kind, rnd.spec.settings
    if kind == "tiebreak":
        if correct:
            return [*out, ev.TieBreakWon(at=now, team_id=team_id),
                    ev.QuestionClosed(at=now, outcome="answered")]
        out.append(ev.TeamEliminated(at=now, team_id=team_id))
        alive = [t for t in rnd.eligible if t not in rnd.eliminated and t != team_id]
        if len(alive) == 1:
            return [*out, ev.TieBreakWon(at=now, team_id=alive[0]),
                    ev.QuestionClosed(at=now, outcome="answered")]
    if kind in ("buzz", "tiebreak") and not correct:
        waiting = [t for t in state.teams if t not in ep.locked and t != team_id
                   and (not rnd.eligible or t in rnd.eligible) and t not in rnd.eliminated]
        if s.reopen_after_wrong and waiting and ep.attempts + 1 < s.max_attempts:
            return [*out, ev.QuestionReopened(at=now),
                    ev.TimerStarted(at=now, purpose="no_buzz", seconds=float(s.no_buzz_seconds))]
    return [*out, ev.QuestionClosed(at=now, outcome="answered" if correct else "missed")]


def submit_answer(state: ContestState, c: cmd.SubmitAnswer, now: float) -> list[ev.Event]:
    """共答: each team submits once from a phone; the last one in closes collection."""
    require_round(state, "all_answer")
    ep = require_episode(state, "collecting")
    require_team(state, c.team_id)
    if c.team_id in ep.submissions:
        raise DomainError("already_answered", f"{state.team_label(c.team_id)}本题已经提交过答案")
    answer = parse_submission(ep.question, c.answer)
    out: list[ev.Event] = [ev.AnswerSubmitted(at=now, team_id=c.team_id, member=c.member[:20],
                                              answer=answer)]
    if len(ep.submissions) + 1 == len(state.teams):
        submissions = {**ep.submissions, c.team_id: (c.member, answer)}
        out += _grade_all(state, ep, submissions, now)
    return out


def close_answers(state: ContestState, c: cmd.CloseAnswers, now: float) -> list[ev.Event]:
    """Stop collecting 共答 answers and grade what can be graded automatically."""
    require_round(state, "all_answer")
    ep = require_episode(state, "collecting")
    return _grade_all(state, ep, ep.submissions, now)


def _grade_all(state: ContestState, ep: Episode, submissions: dict[str, tuple[str, str]],
               now: float) -> list[ev.Event]:
    rnd = state.rounds[state.current_round or 0]
    out: list[ev.Event] = [ev.AnswersClosed(at=now)]
    judged = 0
    for team in state.teams_by_desk():
        answer = submissions.get(team.id, ("", ""))[1]
        share = credit(ep.question, answer, rnd.spec.settings.partial_credit) if answer else 0.0
        if share is None:
            continue
        pts = round(ep.stake * share) if share else rnd.spec.settings.points_wrong
        out += _verdict(state, rnd, ep, team.id, share == 1.0, "auto", now, answer, pts,
                        no=state.next_judgement_no + judged)
        judged += 1
    if judged == len(state.teams):
        out.append(ev.QuestionClosed(at=now, outcome="answered"))
    return out


def _judge_submission(state: ContestState, rnd: RoundState, ep: Episode, c: cmd.Judge,
                      now: float) -> list[ev.Event]:
    """A person judges one team's 简答 submission in a 共答 round."""
    if not c.team_id:
        raise DomainError("team_required", "请指明要判定的队伍")
    require_team(state, c.team_id)
    if c.team_id in ep.judged:
        raise DomainError("already_judged", f"{state.team_label(c.team_id)}本题已判定")
    answer = ep.submissions.get(c.team_id, ("", ""))[1]
    out = _verdict(state, rnd, ep, c.team_id, c.correct, c.by, now, answer)
    if len(ep.judged) + 1 == len(state.teams):
        out.append(ev.QuestionClosed(at=now, outcome="answered"))
    return out


def overrule(state: ContestState, c: cmd.Overrule, now: float) -> list[ev.Event]:
    """A judge (or the head judge) reverses a verdict; the score follows."""
    j = state.judgements.get(c.judgement_no)
    if j is None:
        raise DomainError("unknown_judgement", "没有这条判定记录")
    if j.correct == c.correct:
        raise DomainError("same_verdict", "改判结果与原判定相同")
    reason = c.reason.strip()
    if not 1 <= len(reason) <= 200:
        raise DomainError("reason_required", "改判必须填写理由（最多 200 字）")
    out: list[ev.Event] = [ev.JudgementOverruled(at=now, judgement_no=j.no, correct=c.correct,
                                                 points=j.alt_points, by=c.by, reason=reason)]
    delta = j.alt_points - j.points
    if delta:
        out.append(ev.ScoreChanged(at=now, team_id=j.team_id, delta=delta, cause="overrule",
                                   reason=f"改判为{'正确' if c.correct else '错误'}：{reason}"))
    return out


def adjust_score(state: ContestState, c: cmd.AdjustScore, now: float) -> list[ev.Event]:
    """Manual correction with a mandatory reason, logged like everything else."""
    if state.status == "new":
        raise DomainError("no_contest", "比赛尚未创建")
    require_team(state, c.team_id)
    reason = c.reason.strip()
    if not 1 <= len(reason) <= 200:
        raise DomainError("reason_required", "调整分数必须填写理由（最多 200 字）")
    if c.delta == 0 or abs(c.delta) > 1000:
        raise DomainError("bad_delta", "调整分值应为 -1000 到 1000 之间的非零整数")
    return [ev.ScoreAdjusted(at=now, team_id=c.team_id, delta=c.delta, reason=reason)]


def pick_tier(state: ContestState, c: cmd.PickTier, now: float) -> list[ev.Event]:
    """风险题: the team whose turn it is picks a tier, or skips if allowed."""
    rnd = require_round(state, "risk")
    require_team(state, c.team_id)
    if state.episode is not None and state.episode.phase not in ("judged", "audience"):
        raise DomainError("question_in_progress", "当前题目还没有结束")
    if rnd.turn_served >= len(rnd.turn_order):
        raise DomainError("round_complete", "本轮各队都已答完，请结束本轮")
    turn = rnd.turn_order[rnd.turn_served]
    if c.team_id != turn:
        raise DomainError("not_your_turn", f"现在轮到{state.team_label(turn)}选择分值")
    if rnd.picked_tier is not None:
        raise DomainError("tier_already_picked", f"已选择 {rnd.picked_tier} 分的题目")
    s = rnd.spec.settings
    if c.tier is None:
        if not s.allow_skip:
            raise DomainError("skip_not_allowed", "本轮不允许放弃选题")
        return [ev.TurnSkipped(at=now, team_id=c.team_id)]
    if c.tier not in s.tiers:
        tiers = "/".join(str(t) for t in s.tiers)
        raise DomainError("bad_tier", f"分值只能选 {tiers}")
    return [ev.TierPicked(at=now, team_id=c.team_id, tier=c.tier)]


def time_up(state: ContestState, c: cmd.TimeUp, now: float) -> list[ev.Event]:
    """A deadline passed: apply what the rules say for that countdown."""
    timer = state.timer
    if timer is None or timer.deadline is None or timer.purpose != c.purpose:
        raise DomainError("no_timer", "没有正在进行的这个计时")
    if now + 0.001 < timer.deadline:
        raise DomainError("not_yet", "时间还没到")
    rnd = require_round(state)
    ep = require_episode(state)
    if c.purpose == "no_buzz":
        return no_buzz(state, now)
    if c.purpose == "window":
        return close_window(state, now)
    if c.purpose == "collect":
        return _grade_all(state, ep, ep.submissions, now)
    return _after_verdict(state, rnd, ep, ep.team_id, False, "timeout", now)
