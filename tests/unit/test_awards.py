"""Who gets which award: tiers read off ranks, ties share, member pages, sports places, 文明宿舍 titles."""

from __future__ import annotations

import dataclasses
import re

import pytest

from quizapp.core.awards import SetAwards, defaults, parse_tiers_text, settings_from, tiers_text
from quizapp.core.errors import DomainError
from quizapp.core.quiz import commands as c
from quizapp.core.quiz import events as ev
from quizapp.core.quiz.rulebook import QUIZ as QUIZ_RULES
from quizapp.core.sports.rulebook import SPORTS
from quizapp.reports.awards import (
    BEST_AUDIENCE,
    assign,
    current_settings,
    quiz_results,
    sports_results,
    tier_for,
)
from tests.kit import contest
from tests.unit.test_sports_engine import add, civility_day, day, record, sheet

CJK = re.compile(r"[\u4e00-\u9fff]")
QUIZ = defaults("quiz")  # 一等奖 1 · 二等奖 2 · 三等奖 3 · 优秀奖 the rest


def quiz(*deltas: int, members: bool = False):
    """A quiz whose team n ends on 100 + deltas[n-1] (adjustments: no question luck)."""
    lg = contest({"kind": "buzz"}, teams=len(deltas))
    if members:
        for team in lg.state.teams.values():
            lg.execute(c.UpdateTeam(team_id=team.id, name=team.name, desk=team.desk, colour=team.colour,
                                    members=(f"{team.name}甲", f"{team.name}乙")), 1.0)
    for n, delta in enumerate(deltas, start=1):
        if delta:
            lg.execute(c.AdjustScore(team_id=f"t{n}", delta=delta, reason="测试"), 2.0)
    return lg


def titles(awards) -> dict[str, str]:
    return {a.recipient: a.title for a in awards}


def test_a_tier_covers_ranks_up_to_its_running_count_and_rest_takes_everyone_left() -> None:
    tiers = (("一等奖", 1), ("二等奖", 2), ("优秀奖", 0))
    assert [tier_for(r, tiers) for r in (1, 2, 3, 4, 9)] == ["一等奖", "二等奖", "二等奖", "优秀奖", "优秀奖"]
    assert tier_for(4, (("一等奖", 1), ("二等奖", 2))) is None


def test_quiz_tiers_follow_the_ranking() -> None:
    lg = quiz(50, 40, 30, 20, 10, 5, 0)
    got = titles(assign(quiz_results(lg.log), QUIZ))
    assert got == {"队1": "一等奖", "队2": "二等奖", "队3": "二等奖", "队4": "三等奖", "队5": "三等奖",
                   "队6": "三等奖", "队7": "优秀奖"}


def test_tied_teams_share_the_better_award_even_beyond_its_count() -> None:
    lg = quiz(30, 30, 10, 0)  # 队1 and 队2 share first place
    settings = dataclasses.replace(QUIZ, tiers=(("一等奖", 1), ("二等奖", 1), ("三等奖", 1)))
    awards = assign(quiz_results(lg.log), settings)
    assert titles(awards) == {"队1": "一等奖", "队2": "一等奖", "队3": "三等奖"}  # no 二等奖: rank 2 is taken by the tie
    assert [a.tied for a in awards] == [True, True, False]


def test_member_pages_come_after_their_team_page_with_the_same_award() -> None:
    lg = quiz(20, 10, members=True)
    settings = dataclasses.replace(QUIZ, tiers=(("一等奖", 1),), per_member=True)
    awards = assign(quiz_results(lg.log), settings)
    assert [(a.recipient, a.team, a.title) for a in awards] == [
        ("队1", "", "一等奖"), ("队1甲", "队1", "一等奖"), ("队1乙", "队1", "一等奖")]


def test_best_audience_only_when_an_audience_question_was_answered_right() -> None:
    lg = quiz(10, 0)
    assert all(a.title != BEST_AUDIENCE for a in assign(quiz_results(lg.log), QUIZ))
    lg = contest({"kind": "buzz", "settings": {"no_buzz_outcome": "audience", "no_buzz_seconds": 5}}, teams=2)
    lg.execute(c.StartRound(), 1.0)
    lg.execute(c.ShowQuestion(), 2.0)  # kit questions: answer B
    lg.execute(c.OpenBuzzers(), 3.0)
    lg.execute(c.TimeUp(purpose="no_buzz"), 9.0)
    assert lg.state.episode is not None and lg.state.episode.phase == "audience"
    for device, choice in (("d1", "B"), ("d2", "A"), ("d3", "B")):
        lg.execute(c.AudienceAnswer(device=device, choice=choice), 10.0)
    audience = [a for a in assign(quiz_results(lg.log), QUIZ) if a.title == BEST_AUDIENCE]
    assert len(audience) == 2 and all(a.recipient == "" and "1 道" in a.detail for a in audience)
    off = dataclasses.replace(QUIZ, best_audience=False)
    assert all(a.title != BEST_AUDIENCE for a in assign(quiz_results(lg.log), off))


def test_sports_day_places_from_the_standings_with_shared_places() -> None:
    lg = day(4)
    tug = add(lg, "拔河", "ranked")
    record(lg, tug, t1="1", t2="2", t3="2", t4="4")
    awards = assign(sports_results(lg.log), defaults("sports"))  # 第一名 · 第二名 · 第三名
    assert titles(awards) == {"队1（5栋101）": "第一名", "队2（5栋102）": "第二名", "队3（5栋103）": "第二名"}
    assert all("宿舍趣味运动会" not in a.event for a in awards)


def test_civility_titles_need_the_minimum_score_and_no_veto() -> None:
    lg = civility_day()
    for judge in ("j1", "j2", "j3"):
        sheet(lg, judge, "t1", h1="3")  # 97
        sheet(lg, judge, "t2", h1="10", h2="5")  # 85
        sheet(lg, judge, "t3", vetoes=("s1",))  # 否决
    results = sports_results(lg.log)
    assert results.kind == "panel" and results.boards[0].event == "文明宿舍评比"
    got = assign(results, dataclasses.replace(defaults("panel"), min_score="90"))
    assert [(a.title, a.event) for a in got] == [("文明宿舍", "文明宿舍评比")] and "队1" in got[0].recipient
    everyone = assign(results, defaults("panel"))
    assert len(everyone) == 2  # without a minimum: every dorm that was not vetoed


def test_the_last_saved_settings_win_and_an_undone_save_falls_back() -> None:
    lg = quiz(10, 0)
    lg.execute(SetAwards(tiers=(("冠军", 1),), organiser="甲"), 3.0)
    lg.execute(SetAwards(tiers=(("冠军", 1), ("亚军", 1)), organiser="乙"), 4.0)
    assert current_settings(lg.log, QUIZ).organiser == "乙"
    assert lg.state.teams["t1"].score == 110  # settings change no score
    lg.execute(c.Undo(), 5.0)
    assert current_settings(lg.log, QUIZ).organiser == "甲"
    assert lg.state.history[-1].description == "修改奖状设置"


def test_sports_days_log_award_settings_too() -> None:
    lg = day(2)
    lg.execute(SetAwards(tiers=(("第一名", 1),), place="田径场"))
    assert current_settings(lg.log, defaults("sports")).place == "田径场"
    assert isinstance(SPORTS.decode("SportsAwardsSet", SPORTS.encode(lg.log[-1].event)), ev.AwardsSet)  # older logs


def test_the_event_survives_the_log_codec() -> None:
    event = ev.AwardsSet(at=1.0, tiers=(("一等奖", 1), ("优秀奖", 0)), per_member=True, organiser="数学系")
    assert QUIZ_RULES.decode("AwardsSet", QUIZ_RULES.encode(event)) == event


@pytest.mark.parametrize(("data", "words"), [
    ({"tiers": []}, "至少要有一个奖项"),
    ({"tiers": [{"title": "一等奖", "teams": 0}]}, "获奖队数"),
    ({"tiers": [{"title": "优秀奖", "teams": "rest"}, {"title": "一等奖", "teams": 1}]}, "只能放在最后"),
    ({"tiers": [{"title": "一等奖", "teams": 1}, {"title": "一等奖", "teams": 2}]}, "不能重复"),
    ({"tiers": [{"title": "一等奖", "count": 1}]}, "不认识"),
    ({"layout": "gold"}, "layout"),
    ({"min_score": "九十"}, "min_score"),
    ({"wording": "在{title}中荣获"}, "{contest}"),
    ({"seal": True}, "不认识的设置 seal"),
    ({"per_member": "yes"}, "per_member"),
])
def test_bad_settings_are_refused_in_chinese(data, words) -> None:
    with pytest.raises(DomainError) as caught:
        settings_from(data, "quiz")
    assert caught.value.code == "bad_awards" and words in caught.value.message
    assert CJK.search(caught.value.message)


def test_the_host_command_is_checked_like_a_preset() -> None:
    lg = quiz(10, 0)
    with pytest.raises(DomainError) as caught:
        lg.execute(SetAwards(tiers=(("一等奖", 1),), layout="gold"), 3.0)
    assert caught.value.code == "bad_awards"
    assert not any(isinstance(e.event, ev.AwardsSet) for e in lg.log)


def test_the_form_text_of_tiers_round_trips() -> None:
    tiers = parse_tiers_text("一等奖 1\n二等奖：2\n\n优秀奖 余下")
    assert tiers == (("一等奖", 1), ("二等奖", 2), ("优秀奖", 0))
    assert parse_tiers_text(tiers_text(tiers)) == tiers
    with pytest.raises(DomainError, match="第 1 行"):
        parse_tiers_text("一等奖")


def test_a_rehearsal_never_counts_towards_awards() -> None:
    lg = contest({"kind": "buzz", "settings": {"no_buzz_outcome": "audience", "no_buzz_seconds": 5}}, teams=2)
    lg.execute(c.StartRehearsal(), 1.0)
    lg.execute(c.StartRound(), 2.0)
    lg.execute(c.ShowQuestion(), 3.0)
    lg.execute(c.OpenBuzzers(), 4.0)
    lg.execute(c.TimeUp(purpose="no_buzz"), 10.0)
    lg.execute(c.AudienceAnswer(device="d1", choice="B"), 11.0)
    lg.execute(c.AdjustScore(team_id="t2", delta=50, reason="彩排"), 12.0)
    running = quiz_results(lg.log)
    assert [r.value for r in running.boards[0].rows] == ["100 分", "100 分"] and running.audience == {}
    lg.execute(c.ResetRehearsal(), 13.0)
    lg.execute(c.AdjustScore(team_id="t1", delta=10, reason="正式"), 14.0)
    assert titles(assign(quiz_results(lg.log), QUIZ)) == {"队1": "一等奖", "队2": "二等奖"}
    assert quiz_results(lg.log).audience == {}
