"""The application factory: config, database, services, blueprints, sockets."""

from __future__ import annotations

from typing import Any

from flask import Flask

from . import __version__
from .config import load_config
from .extensions import csrf, socketio
from .services.contests import ContestService
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
    app.extensions["quizapp.engine"] = engine
    app.extensions["quizapp.contests"] = ContestService(make_sessionmaker(engine))
    csrf.init_app(app)
    socketio.init_app(app, async_mode=app.config["ASYNC_MODE"], cors_allowed_origins=None)
    register_blueprints(app)
    return app


def contest_service(app: Flask) -> ContestService:
    """The app's contest service."""
    service: ContestService = app.extensions["quizapp.contests"]
    return service
