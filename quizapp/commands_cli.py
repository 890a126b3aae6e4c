"""The bodies of the ``quizapp`` subcommands (imported after any monkey-patching)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from .config import ConfigError
from .core.errors import DomainError
from .store.backup import BackupError
from .store.database import DatabaseURLError


def _fail(message: str) -> int:
    print(f"quizapp: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    """Dispatch one parsed command; known failures become one clear line."""
    try:
        if args.command == "questions" and args.questions_command == "import":
            return import_file(args.file, args.bank, args.title, overrides)
        if args.command == "questions":
            return check_questions(args.paths)
        if args.command in ("backup", "restore"):
            from .backup_cli import run_backup, run_restore

            return (run_backup(overrides, args.out) if args.command == "backup"
                    else run_restore(overrides, args.file, args.force))
        if args.command == "serve":
            from .serve import serve

            return serve(args, overrides)
        if args.command == "log":
            existing_database(overrides)
        from .app import create_app

        app = create_app({**overrides, "START_BACKGROUND": False})
        service = app.extensions["quizapp.contests"]
        if args.command == "demo":
            from .demo import load_demo

            created = load_demo(service)
            print(f"已载入 {len(created)} 场演示比赛（已有的不重复创建）")
            return 0
        if args.log_command == "verify":
            return verify_logs(service)
        return show_log(service, args.contest)
    except (ConfigError, DatabaseURLError, BackupError) as exc:
        return _fail(str(exc))
    except DomainError as exc:
        return _fail(exc.message)
    except Exception as exc:  # noqa: BLE001 - e.g. database unreachable: one line, no traceback
        if type(exc).__module__.startswith("sqlalchemy"):
            return _fail(f"无法连接数据库：{str(exc).splitlines()[0][:200]}（请检查 --database）")
        raise


def existing_database(overrides: dict[str, Any]) -> None:
    """Raise ConfigError unless the instance and database that ``serve`` would use are there.

    ``log`` only reads: it looks where ``serve`` looks (``--instance``, QUIZAPP_INSTANCE, ./instance;
    ``--database``, QUIZAPP_DATABASE_URL, the instance's SQLite file) and refuses when nothing is
    there, instead of making a fresh instance (new secret key and host password) and an empty database.
    """
    import os

    from sqlalchemy.engine import make_url

    from .config import instance_path
    from .store.database import normalise_url

    folder = instance_path(overrides.get("INSTANCE_PATH"))
    hint = "请在运行 quizapp serve 的目录下执行，或用 --instance（或 QUIZAPP_INSTANCE）指定它的实例目录"
    if not folder.is_dir():
        raise ConfigError(f"没有找到实例目录 {folder}：{hint}")
    url = overrides.get("DATABASE_URL") or os.environ.get("QUIZAPP_DATABASE_URL")
    if url:
        parsed = make_url(normalise_url(url))
        if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
            return  # a server database: reaching it is checked on connect
        database = Path(parsed.database)
    else:
        database = folder / "quizapp.db"
    if not database.is_file():
        raise ConfigError(f"没有找到数据库 {database.resolve()}：{hint}，或用 --database 指定数据库")


def verify_logs(service: Any) -> int:
    """Replay every contest's log and compare with what the last commit stored."""
    bad = 0
    rows = service.contests()
    for row in rows:
        log = service.log(row.id)
        book = service.rulebook(row.id)
        seqs = [e.seq for e in log]
        problems = []
        if seqs != list(range(1, len(log) + 1)):
            problems.append("序号不连续")
        if row.version != len(log):
            problems.append(f"版本号 {row.version} 与日志条数 {len(log)} 不符")
        if book.snapshot(book.replay(log)) != row.snapshot:
            problems.append("重放结果与保存的比分/状态不一致")
        status = "verified" if not problems else "FAILED: " + "；".join(problems)
        bad += bool(problems)
        print(f"{row.id}  {row.title}  events={len(log)}  {status}")
    total = len(rows)
    print(f"{total - bad}/{total} contest(s) verified" + (f", {bad} FAILED" if bad else ""))
    return 1 if bad else 0


def show_log(service: Any, contest_id: str) -> int:
    """Print a contest's log: time, actor, what happened, score changes."""
    from .core.quiz.rehearsal import rehearsal_numbers

    log = service.log(contest_id)
    practice = rehearsal_numbers(log)  # 彩排 segments get a heading and a mark on each line
    segment = 0
    for entry, undone, text in service.rulebook(contest_id).log_lines(log):  # each line as it was then
        number = practice.get(entry.seq, 0)
        if number != segment:
            print(f"—— 彩排 {number}（不计成绩）——" if number else "—— 正式比赛 ——")
            segment = number
        when = datetime.fromtimestamp(entry.event.at).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
        mark = " [已撤销]" if undone else ""
        mark += f" [彩排{number}]" if number else ""
        print(f"{entry.seq:>5} {when} #{entry.batch:<4} {entry.actor:<8} "
              f"{text}{mark}")
    return 0


def check_questions(paths: list[str]) -> int:
    """Validate banks and print ``file:line: message`` per problem plus a summary."""
    from .questionbank.check import check_paths

    files = [Path(p) for p in paths] if paths else None
    return check_paths(files)


def import_file(path: str, bank_id: str, title: str, overrides: dict[str, Any]) -> int:
    """Import a question file all-or-nothing, printing progress and ``第N行`` problems."""
    from .config import instance_folder
    from .questionbank.importer import MAX_BYTES, import_questions
    from .questionbank.loader import bank_paths, load_bank
    from .questionbank.store import save_bank

    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return _fail(f"无法读取 {path}：{exc.strerror}")

    def progress(done: int, total: int) -> None:
        print(f"\r已检查 {done}/{total} 行", end="", file=sys.stderr, flush=True)

    result = import_questions(data, Path(path).name, bank_id, on_progress=progress)
    print(file=sys.stderr)
    if not result.ok:
        for problem in result.problems:
            print(problem)
        print(f"没有导入任何题目：{len(result.problems)} 个问题")
        return 1
    folder = instance_folder(overrides.get("INSTANCE_PATH")) / "banks"
    saved = save_bank(folder, bank_id, title, result.questions,
                      shipped_ids={load_bank(p).id for p in bank_paths()})
    counts = "，".join(f"{t} {n} 题" for t, n in result.counts.items())
    print(f"已导入到 {saved}：{counts}")
    return 0
