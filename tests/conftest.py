"""Shared fixtures: an app on a temporary SQLite database, its clients and service."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, settings
from socketio import base_client

from quizapp.app import create_app

# Property tests check rules, never speed: a loaded CI machine must not fail them on time.
settings.register_profile("quizapp", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("quizapp")


@pytest.fixture(autouse=True)
def no_reconnect_loop_left():
    """Fail the test that leaves a python-socketio client reconnecting after it ends.

    Such a loop outlives its server and draws its jitter from the global ``random`` state, and
    hypothesis fails whichever property test of the same process happens to be generating data
    then (``FlakyStrategyDefinition``): the failure would land far from its cause.
    """
    yield
    deadline = time.monotonic() + 3.0  # a loop that was told to stop may need one more wait
    while base_client.reconnecting_clients and time.monotonic() < deadline:
        time.sleep(0.05)
    left = list(base_client.reconnecting_clients)
    if left:
        for client in left:  # stop them, so that one leak fails one test, not every later one
            client.reconnection = False
            if client._reconnect_abort is not None:
                client._reconnect_abort.set()
        pytest.fail(f"{len(left)} socket client(s) still reconnecting after this test: "
                    "close them with shutdown() after setting reconnection=False")


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
