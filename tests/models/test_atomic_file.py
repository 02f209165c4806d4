"""Atomic writes (docs/design-notes.md §2.1): the old file or the new one, never half of each."""

from __future__ import annotations

import os

import pytest

from models.atomic_file import open_atomic, write_atomic


def test_a_block_that_fails_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "backup.zip"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with open_atomic(target) as file:
            file.write(b"half of the new")
            raise RuntimeError("interrupted")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["backup.zip"]


def test_a_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "store.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert (target.read_bytes(), target.stat().st_mode & 0o777) == (b"new", 0o640)


def test_replace_is_retried_while_windows_holds_the_file(tmp_path, monkeypatch):
    """An antivirus or indexer may hold the target for a moment (docs/design-notes.md §2.1)."""
    real_replace = os.replace
    refusals = []

    def busy_twice(source, target):
        if len(refusals) < 2:
            refusals.append(target)
            raise PermissionError(13, "The process cannot access the file")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", busy_twice)
    write_atomic(tmp_path / "store.json", b"new")
    assert len(refusals) == 2
    assert (tmp_path / "store.json").read_bytes() == b"new"


def test_a_file_held_for_too_long_fails_and_leaves_the_old_one(tmp_path, monkeypatch):
    (tmp_path / "store.json").write_bytes(b"old")

    def always_busy(_source, _target):
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", always_busy)
    with pytest.raises(PermissionError):
        write_atomic(tmp_path / "store.json", b"new")
    assert (tmp_path / "store.json").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["store.json"]


def test_only_a_durable_write_waits_for_the_disk(tmp_path, monkeypatch):
    """session.json is written at every start: without fsync, since losing it costs nothing."""
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    write_atomic(tmp_path / "session.json", b"{}", durable=False)
    assert synced == [] and (tmp_path / "session.json").read_bytes() == b"{}"
    write_atomic(tmp_path / "store.json", b"{}")
    assert len(synced) >= 1, "the store file is flushed to the disk before it replaces the old one"
