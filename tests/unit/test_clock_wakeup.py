"""The clock loop wakes for a deadline when it falls, not at its next tick."""

from __future__ import annotations

import pytest

from quizapp.live.clock_loop import WAKE_LATE, pause_for

TICK = 0.02


def test_without_a_deadline_the_loop_sleeps_one_tick():
    assert pause_for(TICK, now=100.0, deadline=None, tried_until=100.0) == TICK


def test_a_deadline_within_the_tick_wakes_the_loop_just_after_it():
    assert pause_for(TICK, now=100.0, deadline=100.007, tried_until=99.99) == pytest.approx(0.007 + WAKE_LATE)


def test_a_deadline_beyond_the_tick_waits_for_the_tick():
    assert pause_for(TICK, now=100.0, deadline=100.5, tried_until=100.0) == TICK


def test_a_deadline_that_passed_after_the_pass_looked_fires_at_once():
    assert pause_for(TICK, now=100.0, deadline=99.995, tried_until=99.99) == 0.0


def test_a_deadline_the_pass_already_tried_does_not_spin_the_loop():
    """A TimeUp refused (e.g. raced by the host) leaves its deadline standing in the past."""
    assert pause_for(TICK, now=100.0, deadline=99.5, tried_until=99.99) == TICK
