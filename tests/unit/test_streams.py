"""What each room was sent (live/streams.py): revisions, overtaken and quiet views, team rooms, resume."""

from __future__ import annotations

from quizapp.live.patches import apply
from quizapp.live.streams import KEEP, Streams, resume

ROOM, SHARED, OWN = "c:x:screen", "c:x:teams", "c:x:team:t1"


def view(version: int, phase: str = "open", t: float = 1.0) -> dict:
    return {"version": version, "phase": phase, "server_time": t, "teams": [{"id": "t1", "score": 100}]}


def test_the_first_view_goes_whole_and_the_next_as_a_patch_from_it():
    streams = Streams()
    first, base, ops = streams.record(ROOM, view(1))
    assert first is not None and base is None and ops is None
    second, base, ops = streams.record(ROOM, view(2, "judged"))
    assert base == first.rev != second.rev and apply(first.view, ops) == view(2, "judged")


def test_an_overtaken_view_and_a_clock_only_change_are_not_sent():
    streams = Streams()
    streams.record(ROOM, view(5))
    assert streams.record(ROOM, view(4)) == (None, None, None)  # a publish overtaken by a newer one
    assert streams.record(ROOM, view(5, t=2.0)) == (None, None, None)  # only server_time moved
    assert streams.latest([ROOM]).view == view(5)


def test_a_team_room_starts_from_the_shared_view_and_the_shared_one_then_goes_whole():
    streams = Streams()
    shared, _, _ = streams.record(SHARED, view(1))
    own, base, ops = streams.record(OWN, view(2, "collecting"), bases=(SHARED,))
    assert base == shared.rev and ops is not None
    assert streams.latest([OWN, SHARED]) == own and streams.newer("c:x:team:", than=SHARED)
    back, base, ops = streams.record(SHARED, view(3, "judging"), whole=True)
    assert back is not None and base is None and ops is None


def test_resume_answers_a_patch_from_a_kept_view_else_nothing():
    streams = Streams()
    held, _, _ = streams.record(ROOM, view(1))
    for v in range(2, KEEP + 1):
        streams.record(ROOM, view(v, f"p{v}"))
    latest, message = resume(streams, [ROOM], held.rev)
    assert message is not None and message["base"] == held.rev and message["rev"] == latest.rev
    assert apply(held.view, message["patch"]) == latest.view
    streams.record(ROOM, view(KEEP + 1, "gone"))  # the held view falls out of the kept ones
    assert resume(streams, [ROOM], held.rev)[1] is None
    assert resume(streams, [ROOM], "other-process.1")[1] is None and resume(streams, [ROOM], None)[1] is None
    streams.forget("c:x:")
    assert resume(streams, [ROOM], None) == (None, None)
