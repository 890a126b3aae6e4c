"""Browser-test fixtures: a real `quizapp serve` (eventlet) in a subprocess and Debian's Chromium.

The pytest process itself is never monkey-patched: the server runs in its own
process and Playwright drives /usr/bin/chromium (never a downloaded browser).
"""

from __future__ import annotations

import shutil
from pathlib import Path

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


def login_host(page, base: str, contest_id: str) -> None:
    """Log in on the host page and open the contest's console."""
    page.goto(f"{base}/host/login?next=/host/{contest_id}")
    page.fill("#password", HOST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**/host/{contest_id}")
