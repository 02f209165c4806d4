"""The history file of one report: append-only lines that survive a kill at any moment."""

from __future__ import annotations

import copy

import pytest

from models.changes import diff_documents
from models.exchange import to_document
from models.history import SNAPSHOT_EVERY, History, Version, needs_snapshot
from models.store_errors import HistoryError

CELL_PATH = ("tables", "requests", "new", "natural")


def _versions(document: dict, count: int) -> list[tuple[Version, dict]]:
    """Versions 1..count of a document whose counted cell is the version number."""
    result = []
    previous: dict | None = None
    for number in range(1, count + 1):
        current = copy.deepcopy(document)
        current["tables"]["requests"]["new"]["natural"] = number
        changes = tuple(diff_documents(previous, current)) if previous else ()
        snapshot = current if needs_snapshot(number, changes) else None
        result.append((Version(number, f"2025-01-01T00:00:{number % 60:02d}+08:00", "王科员", "save", "draft", changes, "", snapshot), current))
        previous = current
    return result


@pytest.fixture
def history(tmp_path, clean_national_2021) -> tuple[History, list[tuple[Version, dict]]]:
    """A history of 120 versions of the clean sample, past two snapshots."""
    versions = _versions(to_document(clean_national_2021), 120)
    history = History(tmp_path / "a1b2c3d4e5f6.jsonl")
    for version, _ in versions:
        history.append(version)
    return history, versions


def test_every_version_is_rebuilt_exactly(history):
    history_file, versions = history
    rebuilt = dict((v.version, d) for v, d in history_file.documents())
    assert rebuilt == {v.version: d for v, d in versions}
    assert history_file.document_at(77) == versions[76][1]


def test_only_version_1_and_every_50th_carry_the_whole_document(history):
    history_file, _ = history
    assert [v.version for v in history_file.versions() if v.document is not None] == [1, 50, 100]
    assert SNAPSHOT_EVERY == 50


def test_versions_above_the_stores_are_not_listed(history):
    """A save killed after its history line but before the store file: not acknowledged."""
    history_file, _ = history
    assert [v.version for v in history_file.versions(up_to=3)] == [1, 2, 3]
    with pytest.raises(HistoryError, match="历史记录中没有第 4 版"):
        history_file.document_at(4, up_to=3)


def test_a_version_written_again_replaces_the_unacknowledged_one(history):
    history_file, versions = history
    again = versions[119][0]
    replaced = Version(120, again.saved_at, "李科长", "save", "draft", again.changes, "", None)
    history_file.append(replaced)
    assert [v.saved_by for v in history_file.versions() if v.version == 120] == ["李科长"]
    assert len(history_file.versions()) == 120


def test_a_line_torn_by_a_kill_is_skipped_and_cut_before_the_next_append(history):
    history_file, _ = history
    whole = history_file.path.read_bytes()
    torn = whole + b'{"version": 121, "saved_at": "2025-01-'
    history_file.path.write_bytes(torn)
    assert len(history_file.versions()) == 120
    assert history_file.damaged_lines == 0, "a torn last line is expected, not damage"
    extra = Version(121, "2025-01-02T00:00:00+08:00", "王科员", "save", "draft", (), "", None)
    history_file.append(extra)
    assert history_file.path.read_bytes().startswith(whole)
    assert b"2025-01-'" not in history_file.path.read_bytes()
    assert [v.version for v in history_file.versions()][-2:] == [120, 121]


def test_a_damaged_line_in_the_middle_costs_the_versions_until_the_next_snapshot(history):
    history_file, _ = history
    lines = history_file.path.read_bytes().split(b"\n")
    lines[59] = b"\x00\x00\x00"  # version 60
    history_file.path.write_bytes(b"\n".join(lines))
    rebuilt = [v.version for v, _ in history_file.documents()]
    assert history_file.damaged_lines == 1
    assert rebuilt == list(range(1, 60)) + list(range(100, 121))
    with pytest.raises(HistoryError, match="第 70 版之前的历史记录有损坏"):
        history_file.document_at(70)
    assert history_file.latest() is not None and history_file.latest()[0].version == 120


def test_a_missing_history_is_empty(tmp_path):
    history = History(tmp_path / "none.jsonl")
    assert history.versions() == []
    assert history.latest() is None
    assert not history.exists()


def test_history_lines_keep_chinese_readable(history):
    history_file, _ = history
    assert "王科员" in history_file.path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "line",
    [
        b'{"version": 0, "saved_at": "", "saved_by": "", "action": "save", "status": "draft", "changes": []}',
        b'{"version": 2, "saved_at": 5, "saved_by": "", "action": "save", "status": "draft", "changes": []}',
        b'{"version": 2, "saved_at": "", "saved_by": "", "action": "save", "status": "draft", "changes": [{"path": []}]}',
        b'{"version": 2, "saved_at": "", "saved_by": "", "action": "save", "status": "draft", "changes": [], "document": []}',
        b"[1, 2]",
        b"\xff\xfe",
    ],
    ids=["version 0", "time not text", "change without path", "document not an object", "not an object", "not UTF-8"],
)
def test_lines_of_the_wrong_shape_are_counted_as_damage(tmp_path, line):
    path = tmp_path / "h.jsonl"
    path.write_bytes(line + b"\n")
    history = History(path)
    assert history.versions() == []
    assert history.damaged_lines == 1
