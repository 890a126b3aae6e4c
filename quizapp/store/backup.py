"""Backups of the whole database, and putting one back.

SQLite is copied with its online backup API (consistent while the server
writes; WAL contents included). PostgreSQL goes through ``pg_dump``/``psql``
from the PostgreSQL client tools. Snapshots taken at the end of every round
live in the instance folder, the newest ``keep`` of them.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from .database import normalise_url

SQLITE_HEADER = b"SQLite format 3\x00"


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message says why and what to do."""


def is_sqlite(url: str) -> bool:
    """Whether ``url`` names an SQLite database."""
    return make_url(normalise_url(url)).get_backend_name() == "sqlite"


def sqlite_file(url: str) -> Path:
    """The file of an SQLite URL (in-memory databases cannot be backed up)."""
    database = make_url(normalise_url(url)).database
    if not database or database == ":memory:":
        raise BackupError("内存数据库无法备份 (an in-memory database cannot be backed up)")
    return Path(database)


def libpq_url(url: str) -> str:
    """The URL as pg_dump/psql understand it (no SQLAlchemy driver name)."""
    return make_url(normalise_url(url)).set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端工具（如 apt install postgresql-client）"
                          f" ({name} not found: install the PostgreSQL client tools)")
    return path


def _run(args: list[str]) -> None:
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=600)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{Path(args[0]).name} 失败：{detail[-1] if detail else done.returncode}")


def _sqlite_copy(source: Path, target: Path) -> None:
    """Page-by-page copy through SQLite itself, so a database in use is copied consistently."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def backup(url: str, out: Path) -> Path:
    """Write a backup of the database at ``url`` to ``out`` (a .db file or an SQL dump)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if is_sqlite(url):
        source = sqlite_file(url)
        if not source.exists():
            raise BackupError(f"数据库文件不存在：{source} (database file not found)")
        partial = out.with_name(out.name + ".part")
        partial.unlink(missing_ok=True)
        _sqlite_copy(source, partial)
        os.replace(partial, out)
        return out
    _run([_tool("pg_dump"), "--clean", "--if-exists", "--no-owner", "--file", str(out), libpq_url(url)])
    return out


def restore(url: str, file: Path) -> None:
    """Replace the database at ``url`` with the backup in ``file``."""
    if not file.is_file():
        raise BackupError(f"备份文件不存在：{file} (backup file not found)")
    if is_sqlite(url):
        with open(file, "rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                raise BackupError(f"{file} 不是 SQLite 备份文件 (not an SQLite backup)")
        target = sqlite_file(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(file, target)
        return
    _run([_tool("psql"), "--quiet", "--set", "ON_ERROR_STOP=1", "--single-transaction",
          "--file", str(file), "--dbname", libpq_url(url)])


def default_name(url: str, label: str = "quizapp") -> str:
    """``quizapp-20261128-231500.db`` (or ``.sql`` for PostgreSQL)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")[:-3]
    return f"{label}-{stamp}.{'db' if is_sqlite(url) else 'sql'}"


def snapshot(url: str, folder: Path, label: str, keep: int = 20) -> Path:
    """Back up into ``folder`` and delete all but the newest ``keep`` snapshots there."""
    made = backup(url, folder / default_name(url, label))
    snapshots = sorted((p for p in folder.iterdir() if p.suffix in (".db", ".sql")),
                       key=lambda p: p.stat().st_mtime_ns)
    for old in snapshots[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    return made
