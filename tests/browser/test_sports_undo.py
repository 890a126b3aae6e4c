"""The sports console's undo names the batch it previewed, so a result entered meanwhile is never undone.

The host opens the undo dialog on one result; before the confirmation, another result is recorded
(from the results desk, here the host's own socket) and the page has not yet heard of it (its view
frames are held back, as on a slow network). The click then sends the previewed batch and the version
of the view it was previewed on: the server refuses it as stale and nothing is undone. Once the page
has the new view, the preview names the new result, and confirming undoes exactly that one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from quizapp.devserver import demo_contests, live_server

from .conftest import HOST_PASSWORD, Devices, Host, login_host

pytestmark = pytest.mark.slow  # a real server process and Chromium

LAPTOP = {"viewport": {"width": 1366, "height": 860}, "locale": "zh-CN"}
FIRST, SECOND = "夹乒乓球", "定点投篮"  # two events the demo leaves without results


@dataclass
class Day:
    base: str
    instance: Path
    contest: str


@pytest.fixture(scope="module")
def day(tmp_path_factory) -> Iterator[Day]:
    instance = tmp_path_factory.mktemp("sports-undo-instance")
    with live_server(instance, env={"QUIZAPP_HOST_PASSWORD": HOST_PASSWORD}) as base:
        yield Day(base, instance, demo_contests(base)["sports-day"])


class Desk(Host):
    """A second sender on the host's credential: records results over the socket, reads the host view."""

    def __init__(self, day: Day) -> None:
        super().__init__(day.base, day.instance, day.contest)

    def record(self, event: str, raw: str) -> int:
        """Record `raw` for the first team in `event`; returns the batch it made."""
        v = self.view()
        event_id = next(e["id"] for e in v["schedule"] if e["name"] == event)
        reply = self.sio.call("sports_command", {"type": "RecordResults", "event_id": event_id,
                                                 "entries": [[v["teams"][0]["id"], raw]]}, timeout=10)
        assert reply["ok"], reply
        return self.view()["undo_batch"]

    def recorded(self, event: str) -> bool:
        v = self.view()
        event_id = next(e["id"] for e in v["schedule"] if e["name"] == event)
        return bool(v["results"][event_id])


@dataclass
class Wire:
    """The page's socket through Playwright: frames it sends, and views held back while `hold` is set."""

    hold: bool = False
    sent: list[Any] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    page_side: Any = None

    def route(self, ws) -> None:
        server = ws.connect_to_server()
        self.page_side = ws

        def to_page(message) -> None:
            if self.hold and isinstance(message, str) and message.startswith('42["view"'):
                self.held.append(message)
            else:
                ws.send(message)

        def to_server(message) -> None:
            found = re.match(r"^42\d*(\[.*)$", message) if isinstance(message, str) else None
            if found:
                self.sent.append(json.loads(found.group(1)))
            server.send(message)

        server.on_message(to_page)
        ws.on_message(to_server)

    def release(self) -> None:
        self.hold = False
        for message in self.held:
            self.page_side.send(message)
        self.held.clear()

    def undos(self) -> list[dict[str, Any]]:
        return [args[1] for args in self.sent if args[0] == "sports_command" and args[1].get("type") == "Undo"]


def confirm_undo(host: Page, preview: str, reason: str) -> None:
    host.click("#sh-undo")
    dialog = host.locator("#dlg-undo")
    expect(dialog.locator("[data-preview]")).to_contain_text(preview)
    dialog.locator("input[name=reason]").fill(reason)
    dialog.locator("button[value=ok]").click()


def test_a_result_recorded_between_the_preview_and_the_click_is_not_undone(day: Day, devices: Devices) -> None:
    desk = Desk(day)
    wire = Wire()
    host = devices.page(**LAPTOP)
    host.route_web_socket(re.compile(r".*/socket\.io/.*"), wire.route)
    try:
        login_host(host, day.base, day.contest)
        expect(host.locator("[data-conn]")).to_have_text("已连接")

        first = desk.record(FIRST, "12")
        expect(host.locator("#sh-undo-preview")).to_contain_text(FIRST)
        host.click("#sh-undo")
        dialog = host.locator("#dlg-undo")
        expect(dialog.locator("[data-preview]")).to_contain_text(FIRST)
        previewed_version = int(host.locator("#sports-host").get_attribute("data-version"))

        # meanwhile the desk records another event; the page has not heard of it yet
        wire.hold = True
        second = desk.record(SECOND, "9")
        assert second > first
        dialog.locator("input[name=reason]").fill("录错了项目")
        dialog.locator("button[value=ok]").click()

        toast = host.locator(".sh-toast.bad")
        expect(toast).to_contain_text("撤销的内容已经变化")  # refused as stale: nothing was undone
        (sent,) = wire.undos()
        assert (sent["batch"], sent["version"]) == (first, previewed_version)  # the previewed batch, as seen
        assert desk.recorded(SECOND) and desk.recorded(FIRST)

        # with the new view the preview names the newer result; confirming undoes exactly that batch
        wire.release()
        expect(host.locator("#sh-undo-preview")).to_contain_text(SECOND)
        confirm_undo(host, SECOND, "定点投篮录早了")
        expect(host.locator(".sh-toast.ok")).to_contain_text(f"已撤销：录入“{SECOND}”")
        assert wire.undos()[-1]["batch"] == second
        assert not desk.recorded(SECOND) and desk.recorded(FIRST)
        expect(host.locator("#sh-undo-preview")).to_contain_text(FIRST)
    finally:
        desk.close()
