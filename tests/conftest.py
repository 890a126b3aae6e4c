"""Shared fixtures: an app on a temporary SQLite database, its clients and service."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from quizapp.app import create_app

# Property tests check rules, never speed: a loaded CI machine must not fail them on time.
settings.register_profile("quizapp", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("quizapp")


@pytest.fixture
def app(tmp_path):
    """A fresh app with its own instance folder and SQLite file; no background loop."""
    return create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "TESTING": True,
                       "START_BACKGROUND": False, "ASYNC_MODE": "threading"})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def service(app):
    return app.extensions["quizapp.contests"]


@pytest.fixture
def ids(service):
    """The demo contests: kind -> contest id."""
    from quizapp.demo import load_demo

    quiz, dorm, sports, _civility = load_demo(service)
    return {"quiz": quiz, "dorm": dorm, "sports": sports}
