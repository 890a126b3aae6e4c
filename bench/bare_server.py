"""A bare Flask-SocketIO fan-out server: the floor quizapp's fan-out is compared against.

Run as its own process (``python -m bench.bare_server --mode eventlet|threading --port P
--payload view.json``); in eventlet mode it monkey-patches itself first thing, in its own
process, exactly like ``quizapp serve``. Same Socket.IO settings as quizapp (ping interval and
timeout, buffer size), and in eventlet mode a pool and listen backlog for many thousands of
sockets, so the floor is never the one that runs out of connections. Every client joins one room; a client connecting with
``auth={"role": "controller"}`` does not. On ``cmd {"version": v}`` from anyone the server emits
one ``view`` to the room: the payload file's JSON (a real quizapp view, so the same size and the
same parsing work for the clients) with ``version`` set to ``v``, and acks
``{"ok": true, "version": v}``. Nothing else: no state, no database, no per-audience views.
"""

from __future__ import annotations

import argparse
import sys


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench.bare_server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mode", choices=("eventlet", "threading"), default="eventlet")
    parser.add_argument("--payload", required=True, help="JSON file: the view to fan out")
    parser.add_argument("--max-connections", type=int, default=16384, help="eventlet's pool and listen backlog")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _args(sys.argv[1:] if argv is None else argv)
    if args.mode == "eventlet":
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import eventlet
        eventlet.monkey_patch()
    import json
    from pathlib import Path

    from flask import Flask, jsonify, request
    from flask_socketio import SocketIO, join_room

    payload = json.loads(Path(args.payload).read_text(encoding="utf-8"))
    app = Flask(__name__)
    socketio = SocketIO(app, async_mode=args.mode, max_http_buffer_size=64 * 1024,
                        ping_interval=10, ping_timeout=20)
    controllers: set[str] = set()

    @app.get("/healthz")
    def healthz():  # type: ignore[no-untyped-def]
        return jsonify(status="ok", server="bare")

    @socketio.on("connect")
    def on_connect(auth=None):  # type: ignore[no-untyped-def]
        if isinstance(auth, dict) and auth.get("role") == "controller":
            controllers.add(request.sid)  # type: ignore[attr-defined]
        else:
            join_room("all")
        return True

    @socketio.on("cmd")
    def on_cmd(data=None):  # type: ignore[no-untyped-def]
        version = int((data or {}).get("version", 0))
        socketio.emit("view", {**payload, "version": version}, to="all")
        return {"ok": True, "version": version}

    if args.mode == "threading":
        socketio.run(app, host=args.host, port=args.port, log_output=False, allow_unsafe_werkzeug=True)
        return 0
    # as quizapp serves in eventlet mode: a pool and a listen backlog sized for thousands of phones
    # (SocketIO.run would keep eventlet's 1,024 green threads and a backlog of 50)
    import resource

    import eventlet.wsgi

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    listener = eventlet.listen((args.host, args.port), backlog=args.max_connections)
    eventlet.wsgi.server(listener, app, log_output=False, max_size=args.max_connections)
    return 0


if __name__ == "__main__":
    sys.exit(main())
