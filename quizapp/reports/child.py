"""Run a renderer in a child process, so seconds of layout never stall the server's event loop.

Under eventlet the parent waits on the pipe cooperatively (``subprocess`` is
green once monkey-patched); in threading mode it simply waits. Either way the
buzzers of a running contest keep being served while a PDF or poster is drawn.
"""

from __future__ import annotations

import subprocess
import sys

from ..core.errors import DomainError

TIMEOUT_SECONDS = 120


def render_in_child(module: str, payload: bytes, what: str, magic: bytes) -> bytes:
    """``python -m module`` with ``payload`` on stdin; its stdout must start with ``magic``."""
    try:
        done = subprocess.run([sys.executable, "-m", module], input=payload, capture_output=True,
                              timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise DomainError("render_failed", f"生成{what}超时，请稍后重试") from None
    if done.returncode != 0 or not done.stdout.startswith(magic):
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DomainError("render_failed", f"生成{what}失败：{(lines[-1] if lines else '未知错误')[:200]}")
    return done.stdout
