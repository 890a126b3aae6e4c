"""What a team phone needs for its result screen: rank, the gap to the team above, foul points."""

from __future__ import annotations

from quizapp.core.quiz import commands as c
from quizapp.core.quiz.rules_setup import TEAM_COLOURS
from quizapp.core.quiz.views import view_for
from tests.kit import contest


def rows(lg, audience="team"):
    return {t["id"]: t for t in view_for(lg.state, audience, "t1", 0)["teams"]}


def test_each_team_sees_the_nearest_rank_above_and_its_gap_with_ties_shared():
    lg = contest({"kind": "compulsory"}, teams=4)
    lg.execute(c.AdjustScore(team_id="t1", delta=30, reason="测试"), 1)
    lg.execute(c.AdjustScore(team_id="t2", delta=15, reason="测试"), 1)
    lg.execute(c.AdjustScore(team_id="t3", delta=15, reason="测试"), 1)
    teams = rows(lg)
    assert teams["t1"]["rank"] == 1 and teams["t1"]["above"] is None
    assert teams["t2"]["rank"] == teams["t3"]["rank"] == 2 and teams["t2"]["tied"]
    assert teams["t2"]["above"] == {"rank": 1, "gap": 15}
    assert teams["t4"]["rank"] == 4 and teams["t4"]["above"] == {"rank": 2, "gap": 15}  # 3rd is shared


def test_hidden_scores_hide_rank_and_gap():
    lg = contest({"kind": "compulsory", "settings": {"hide_scores": True}}, teams=3)
    lg.execute(c.AdjustScore(team_id="t1", delta=30, reason="测试"), 1)
    lg.execute(c.StartRound(), 2)
    for audience in ("team", "watch"):
        assert all(t["rank"] is None and t["above"] is None for t in rows(lg, audience).values())
    assert rows(lg, "host")["t2"]["above"] == {"rank": 1, "gap": 30}


def test_a_false_start_tells_the_team_the_points_it_lost():
    lg = contest({"kind": "buzz", "settings": {"false_start_policy": "cumulative", "foul_penalties": [10, 20]}},
                 teams=3)
    lg.execute(c.StartRound(), 0)
    lg.execute(c.ShowQuestion(), 1)
    lg.execute(c.Buzz(team_id="t2", device="d2"), 2)
    assert view_for(lg.state, "team", "t2", 3)["round"]["foul_points"] == {"t2": 10}
    lg.execute(c.OpenBuzzers(), 4)
    lg.execute(c.SkipQuestion(), 5)
    lg.execute(c.ShowQuestion(), 6)
    lg.execute(c.Buzz(team_id="t2", device="d2"), 7)
    assert view_for(lg.state, "team", "t2", 8)["round"]["foul_points"] == {"t2": 20}


def test_default_team_colours_are_okabe_ito_and_a_chosen_colour_is_kept():
    assert TEAM_COLOURS[:3] == ("#0072b2", "#e69f00", "#009e73")
    lg = contest({"kind": "compulsory"}, teams=2)
    lg.execute(c.AddTeam(name="队三", colour="#123456"), 1)
    assert [t["colour"] for t in rows(lg).values()] == ["#0072b2", "#e69f00", "#123456"]
