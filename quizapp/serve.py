"""``quizapp serve``: check the port, build the app, recover contests, print where to go.

With ``--workers N`` (N > 1) it is a launcher instead: N single-process servers on consecutive
ports that share rooms through the Redis message queue and contests through PostgreSQL
(``services.shared``), with nginx in front (``deploy/nginx.conf``, docs/DEPLOY.md). The launcher
itself never imports the app or eventlet; each worker is an ordinary ``quizapp serve``.
"""

from __future__ import annotations

import argparse
import io
import os
import socket
import subprocess
from pathlib import Path
from typing import Any

import segno


def port_problem(host: str, port: int) -> str | None:
    """A zh-CN sentence if ``host:port`` cannot be bound, else None."""
    if not 1 <= port <= 65535:
        return f"端口 {port} 无效：请用 1 到 65535 之间的端口"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return f"端口 {port} 已被占用：请用 --port 换一个端口，或先关闭占用它的程序"
    return None


def lan_addresses() -> list[str]:
    """IPv4 addresses of this machine's interfaces (loopback last)."""
    found: list[str] = []
    try:
        out = subprocess.run(["ip", "-o", "-4", "addr", "show"], capture_output=True, text=True,
                             timeout=3, check=False).stdout
        found = [line.split()[3].split("/")[0] for line in out.splitlines() if len(line.split()) > 3]
    except (OSError, subprocess.SubprocessError):
        pass
    if not found:
        try:
            found = sorted({info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None,
                                                                      socket.AF_INET)})
        except OSError:
            found = []
    lan = [a for a in found if not a.startswith("127.")]
    return [*lan, "127.0.0.1"]


def banner(app: Any, host: str, port: int) -> str:
    """What a host needs at the start: where everything is, and the password."""
    addresses = lan_addresses() if host in ("0.0.0.0", "") else [host]
    service = app.extensions["quizapp.contests"]
    rows = [row for row in service.contests() if not row.archived]  # archived ones stay off, as on /host
    lines = ["", "quizapp 已启动（按 Ctrl+C 停止）",
             f"主持人密码：{app.config['HOST_PASSWORD'] or '（已在控制台修改，不再显示）'}",
             f"数据库：{app.extensions['quizapp.engine'].url.render_as_string(hide_password=True)}", ""]
    for address in addresses:
        base = f"http://{address}:{port}"
        lines.append(f"[{address}]")
        lines.append(f"  主持人控制台  {base}/host")
        for row in rows:
            lines.append(f"  大屏（投影）  {base}/screen/{row.id}    {row.title}")
        lines.append(f"  队员加入      {base}/join   （各队二维码见控制台的“二维码”页）")
    join = f"http://{addresses[0]}:{port}/join"
    buffer = io.StringIO()
    segno.make(join, error="m").terminal(out=buffer, compact=True)
    lines += ["", f"扫码加入：{join}", buffer.getvalue()]
    return "\n".join(lines)


MAX_CONNECTIONS = int(os.environ.get("QUIZAPP_MAX_CONNECTIONS") or 4096)  # sockets one process serves


def raise_open_file_limit() -> None:
    """Each phone is an open socket: lift the soft file limit to the hard one (desktops default to 1,024)."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = hard if hard != resource.RLIM_INFINITY else MAX_CONNECTIONS * 2
        if soft < wanted:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    except (ImportError, ValueError, OSError):
        pass


BACKLOG = MAX_CONNECTIONS  # after a crash every phone reconnects at once; the kernel caps it at somaxconn


def serve(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    """Run the server until interrupted (or, with ``--workers N``, N of them)."""
    if args.workers > 1:
        from .workers import run_workers

        return run_workers(args)
    host = args.host or "0.0.0.0"
    problem = port_problem(host, args.port)
    if problem:
        print(f"quizapp: {problem}")
        return 2
    from .app import create_app
    from .backup_cli import mark_running
    from .collector import tune_collector
    from .live.clock_loop import start_clock

    addresses = lan_addresses() if host in ("0.0.0.0", "") else [host]
    if args.message_queue:
        overrides = {**overrides, "MESSAGE_QUEUE": args.message_queue}
    app = create_app({**overrides, "ASYNC_MODE": args.async_mode,
                      "PUBLIC_URL": args.public_url or f"http://{addresses[0]}:{args.port}"})
    socketio = app.extensions["quizapp.socketio"]
    if args.message_queue:  # one of several workers: serial appends, change notices (services.shared)
        from .services.shared import share

        share(app.extensions["quizapp.contests"], args.message_queue, socketio.start_background_task,
              socketio.sleep)
    if args.proxied:  # nginx in front: the phone's address is the one nginx saw (rate limits, PIN tries)
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    if args.demo:
        from .demo import load_demo

        load_demo(app.extensions["quizapp.contests"])
    start_clock(app)
    tune_collector()  # after the start-up heap is built: contests loaded, the clock running
    mark_running(Path(app.instance_path), app.config["DATABASE_URL"])  # restore refuses under a live server
    if not args.quiet:
        print(banner(app, host, args.port), flush=True)
    raise_open_file_limit()
    if args.async_mode == "threading":
        socketio.run(app, host=host, port=args.port, log_output=False, allow_unsafe_werkzeug=True)
    else:
        _run_eventlet(app, host, args.port)
    return 0


def _run_eventlet(app: Any, host: str, port: int) -> None:
    """eventlet's WSGI server on a socket with a room-sized listen backlog.

    ``SocketIO.run`` listens with eventlet's default backlog of 50: a room of phones reconnecting
    after a restart overflows it and every dropped connect is retried seconds later. The server
    also stops accepting at 1,024 connections unless told ``max_size``.
    """
    import eventlet
    import eventlet.wsgi

    family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    listener = eventlet.listen(address, family, backlog=BACKLOG)
    eventlet.wsgi.server(listener, app, log_output=False, max_size=MAX_CONNECTIONS)
