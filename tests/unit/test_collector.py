"""The server's collector settings, checked in a fresh interpreter (never in the test process)."""

from __future__ import annotations

import json
import subprocess
import sys

from quizapp.collector import MIDDLE, OLD, YOUNG

PROBE = """
import gc, json
from quizapp.collector import tune_collector
before = gc.get_freeze_count()
tune_collector()
print(json.dumps({"threshold": gc.get_threshold(), "frozen_before": before, "frozen": gc.get_freeze_count()}))
"""


def test_the_server_freezes_its_start_up_heap_and_collects_rarely():
    out = json.loads(subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                                    check=True, timeout=60).stdout)
    assert out["threshold"] == [YOUNG, MIDDLE, OLD] and YOUNG > 700
    assert out["frozen_before"] == 0 and out["frozen"] > 1000  # the imported modules' objects


def test_only_the_server_entry_point_tunes_the_collector():
    from pathlib import Path

    import quizapp

    callers = [p.relative_to(Path(quizapp.__file__).parent).as_posix()
               for p in Path(quizapp.__file__).parent.rglob("*.py")
               if "tune_collector(" in p.read_text(encoding="utf-8") and p.name != "collector.py"]
    assert callers == ["serve.py"]
