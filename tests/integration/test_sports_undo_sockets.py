"""A sports-day undo names the batch its preview showed (the host view's ``undo_batch``).

A result recorded between the preview and the confirmation is never what gets undone: with the
version of the previewed view the undo is refused as ``stale``; with the batch alone exactly that
batch is undone and the later result in another event stays.
"""

from __future__ import annotations

from typing import Any

import pytest

from quizapp.demo import load_demo
from tests.kit import host_socket


@pytest.fixture
def sports(app, service) -> str:
    return load_demo(service)[2]


def _view(client: Any) -> dict[str, Any]:
    return client.emit("get_view", {}, callback=True)["view"]


def _record(client: Any, event: str, raw: str) -> None:
    v = _view(client)
    event_id = next(e["id"] for e in v["schedule"] if e["name"] == event)
    reply = client.emit("sports_command", {"type": "RecordResults", "event_id": event_id,
                                           "entries": [[v["teams"][0]["id"], raw]]}, callback=True)
    assert reply["ok"], reply


def _recorded(client: Any, event: str) -> bool:
    v = _view(client)
    return bool(v["results"][next(e["id"] for e in v["schedule"] if e["name"] == event)])


def test_the_host_view_names_the_batch_its_undo_preview_describes(app, sports):
    host = host_socket(app, sports)
    _record(host, "夹乒乓球", "12")
    v = _view(host)
    assert v["undo_batch"] == v["history"][0]["batch"] and "夹乒乓球" in v["undo_preview"]
    assert v["status_labels"]["provisional"] == "成绩待确认"
    assert v["history"][0]["actor_label"] == "主持人"


def test_an_undo_previewed_before_another_result_is_stale_with_its_version(app, sports):
    host = host_socket(app, sports)
    _record(host, "夹乒乓球", "12")
    seen = _view(host)
    _record(host, "定点投篮", "9")  # between the preview and the click
    reply = host.emit("sports_command", {"type": "Undo", "reason": "录错了", "batch": seen["undo_batch"],
                                         "version": seen["version"], "cid": "u-1"}, callback=True)
    assert reply["ok"] is False and reply["error"]["code"] == "stale"
    assert _recorded(host, "夹乒乓球") and _recorded(host, "定点投篮")


def test_an_undo_naming_its_batch_undoes_exactly_that_batch(app, sports):
    host = host_socket(app, sports)
    _record(host, "夹乒乓球", "12")
    previewed = _view(host)["undo_batch"]
    _record(host, "定点投篮", "9")
    reply = host.emit("sports_command", {"type": "Undo", "reason": "录错了", "batch": previewed}, callback=True)
    assert reply["ok"], reply
    assert not _recorded(host, "夹乒乓球") and _recorded(host, "定点投篮")
