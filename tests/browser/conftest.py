"""Browser-test fixtures and the steps many tests share: a real `quizapp serve` (eventlet) in a
subprocess, Debian's Chromium, devices that collect script errors, host login, contest creation
through the /host form, and the host's socket.

The pytest process itself is never monkey-patched: the server runs in its own
process and Playwright drives /usr/bin/chromium (never a downloaded browser).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from quizapp.devserver import demo_contests, live_server

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
HOST_PASSWORD = "browser-test-pw"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """A live server (eventlet) with the demo contests; yields its base URL."""
    with live_server(tmp_path_factory.mktemp("browser-instance"),
                     env={"QUIZAPP_HOST_PASSWORD": HOST_PASSWORD}) as base:
        yield base


def contests(base: str) -> dict[str, str]:
    """Preset id -> contest id of the demo contests."""
    return demo_contests(base)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run ./scripts/test, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM,
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture
def shot():
    """shot(page, name): save a screenshot for people to look at (git-ignored folder)."""
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> None:
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    return take


class Devices:
    """Browser contexts, one per device, closed after the test; every page's script errors are collected."""

    def __init__(self, browser) -> None:
        self.browser = browser
        self.contexts: list[Any] = []
        self.errors: list[str] = []

    def page(self, **options: Any):
        ctx = self.browser.new_context(**options)
        self.contexts.append(ctx)
        page = ctx.new_page()
        page.on("pageerror", lambda e: self.errors.append(f"{page.url}: {e}"))
        return page

    def close(self) -> None:
        for ctx in self.contexts:
            ctx.close()


@pytest.fixture
def devices(browser):
    """Devices for one test; a script error on any of their pages fails it."""
    d = Devices(browser)
    yield d
    d.close()
    assert d.errors == [], d.errors


def login_host(page, base: str, contest_id: str) -> None:
    """Log in on the host page and open the contest's console."""
    page.goto(f"{base}/host/login?next=/host/{contest_id}")
    page.fill("#password", HOST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**/host/{contest_id}")


def new_contest(page, base: str, title: str, teams: str, *, preset: str = "party-constitution",
                seed: int | None = None) -> str:
    """Create a contest through the form on /host (the page is logged in); returns its id."""
    page.goto(f"{base}/host")
    page.select_option("#preset", preset)
    page.fill("#title", title)
    page.fill("#teams", teams)
    if seed is not None:
        page.fill("#seed", str(seed))
    page.click("#create-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/host/[0-9a-z]+$"), timeout=30000)  # a loaded machine can be slow here
    return page.url.rstrip("/").rsplit("/", 1)[-1]


@pytest.fixture
def page(devices):
    """A desktop page for the host console; a script error on it fails the test."""
    page = devices.page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page.set_default_timeout(10000)
    return page


class Host:
    """The host's socket, driving a contest like the console does (token minted on the server's database)."""

    def __init__(self, base: str, instance: Path, contest_id: str) -> None:
        import socketio

        from quizapp.app import create_app

        app = create_app({"INSTANCE_PATH": str(instance), "START_BACKGROUND": False})
        try:
            token = app.extensions["quizapp.hostauth"].mint(contest_id)
        finally:
            app.extensions["quizapp.engine"].dispose()
        # no reconnecting: a driver left connected when its server stops must not retry forever in a
        # background thread (its jitter draws from the global random state hypothesis watches)
        self.sio = socketio.Client(reconnection=False)
        self.sio.connect(base, auth={"role": "host", "contest": contest_id, "token": token},
                         transports=["websocket"], wait_timeout=10)

    def __call__(self, kind: str, **fields: Any) -> dict[str, Any]:
        reply = self.try_(kind, **fields)
        assert reply["ok"], (kind, reply)
        return reply

    def try_(self, kind: str, **fields: Any) -> dict[str, Any]:
        return self.sio.call("command", {"type": kind, **fields}, timeout=10)

    def view(self) -> dict[str, Any]:
        return self.sio.call("get_view", {}, timeout=10)["view"]

    def close(self) -> None:
        self.sio.disconnect()
