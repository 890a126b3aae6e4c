"""The application factory: config, database, services, blueprints, sockets."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from flask_socketio import SocketIO

from . import __version__
from .config import load_config
from .extensions import csrf
from .live.handlers import register as register_handlers
from .live.hub import Hub
from .live.identity import Gate
from .live.json_packets import JsonPacket
from .services.catalog import Catalog
from .services.contests import ContestService
from .services.devices import DeviceService
from .services.hostauth import HostAuth
from .services.snapshots import RoundSnapshots
from .store.database import make_engine, make_sessionmaker
from .store.schema import create_schema
from .web import register_blueprints


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build a quizapp Flask app; ``config`` overrides environment and instance values."""
    settings = load_config(config)
    app = Flask(__name__, instance_path=settings["INSTANCE_PATH"], instance_relative_config=True)
    app.config.update(settings)
    app.config["VERSION"] = __version__
    # eventlet: SQLite's busy wait blocks every socket, so wait briefly and retry green (see ContestService);
    # in threading mode it blocks only its own thread
    engine = make_engine(app.config["DATABASE_URL"], 20 if app.config["ASYNC_MODE"] == "eventlet" else 1000)
    create_schema(engine)
    sessions = make_sessionmaker(engine)
    contests = ContestService(sessions)
    catalog = Catalog(Path(app.instance_path) / "banks")
    app.extensions["quizapp.engine"] = engine
    app.extensions["quizapp.contests"] = contests
    app.extensions["quizapp.devices"] = devices = DeviceService(sessions)
    app.extensions["quizapp.catalog"] = catalog
    hostauth = HostAuth(sessions, app.config["SECRET_KEY"], Path(app.instance_path),
                        app.config.get("HOST_PASSWORD_ENV", _env_password()), app.config["HOST_PASSWORD"] or "",
                        token_ttl=app.config["HOST_TOKEN_TTL"])
    app.extensions["quizapp.hostauth"] = hostauth
    app.extensions["quizapp.gate"] = gate = Gate(app.config["SECRET_KEY"], hostauth, app.config["AUDIENCE_BURST"])
    csrf.init_app(app)
    socketio = SocketIO(app, async_mode=app.config["ASYNC_MODE"], max_http_buffer_size=64 * 1024,
                        ping_interval=10, ping_timeout=20, serializer=JsonPacket,
                        message_queue=app.config.get("MESSAGE_QUEUE"))  # Redis: rooms shared by workers
    app.extensions["quizapp.socketio"] = socketio
    contests.sleep = socketio.sleep  # green under eventlet: a busy database never stalls other sockets
    if app.config["START_BACKGROUND"]:  # a running server: snapshot the database at every round's end
        contests.publishers.append(RoundSnapshots(app.config["DATABASE_URL"],
                                                  Path(app.instance_path) / "snapshots",
                                                  socketio.start_background_task))
    app.extensions["quizapp.hub"] = hub = Hub(socketio, contests, devices, catalog)
    hub.gate = gate
    register_handlers(socketio, hub)
    register_blueprints(app)
    return app


def _env_password() -> str | None:
    """QUIZAPP_HOST_PASSWORD, which wins over a password changed in the console."""
    return os.environ.get("QUIZAPP_HOST_PASSWORD") or None


def contest_service(app: Flask) -> ContestService:
    """The app's contest service."""
    service: ContestService = app.extensions["quizapp.contests"]
    return service
