"""View patches: applying the difference of two views gives the new view exactly, and never
changes the old one (pages keep it to compare with)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.live.patches import PatchError, apply, diff

scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(-2, 2, allow_nan=False),
                    st.sampled_from(["", "a", "b", "甲"]))
keys = st.sampled_from(["a", "b", "c", "teams", "score", "0", ""])
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=5)), max_leaves=30)


def encoded(value: Any) -> str:
    """Strict equality as a page sees it: true is not 1, 1 is not 1.0, key order does not matter."""
    return json.dumps(value, sort_keys=True)


@settings(max_examples=400, deadline=None)
@given(json_values, json_values)
def test_apply_of_diff_gives_the_new_view(old: Any, new: Any) -> None:
    before = copy.deepcopy(old)
    ops = diff(old, new)
    assert encoded(apply(old, ops)) == encoded(new)
    assert encoded(old) == encoded(before)  # the old view is untouched
    if encoded(old) == encoded(new):
        assert ops == []


@settings(max_examples=200, deadline=None)
@given(json_values, json_values)
def test_a_patch_survives_json(old: Any, new: Any) -> None:
    """What travels is JSON: the decoded patch on the decoded old view gives the new view."""
    wire = json.loads(json.dumps(diff(old, new)))
    assert encoded(apply(json.loads(json.dumps(old)), wire)) == encoded(new)


@settings(max_examples=200, deadline=None)
@given(st.lists(json_values, min_size=1, max_size=4))
def test_a_chain_of_patches_follows_the_views(views: list[Any]) -> None:
    held = views[0]
    for new in views[1:]:
        held = apply(held, diff(held, new))
    assert encoded(held) == encoded(views[-1])


def teams(n: int, score_of: dict[int, int] | None = None) -> list[dict[str, Any]]:
    score_of = score_of or {}
    return [{"id": f"t{i}", "name": f"队{i}", "score": score_of.get(i, 100), "rank": 1, "members": ["甲", "乙"]}
            for i in range(n)]


def test_one_changed_score_costs_one_small_operation() -> None:
    old = {"version": 7, "teams": teams(100), "phase": "open", "timer": None}
    new = {"version": 8, "teams": teams(100, {42: 110}), "phase": "judged", "timer": None}
    ops = diff(old, new)
    assert sorted(map(str, ops)) == sorted(map(str, [[["version"], 8], [["teams", 42, "score"], 110],
                                                     [["phase"], "judged"]]))
    assert len(json.dumps(ops)) < 80


def test_strict_values() -> None:
    assert diff({"a": 1}, {"a": True}) == [[["a"], True]]
    assert diff([1], [1.0]) == [[[0], 1.0]]
    assert diff({"a": None}, {"a": None}) == []
    assert diff((1, 2), [1, 2]) == []  # a tuple encodes as a JSON array too


def test_lists_grow_and_shrink() -> None:
    assert diff([1, 2], [1, 2, 3]) == [[[2], 3]]
    assert apply([1, 2], [[[2], 3]]) == [1, 2, 3]
    assert diff([1, 2, 3], [1]) == [[[1]]]
    assert apply([1, 2, 3], [[[1]]]) == [1]


def test_a_container_changed_everywhere_is_sent_whole() -> None:
    assert diff({"a": [1, 2, 3]}, {"a": [4, 5, 6]}) == [[["a"], [4, 5, 6]]]
    assert diff({"x": 1, "y": 2}, {"u": 3}) == [[[], {"u": 3}]]


def test_removed_keys() -> None:
    old = {"me": {"team_id": "t1"}, "a": 1, "b": 2, "c": 3}
    assert diff(old, {"a": 1, "b": 2, "c": 3}) == [[["me"]]]


@pytest.mark.parametrize("doc, ops", [
    ({"a": 1}, [[["b", "c"], 1]]),  # no such key on the way
    ({"a": 1}, [[["a", "c"], 1]]),  # a number has no members
    ([1, 2], [[[5], 1]]),  # beyond the end
    ([1, 2], [[["x"], 1]]),  # a list has no keys
    ({"a": 1}, [[["b"]]]),  # nothing to remove
    ({"a": 1}, [[[]]]),  # the document itself
    ({"a": 1}, [["a", 1]]),  # a path must be a list
    ({"a": 1}, {"a": 2}),  # a patch is a list
])
def test_a_patch_that_does_not_fit_is_refused(doc: Any, ops: Any) -> None:
    with pytest.raises(PatchError):
        apply(doc, ops)


def test_apply_copies_only_changed_paths() -> None:
    old = {"teams": teams(3), "rounds": [{"index": 0}]}
    new = apply(old, [[["teams", 1, "score"], 5], [["teams", 2, "score"], 6]])
    assert new["rounds"] is old["rounds"]
    assert new["teams"][0] is old["teams"][0]
    assert old["teams"][1]["score"] == 100 and new["teams"][1]["score"] == 5
    assert new["teams"][2]["score"] == 6
