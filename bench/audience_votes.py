"""Write cost of audience play-along: N audience answers on one question, then the reveal.

Runs the real write path (``ContestService.execute``: decide, SQLite WAL commit, publish) on a
fresh instance with the demo contests, on the 党章 buzz round's first choice question.
Usage: ``.venv/bin/python -m bench.audience_votes 300``.
"""

from __future__ import annotations

import sys
import tempfile
import time

from quizapp.app import create_app
from quizapp.core.quiz import commands as c
from quizapp.demo import load_demo


def main(n: int) -> str:
    app = create_app({"INSTANCE_PATH": tempfile.mkdtemp() + "/inst", "START_BACKGROUND": False,
                      "ASYNC_MODE": "threading"})
    svc = app.extensions["quizapp.contests"]
    load_demo(svc)
    cid = next(r.id for r in svc.contests() if r.preset == "party-constitution")
    buzz = next(r.index for r in svc.state(cid).rounds if r.spec.kind == "buzz")
    svc.execute(cid, c.StartRound(round_index=buzz), "host")
    while True:
        svc.execute(cid, c.ShowQuestion(), "host")
        if svc.state(cid).episode.question.type in ("single", "true_false"):
            break
        svc.execute(cid, c.SkipQuestion(), "host")
    q = svc.state(cid).episode.question
    keys = list("ABCDEF"[: len(q.options)]) if q.options else ["true", "false"]
    start = time.perf_counter()
    for i in range(n):
        svc.execute(cid, c.AudienceAnswer(device=f"{i:016x}", choice=keys[i % len(keys)]), "audience")
    total = time.perf_counter() - start
    svc.execute(cid, c.SkipQuestion(), "host")
    start = time.perf_counter()
    svc.execute(cid, c.Reveal(), "host")
    reveal = time.perf_counter() - start
    return (f"{n} answers: {total:.2f} s total, {total / n * 1000:.1f} ms each, {n / total:.0f}/s; "
            f"reveal (scores {n}) {reveal * 1000:.0f} ms")


if __name__ == "__main__":
    print(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300))
