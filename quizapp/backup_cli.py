"""``quizapp backup`` and ``quizapp restore``, and the marker that says a server is running.

A running server keeps every contest in memory: restoring its database under it
would leave it serving (and appending to) a history that no longer exists. So
``serve`` leaves a marker in the instance folder, and restore refuses while the
server it names is alive, unless ``--force``.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from .config import load_config
from .store import backup as store
from .store.database import normalise_url

MARKER = "server.json"


def mark_running(instance: Path, url: str) -> None:
    """Note this process as the server of ``url`` until it exits (a SIGKILL leaves a dead pid)."""
    marker = instance / MARKER
    marker.write_text(json.dumps({"pid": os.getpid(), "database": normalise_url(url)}), encoding="utf-8")

    def clear() -> None:
        with contextlib.suppress(OSError, ValueError):
            if json.loads(marker.read_text(encoding="utf-8")).get("pid") == os.getpid():
                marker.unlink()
    atexit.register(clear)


def running_server(instance: Path, url: str) -> int | None:
    """The pid of a live server using ``url`` from ``instance``, if there is one."""
    try:
        data = json.loads((instance / MARKER).read_text(encoding="utf-8"))
        pid = int(data["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if data.get("database") != normalise_url(url) or pid == os.getpid():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid


def _settings(overrides: dict[str, Any]) -> tuple[str, Path]:
    config = load_config(dict(overrides))
    return str(config["DATABASE_URL"]), Path(config["INSTANCE_PATH"])


def run_backup(overrides: dict[str, Any], out: str | None) -> int:
    """Write a backup and say where it is."""
    url, instance = _settings(overrides)
    target = Path(out) if out else instance / "backups" / store.default_name(url)
    made = store.backup(url, target)
    print(f"已备份到 {made}")
    return 0


def run_restore(overrides: dict[str, Any], file: str, force: bool) -> int:
    """Put a backup back, after keeping a copy of what it replaces."""
    url, instance = _settings(overrides)
    pid = running_server(instance, url)
    if pid is not None and not force:
        print(f"quizapp: 服务器正在运行（进程 {pid}）并使用这个数据库，恢复会让它继续使用已不存在的数据。"
              "请先停止服务器再恢复；确需覆盖请加 --force，恢复后必须重启服务器"
              f" (a running server, pid {pid}, uses this database: stop it first, or use --force)")
        return 2
    if not Path(file).is_file():
        raise store.BackupError(f"备份文件不存在：{file} (backup file not found)")
    current_exists = not store.is_sqlite(url) or store.sqlite_file(url).exists()
    if current_exists:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = store.backup(url, instance / "backups" / f"before-restore-{stamp}{Path(store.default_name(url)).suffix}")
        print(f"恢复前的数据库已另存为 {kept}")
    store.restore(url, Path(file))
    print(f"已从 {file} 恢复数据库" + ("；请立即重启服务器" if pid is not None else ""))
    return 0
