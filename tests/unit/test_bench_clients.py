"""The bench clients read views as live.js does: whole views, patches on their base, gaps; and they
reconnect with the pages' back-off. Pure functions only (no server, no sockets)."""

from __future__ import annotations

import json
import math

import pytest

from bench.latency import fanout, per_change
from bench.population import Shape, shares
from bench.probe import Backoff
from bench.views import LightJson, ViewState
from quizapp.live.patches import diff
from quizapp.live.streams import Sent, patch_message


def _wire(event: str, data: dict) -> str:
    """What python-socketio hands its JSON module for an event (compact separators)."""
    return json.dumps([event, data], separators=(",", ":"))


def _views() -> tuple[dict, dict]:
    old = {"version": 7, "phase": "open", "teams": [{"id": "t1", "score": 100}, {"id": "t2", "score": 90}]}
    new = {"version": 8, "phase": "answering", "teams": [{"id": "t1", "score": 110}, {"id": "t2", "score": 90}]}
    return old, new


def test_light_json_reads_a_whole_view_and_its_trailing_rev() -> None:
    old, _ = _views()
    text = _wire("view", {**old, "pad": "x" * 5000, "rev": "3fa9c1.12"})
    event, light = LightJson.loads(text)
    assert event == "view"
    assert light == {"version": 7, "rev": "3fa9c1.12", "bytes": len(text), "light": True}


def test_light_json_reads_a_patch_message_as_the_server_builds_it() -> None:
    old, new = _views()
    message = patch_message(Sent("3fa9c1.13", new, 13), "3fa9c1.12", diff(old, new))
    event, light = LightJson.loads(_wire("view", message))
    assert (event, light["version"], light["rev"], light["base"], light["patch"]) == (
        "view", 8, "3fa9c1.13", "3fa9c1.12", True)


def test_light_json_reads_get_view_answers_and_leaves_other_messages_alone() -> None:
    whole = json.dumps([{"ok": True, "view": {"version": 5, "x": 1, "rev": "ab.1"}}], separators=(",", ":"))
    assert LightJson.loads(whole)[0]["view"]["rev"] == "ab.1"
    patch = json.dumps([{"ok": True, "patch": {"version": 6, "rev": "ab.2", "base": "ab.1", "patch": []}}],
                       separators=(",", ":"))
    assert LightJson.loads(patch)[0]["patch"]["base"] == "ab.1"
    ack = json.dumps([{"ok": True, "version": 9}], separators=(",", ":"))
    assert LightJson.loads(ack) == [{"ok": True, "version": 9}]


def test_a_kept_view_applies_a_patch_on_its_base_only() -> None:
    old, new = _views()
    state = ViewState(keep=True)
    assert state.offer({**old, "rev": "p.1"}) == "new"
    message = patch_message(Sent("p.2", new, 2), "p.1", diff(old, new))
    assert state.offer(message) == "new"
    assert state.view["teams"][0]["score"] == 110 and state.version == 8 and state.rev == "p.2"
    # the same patch again names a base no longer held: a gap, the view stays
    assert state.offer(message) == "gap" and state.version == 8 and state.gaps == 1


def test_a_light_state_follows_tokens_and_takes_a_reconnect_view_as_held_again() -> None:
    state = ViewState()
    assert state.offer({"version": 7, "rev": "a.1", "light": True}) == "new"
    assert state.offer({"version": 8, "rev": "a.2", "base": "a.1", "patch": True, "light": True}) == "new"
    assert state.offer({"version": 9, "rev": "a.4", "base": "a.3", "patch": True, "light": True}) == "gap"
    assert state.offer({"version": 6, "rev": "b.1", "light": True}) == "old"  # a late broadcast
    assert state.offer({"version": 8, "rev": "b.7", "light": True}) == "same"  # after a restart
    assert state.rev == "b.7"


def test_backoff_follows_socket_io_client_and_the_pages_options() -> None:
    b = Backoff(delay=0.8, delay_max=3.0, jitter=0.75)
    assert b.seconds(0, rand=0.0) == pytest.approx(0.8)
    assert b.seconds(0, rand=0.99) == pytest.approx((800 + math.floor(0.99 * 0.75 * 800)) / 1000)  # 9 odd: +
    assert b.seconds(0, rand=0.4) == pytest.approx((800 - 240) / 1000)  # floor(4) even: -
    assert b.seconds(6, rand=0.0) == 3.0  # capped
    page = Backoff.from_live_js()
    assert 0 < page.delay <= page.delay_max and 0 <= page.jitter <= 1


def test_fanout_latency_pairs_each_send_with_the_first_hold_at_or_after_its_version() -> None:
    reports = {1: {"kind": "team", "connected": True, "disconnects": [], "first": [(5, 10.05), (6, 11.2)]},
               2: {"kind": "watch", "connected": True, "disconnects": [], "first": [(6, 11.3)]}}
    out = fanout(reports, [("ShowQuestion", 5, 10.0), ("OpenBuzzers", 6, 11.0)])
    assert out["samples"] == 4 and out["missing"] == 0
    assert out["max"] == pytest.approx(1.3)  # client 2 had no view 5: its view 6 counts for both
    assert out["by_kind"]["team"]["p50_ms"] == pytest.approx(125.0)


def test_bytes_per_change_are_per_connected_client_of_each_role() -> None:
    before = {"watch": {"clients": 10, "connected": 10, "views": 10, "bytes": 1000, "patch_bytes": 0,
                        "full_bytes": 1000, "gaps": 0}}
    after = {"watch": {"clients": 10, "connected": 10, "views": 30, "bytes": 5000, "patch_bytes": 4000,
                       "full_bytes": 1000, "gaps": 1}}
    row = per_change(before, after, changes=2)["watch"]
    assert row["bytes_per_change"] == 200 and row["views_per_change"] == 1 and row["patch_share"] == 1


def test_a_client_count_becomes_teams_of_five_and_the_rest_audience() -> None:
    shape = Shape.for_clients(1000)
    assert (shape.teams, shape.team_devices, shape.audience, shape.clients) == (100, 500, 500, 1000)
    shape = Shape.for_clients(5000)  # at most 200 teams: the rest is audience
    assert (shape.teams, shape.team_devices, shape.audience, shape.clients) == (200, 1000, 4000, 5000)
    parts = shares([{"id": i} for i in range(10)], 3)
    assert [len(p) for p in parts] == [4, 3, 3] and sorted(s["id"] for p in parts for s in p) == list(range(10))
