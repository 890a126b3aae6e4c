"""The browser's patch code (static/js/view_patch.js) agrees with the server's (live/patches.py):
patches made in Python and applied in JavaScript give the new view, and leave the held one as it was."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from quizapp.live.patches import diff

JS = Path(__file__).resolve().parents[2] / "quizapp" / "static" / "js" / "view_patch.js"
RUNNER = """
import { readFileSync } from "node:fs";
import { applyPatch } from "./view_patch.mjs";
const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
const out = cases.map(([old, ops]) => {
  const before = JSON.stringify(old);
  let result;
  try { result = applyPatch(old, ops); } catch (err) { return { error: String(err) }; }
  return { result, untouched: JSON.stringify(old) === before };
});
process.stdout.write(JSON.stringify(out));
"""


def value(rng: random.Random, depth: int = 0) -> Any:
    """A small random JSON value; few distinct keys and scalars, so that views overlap."""
    kind = rng.randrange(7 if depth < 3 else 4)
    if kind == 0:
        return rng.choice([None, True, False])
    if kind == 1:
        return rng.choice([0, 1, 2, -1, 1.5])
    if kind in (2, 3):
        return rng.choice(["", "a", "b", "队1"])
    if kind in (4, 5):
        return {rng.choice("abcde"): value(rng, depth + 1) for _ in range(rng.randrange(5))}
    return [value(rng, depth + 1) for _ in range(rng.randrange(5))]


def mutate(rng: random.Random, doc: Any) -> Any:
    """``doc`` with a few random changes (so patches are partial, not whole replacements)."""
    if isinstance(doc, dict) and doc and rng.random() < 0.8:
        out = dict(doc)
        key = rng.choice(list(out) + ["new"])
        if rng.random() < 0.2:
            out.pop(key, None)
        else:
            out[key] = mutate(rng, out.get(key))
        return out
    if isinstance(doc, list) and doc and rng.random() < 0.8:
        out = list(doc)
        roll = rng.random()
        if roll < 0.2:
            out.append(value(rng, 2))
        elif roll < 0.35:
            del out[rng.randrange(len(out)):]
        else:
            i = rng.randrange(len(out))
            out[i] = mutate(rng, out[i])
        return out
    return value(rng, 1)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_javascript_applies_python_patches(tmp_path: Path) -> None:
    rng = random.Random(14)
    cases = []
    for _ in range(400):
        old = value(rng)
        new = old
        for _ in range(rng.randrange(1, 4)):
            new = mutate(rng, new)
        cases.append((old, new, diff(old, new)))
    (tmp_path / "view_patch.mjs").write_text(JS.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "run.mjs").write_text(RUNNER, encoding="utf-8")
    (tmp_path / "cases.json").write_text(json.dumps([[old, ops] for old, _, ops in cases]), encoding="utf-8")
    done = subprocess.run(["node", str(tmp_path / "run.mjs"), str(tmp_path / "cases.json")],
                          capture_output=True, text=True, timeout=60, check=True)
    results = json.loads(done.stdout)
    for (old, new, ops), got in zip(cases, results, strict=True):
        assert "error" not in got, (old, ops, got)
        assert json.dumps(got["result"], sort_keys=True) == json.dumps(new, sort_keys=True), (old, new, ops)
        assert got["untouched"], (old, ops)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_javascript_refuses_a_patch_that_does_not_fit(tmp_path: Path) -> None:
    (tmp_path / "view_patch.mjs").write_text(JS.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "run.mjs").write_text(RUNNER, encoding="utf-8")
    bad = [[{"a": 1}, [[["b", "c"], 1]]], [[1, 2], [[[5], 1]]], [{"a": 1}, [[["b"]]]], [{"a": 1}, [[[]]]]]
    (tmp_path / "cases.json").write_text(json.dumps(bad), encoding="utf-8")
    done = subprocess.run(["node", str(tmp_path / "run.mjs"), str(tmp_path / "cases.json")],
                          capture_output=True, text=True, timeout=60, check=True)
    assert all("error" in r for r in json.loads(done.stdout))
