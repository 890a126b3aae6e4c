"""Benchmarks of issue 7: fan-out to 1,000 sockets and fairness of buzz arbitration.

Run through ``scripts/bench fanout|fairness [...]``. Every bench starts its servers as
subprocesses (``quizapp serve`` or ``bench.bare_server``); the bench processes themselves are
never monkey-patched and never import eventlet. Results go to ``artifacts/bench/`` (git-ignored).
"""
