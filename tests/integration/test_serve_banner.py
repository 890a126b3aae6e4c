"""`quizapp serve` opens with its zh-CN banner: no English warning (eventlet's deprecation notice) before it."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading

import pytest

from quizapp.devserver import ROOT, free_port, stop

pytestmark = pytest.mark.slow  # a real server process

ENGLISH_WARNING = re.compile(r"(?i)warn|deprecat|traceback|eventlet|error")


def _banner(tmp_path, mode: str) -> list[str]:
    """Every line the server writes (stdout and stderr) up to the join URL's line."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}  # as a host's shell runs it
    proc = subprocess.Popen([sys.executable, "-m", "quizapp", "serve", "--host", "127.0.0.1",
                             "--port", str(free_port()), "--instance", str(tmp_path / "instance"),
                             "--async-mode", mode, "--demo"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for line in proc.stdout or ():
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    seen: list[str] = []
    try:
        while True:
            line = lines.get(timeout=60)
            if line is None:
                pytest.fail("the server stopped before printing its URLs:\n" + "\n".join(seen))
            seen.append(line)
            if line.startswith("扫码加入："):
                return seen
    finally:
        stop(proc)
        if proc.stdout:
            proc.stdout.close()


@pytest.mark.parametrize("mode", ["eventlet", "threading"])
def test_the_banner_has_no_english_warning(tmp_path, mode):
    lines = _banner(tmp_path, mode)
    assert not [line for line in lines if ENGLISH_WARNING.search(line)], "\n".join(lines)
    text = "\n".join(lines)
    assert "quizapp 已启动" in text and "主持人控制台" in text and "文明宿舍评比" in text
