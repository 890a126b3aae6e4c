"""The application factory: config, database, services, blueprints, sockets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask_socketio import SocketIO

from . import __version__
from .config import load_config
from .extensions import csrf
from .live.handlers import register as register_handlers
from .live.hub import Hub
from .services.catalog import Catalog
from .services.contests import ContestService
from .services.devices import DeviceService
from .store.database import make_engine, make_sessionmaker
from .store.schema import create_schema
from .web import register_blueprints


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build a quizapp Flask app; ``config`` overrides environment and instance values."""
    settings = load_config(config)
    app = Flask(__name__, instance_path=settings["INSTANCE_PATH"], instance_relative_config=True)
    app.config.update(settings)
    app.config["VERSION"] = __version__
    engine = make_engine(app.config["DATABASE_URL"])
    create_schema(engine)
    sessions = make_sessionmaker(engine)
    contests = ContestService(sessions)
    catalog = Catalog(Path(app.instance_path) / "banks")
    app.extensions["quizapp.engine"] = engine
    app.extensions["quizapp.contests"] = contests
    app.extensions["quizapp.devices"] = devices = DeviceService(sessions)
    app.extensions["quizapp.catalog"] = catalog
    csrf.init_app(app)
    socketio = SocketIO(app, async_mode=app.config["ASYNC_MODE"], max_http_buffer_size=64 * 1024,
                        ping_interval=10, ping_timeout=20)
    app.extensions["quizapp.socketio"] = socketio
    app.extensions["quizapp.hub"] = hub = Hub(socketio, contests, devices, catalog)
    register_handlers(socketio, hub)
    register_blueprints(app)
    return app


def contest_service(app: Flask) -> ContestService:
    """The app's contest service."""
    service: ContestService = app.extensions["quizapp.contests"]
    return service
