"""The bank catalog keeps parsed banks and follows the files: edits, new files and deletions show up."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quizapp.core.errors import DomainError
from quizapp.services.catalog import Catalog


def bank_yaml(bank_id: str, *stems: str) -> str:
    lines = [f"bank: {{id: {bank_id}, title: 题库{bank_id}}}", "questions:"]
    for n, stem in enumerate(stems, 1):
        lines += [f"  - id: {bank_id}-{n}", "    type: true_false", f"    stem: {stem}", "    answer: true",
                  "    explanation: 常识"]
    return "\n".join(lines) + "\n"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    root, imported = tmp_path / "questions", tmp_path / "instance" / "banks"
    (root / "banks").mkdir(parents=True)
    (root / "presets").mkdir()
    imported.mkdir(parents=True)
    (root / "banks" / "shipped.yaml").write_text(bank_yaml("shipped", "地球是圆的"), encoding="utf-8")
    return root, imported


def write(path: Path, text: str, bump: float = 0.0) -> None:
    path.write_text(text, encoding="utf-8")
    if bump:  # the same size written within the file system's time resolution: move mtime on explicitly
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + int(bump * 1e9)))


def test_a_changed_new_or_removed_file_shows_up_after_the_check_interval(folders):
    root, imported = folders
    clock = Clock()
    catalog = Catalog(imported, root=root, clock=clock)
    assert set(catalog.banks) == {"shipped"} and catalog.shipped_ids() == {"shipped"}

    club = imported / "club.yaml"
    write(club, bank_yaml("club", "水在零度结冰"))
    assert "club" not in catalog.banks  # not looked at again within the second
    clock.now += 1.0
    assert catalog.question("club-1").stem == "水在零度结冰"
    assert catalog.shipped_ids() == {"shipped"}

    write(club, bank_yaml("club", "水在零度结冰", "一年有四季"))
    clock.now += 1.0
    assert [q.stem for q in catalog.banks["club"].questions] == ["水在零度结冰", "一年有四季"]

    write(club, bank_yaml("club", "冰在零度融化", "一年有四季"), bump=2)  # same size, later mtime
    clock.now += 1.0
    assert catalog.question("club-1").stem == "冰在零度融化"

    club.unlink()
    clock.now += 1.0
    assert "club" not in catalog.banks
    with pytest.raises(DomainError):
        catalog.question("club-1")


def test_unchanged_files_are_not_parsed_again(folders, monkeypatch):
    root, imported = folders
    clock = Clock()
    catalog = Catalog(imported, root=root, clock=clock)
    first = catalog.banks["shipped"]
    parsed: list[Path] = []
    import quizapp.services.catalog as module

    real = module.load_bank
    monkeypatch.setattr(module, "load_bank", lambda path: parsed.append(path) or real(path))
    for _ in range(3):
        clock.now += 1.0
        assert catalog.banks["shipped"] is first
    assert parsed == []
    write(imported / "new.yaml", bank_yaml("new", "太阳从东方升起"))
    catalog.reload()  # after an import: no waiting for the interval
    assert parsed == [imported / "new.yaml"] and "new" in catalog.banks


def test_a_file_broken_while_being_edited_keeps_its_last_good_version(folders):
    root, imported = folders
    clock = Clock()
    club = imported / "club.yaml"
    write(club, bank_yaml("club", "水在零度结冰"))
    catalog = Catalog(imported, root=root, clock=clock)
    assert "club" in catalog.banks  # read once, as a running server has by the time someone edits
    write(club, "bank: {id: club\nquestions: [")
    clock.now += 1.0
    assert catalog.question("club-1").stem == "水在零度结冰"
    write(imported / "broken.yaml", "questions: [")
    clock.now += 1.0
    assert set(catalog.banks) == {"shipped", "club"}
    write(club, bank_yaml("club", "一年有四季"))
    clock.now += 1.0
    assert catalog.question("club-1").stem == "一年有四季"


def test_the_shipped_banks_and_presets_load_by_default():
    catalog = Catalog()
    assert catalog.shipped_ids() == set(catalog.banks) and "party-constitution" in catalog.banks
    assert catalog.presets and catalog.sports_presets
