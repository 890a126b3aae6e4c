"""A hand-computed contest for the analytics tests (unit, integration and browser).

Teams t1 1号台（队1）, t2 2号台（队2）, t3 3号台（队3）. Bank "pc-test", tags as in the
party-constitution bank. Times are seconds after ``T0``.

Round 1 共答 (all teams answer, auto-graded):
  a1 [第一章 党员, 第五条]        t1 ✓  t2 ✓  t3 ✗                      -> 2/3 = 66.7 %
  a2 [第二章 党的组织制度]        t1 ✗ (overruled to ✓)  t2 ✓  t3 ✗     -> 2/3 = 66.7 %
Round 2 抢答 (three attempts per question):
  b1 [第二章 党的组织制度]  shown 100; t3 presses at 101 while the question is read (foul);
      opened 102; t1 presses, corrected 102.42 (arrives 102.50), wrong; reopened 104;
      t2 presses at 104.30 (no correction), right.
      -> 1/2 = 50.0 %, 3 presses, 1 foul, reactions 0.42 and 0.30, median 0.36 s
  b2 [第一章 党员]  opened 111; t2 corrected 111.50, wins; t1 corrected 111.60 (late);
      t2 judged wrong, undone, then judged right.
      -> 1/1 = 100.0 %, 2 presses, reactions 0.50 and 0.60, median 0.55 s
  b3 [第五条]  opened 121; t3 corrected 121.80, wrong; reopened 123; t1 at 123.40, right.
      -> 1/2 = 50.0 %, 2 presses, reactions 0.80 and 0.40, median 0.60 s
Hardest: b3 (50 %, 0.60 s), b1 (50 %, 0.36 s), a1, a2 (66.7 %, no presses), b2.
Reactions per team: t1 0.42, 0.60, 0.40; t2 0.30, 0.50; t3 0.80.
"""

from __future__ import annotations

from collections.abc import Callable

from quizapp.core.ledger import Ledger
from quizapp.core.quiz import commands as c
from quizapp.core.quiz.questions import Question, make_question
from quizapp.core.quiz.rounds import RoundSpec
from quizapp.core.quiz.rulebook import QUIZ
from quizapp.services.contests import ContestService

T0 = 1_714_521_600.0
BANK = "pc-test"


def question(qid: str, *tags: str, bank: str = BANK) -> Question:
    """A single-choice question (answer B) of ``bank`` with ``tags``."""
    return make_question({"id": qid, "type": "single", "stem": f"题目{qid}", "options": ["甲", "乙", "丙", "丁"],
                          "answer": "B", "tags": list(tags), "bank": bank})


A1 = question("a1", "第一章 党员", "第五条")
A2 = question("a2", "第二章 党的组织制度")
B1 = question("b1", "第二章 党的组织制度")
B2 = question("b2", "第一章 党员")
B3 = question("b3", "第五条")


Run = Callable[[c.Command, float], object]
T1_ON_A2 = 4  # judgement numbers: a1 is 1-3 (t1, t2, t3), a2 is 4-6


def _all_answer(run: Run, q: Question, answers: tuple[str, str, str], at: float) -> None:
    run(c.ShowQuestion(question=q), at)
    for i, answer in enumerate(answers, start=1):
        run(c.SubmitAnswer(team_id=f"t{i}", answer=answer), at + i)


def create(title: str) -> c.CreateContest:
    """The contest's creating command: a 共答 round, then a 抢答 round with three attempts."""
    rounds = (RoundSpec.from_dict({"kind": "all_answer"}),
              RoundSpec.from_dict({"kind": "buzz", "settings": {"max_attempts": 3}}))
    return c.CreateContest(title=title, rounds=rounds)


def play(run: Run, t0: float = T0, finish: bool = True, rehearse: bool = False) -> None:
    """Everything after creation, as described above (after a 彩排 where everyone misses a1 if ``rehearse``)."""
    for n in range(3):
        run(c.AddTeam(name=f"队{n + 1}"), t0)
    if rehearse:
        run(c.StartRehearsal(), t0 - 60)
        run(c.StartRound(), t0 - 59)
        _all_answer(run, A1, ("A", "A", "A"), t0 - 50)
        run(c.ResetRehearsal(), t0 - 40)
    run(c.StartRound(), t0 + 1)
    _all_answer(run, A1, ("B", "B", "A"), t0 + 10)
    _all_answer(run, A2, ("A", "B", "A"), t0 + 20)
    run(c.EndRound(), t0 + 30)
    run(c.StartRound(), t0 + 90)
    # b1
    run(c.ShowQuestion(question=B1), t0 + 100)
    run(c.Buzz(team_id="t3", device="p3"), t0 + 101)
    run(c.OpenBuzzers(), t0 + 102)
    run(c.Buzz(team_id="t1", device="p1", corrected=t0 + 102.42, delay=0.05, error=0.004), t0 + 102.50)
    run(c.Judge(correct=False), t0 + 104)
    run(c.Buzz(team_id="t2", device="p2"), t0 + 104.30)
    run(c.Judge(correct=True), t0 + 106)
    # b2
    run(c.ShowQuestion(question=B2), t0 + 110)
    run(c.OpenBuzzers(), t0 + 111)
    run(c.Buzz(team_id="t2", device="p2", corrected=t0 + 111.50), t0 + 111.56)
    run(c.Buzz(team_id="t1", device="p1", corrected=t0 + 111.60), t0 + 111.65)
    run(c.Judge(correct=False), t0 + 113)
    run(c.Undo(), t0 + 114)
    run(c.Judge(correct=True), t0 + 115)
    # b3
    run(c.ShowQuestion(question=B3), t0 + 120)
    run(c.OpenBuzzers(), t0 + 121)
    run(c.Buzz(team_id="t3", device="p3", corrected=t0 + 121.80), t0 + 121.85)
    run(c.Judge(correct=False), t0 + 123)
    run(c.Buzz(team_id="t1", device="p1"), t0 + 123.40)
    run(c.Judge(correct=True), t0 + 125)
    rehearsed = 3 if rehearse else 0  # judgement numbers keep counting after a rehearsal
    run(c.Overrule(judgement_no=T1_ON_A2 + rehearsed, correct=True, reason="答案有歧义"), t0 + 130)
    if finish:
        run(c.FinishContest(), t0 + 140)


def played(title: str = "党章知识趣味大赛", t0: float = T0, finish: bool = True, rehearse: bool = False) -> Ledger:
    """The contest in memory."""
    lg = Ledger(QUIZ)
    lg.execute(create(title), t0 - 100)
    play(lg.execute, t0, finish, rehearse)
    return lg


def stored(service: ContestService, title: str = "党章知识趣味大赛", t0: float = T0, finish: bool = True) -> str:
    """The contest in a contest service (the app's database); returns its id."""
    contest_id = service.create(create(title), now=t0 - 100)
    play(lambda command, at: service.execute(contest_id, command, "host", at), t0, finish)
    return contest_id
