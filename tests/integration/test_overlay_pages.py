"""The overlay and key-buzzer pages over HTTP: who may open them, and what the URL chooses."""

from __future__ import annotations

import pytest

from quizapp.web.overlay import parse_parts, parse_scale
from tests.kit import login


def test_the_overlay_is_public_transparent_and_only_for_quizzes(client, ids):
    page = client.get(f"/overlay/{ids['quiz']}?parts=buzz,scores&scale=0.75")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'data-parts="scores,buzz"' in html and "--ov-scale: 0.75" in html
    assert 'id="ov-question"' not in html and 'id="ov-podium"' not in html
    assert "css/app.css" not in html  # the shared stylesheet paints the page; OBS needs it clear
    assert client.get(f"/overlay/{ids['sports']}").status_code == 404
    assert client.get("/overlay/nope").status_code == 404


@pytest.mark.parametrize("text, parts", [
    (None, ["scores", "question", "buzz", "podium"]), ("", ["scores", "question", "buzz", "podium"]),
    ("podium, SCORES", ["scores", "podium"]), ("x,<b>", ["scores", "question", "buzz", "podium"]),
])
def test_overlay_parts(text, parts):
    assert parse_parts(text) == parts


@pytest.mark.parametrize("text, scale", [(None, 1.0), ("0.75", 0.75), ("9", 2.0), ("0", 0.25), ("nan", 1.0),
                                          ("inf", 1.0), ("1e400", 1.0), ("abc", 1.0)])
def test_overlay_scale(text, scale):
    assert parse_scale(text) == scale


def test_the_keys_page_is_the_hosts(client, app, ids):
    assert client.get(f"/host/{ids['quiz']}/keys").status_code == 302  # to the login
    login(client, app)
    page = client.get(f"/host/{ids['quiz']}/keys").get_data(as_text=True)
    assert 'id="keys-page"' in page and 'data-token="' in page and "按键抢答器" in page
    assert client.get(f"/host/{ids['sports']}/keys").status_code == 404
    console = client.get(f"/host/{ids['quiz']}").get_data(as_text=True)
    assert f'href="/host/{ids["quiz"]}/keys"' in console and f"/overlay/{ids['quiz']}" in console
