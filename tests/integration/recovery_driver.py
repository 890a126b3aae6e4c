"""A process that plays a contest and prints ``ACK n`` after each durable command.

The recovery test SIGKILLs it at an arbitrary moment and checks that every
acknowledged command survived.
"""

from __future__ import annotations

import sys

from quizapp.app import create_app
from quizapp.core.errors import DomainError
from quizapp.core.quiz import commands as c
from quizapp.core.quiz.rounds import RoundSpec
from tests.kit import q


def main(database: str, instance: str) -> None:
    app = create_app({"DATABASE_URL": database, "INSTANCE_PATH": instance, "START_BACKGROUND": False})
    service = app.extensions["quizapp.contests"]
    rounds = (RoundSpec.from_dict({"kind": "compulsory", "settings": {"questions_per_team": 50,
                                                                      "answer_seconds": 1}}),)
    cid = service.create(c.CreateContest(title="断电测试", rounds=rounds))
    for name in ("甲", "乙", "丙"):
        service.execute(cid, c.AddTeam(name=name), "host")
    service.execute(cid, c.QueueQuestions(round_index=0, questions=tuple(q(i) for i in range(150))), "host")
    service.execute(cid, c.StartRound(), "host")
    print(f"CONTEST {cid}", flush=True)
    n = 0
    while True:
        for command in (c.ShowQuestion(), c.Judge(correct=n % 3 != 0)):
            try:
                entries = service.execute(cid, command, "host")
            except DomainError:
                continue
            print(f"ACK {entries[-1].seq}", flush=True)
        n += 1
        if n == 120:
            service.execute(cid, c.ShowQuestion(), "host")  # leave a 1 s timer running
            print("TIMER", flush=True)
            sys.stdin.readline()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
