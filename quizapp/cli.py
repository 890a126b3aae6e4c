"""The ``quizapp`` command: serve, demo, log verify/show, questions check.

This is the entry point, and the only place that may monkey-patch for
eventlet, which it does before importing anything that touches sockets or
threads. Every failure a person can fix ends in one line saying how.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="quizapp", description="知识竞赛与运动会计分系统")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="start the server")
    serve.add_argument("--host", help="address to listen on (default 0.0.0.0; 127.0.0.1 with --workers)")
    serve.add_argument("--port", type=int, default=5000, help="the first worker's port with --workers")
    serve.add_argument("--database", metavar="URL", help="SQLAlchemy URL (default: SQLite in the instance folder)")
    serve.add_argument("--instance", metavar="DIR", help="instance folder (secrets, SQLite file)")
    serve.add_argument("--async-mode", choices=("eventlet", "threading"), default="eventlet")
    serve.add_argument("--demo", action="store_true", help="load the demo contests first")
    serve.add_argument("--quiet", action="store_true", help="do not print the URL banner")
    serve.add_argument("--workers", type=_positive, default=1, metavar="N",
                       help="N server processes on consecutive ports behind nginx (see docs/DEPLOY.md)")
    serve.add_argument("--message-queue", metavar="URL",
                       help="Redis URL shared by several workers, e.g. redis://127.0.0.1:6379/0")
    serve.add_argument("--public-url", metavar="URL", help="the address phones open (default: this machine)")
    serve.add_argument("--proxied", action="store_true",
                       help="behind nginx: take the client address from X-Forwarded-For (one hop)")
    demo = sub.add_parser("demo", help="load the demo contests into a database")
    _db_args(demo)
    logp = sub.add_parser("log", help="inspect event logs")
    logsub = logp.add_subparsers(dest="log_command", required=True)
    _db_args(logsub.add_parser("verify", help="replay every contest and check it"))
    show = logsub.add_parser("show", help="print one contest's log")
    show.add_argument("contest")
    _db_args(show)
    backup = sub.add_parser("backup", help="back up the database (SQLite file copy or pg_dump)")
    _db_args(backup)
    backup.add_argument("--out", metavar="FILE", help="default: instance/backups/quizapp-<time>.db")
    restore = sub.add_parser("restore", help="replace the database with a backup")
    restore.add_argument("file")
    _db_args(restore)
    restore.add_argument("--force", action="store_true", help="even while a server uses the database")
    questions = sub.add_parser("questions", help="question banks")
    qsub = questions.add_subparsers(dest="questions_command", required=True)
    check = qsub.add_parser("check", help="validate question banks")
    check.add_argument("paths", nargs="*")
    imp = qsub.add_parser("import", help="import an .xlsx/.csv file into a bank in the instance folder")
    imp.add_argument("file")
    imp.add_argument("--bank", required=True, help="bank id: lowercase letters, digits, dashes")
    imp.add_argument("--title", required=True)
    imp.add_argument("--instance", metavar="DIR")
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("至少 1 个工作进程")
    return value


def _db_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", metavar="URL",
                        help="default: QUIZAPP_DATABASE_URL, else SQLite in the instance folder (as serve)")
    parser.add_argument("--instance", metavar="DIR", help="default: QUIZAPP_INSTANCE, else ./instance (as serve)")


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if getattr(args, "database", None):
        out["DATABASE_URL"] = args.database
    if getattr(args, "instance", None):
        out["INSTANCE_PATH"] = args.instance
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; returns the process exit code."""
    args = _parser().parse_args(argv)
    if args.command == "serve" and args.async_mode == "eventlet" and args.workers == 1:  # not the launcher
        import warnings

        with warnings.catch_warnings():
            # eventlet's maintenance notice (EventletDeprecationWarning derives from Warning, not
            # DeprecationWarning): an 11-line English text that would open the zh-CN banner
            warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
            import eventlet
        eventlet.monkey_patch()
    from .commands_cli import run

    try:
        return run(args, _overrides(args))
    except BrokenPipeError:  # e.g. `quizapp log show X | head`: the reader stopped, not an error
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
