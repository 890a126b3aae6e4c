"""Shared fixtures: an app on a temporary SQLite database, its clients and service."""

from __future__ import annotations

import pytest

from quizapp.app import create_app


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
