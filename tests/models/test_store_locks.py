"""Two processes on one data folder (issue 4 point 7): a second window gets a clear message
and read-only access, writers wait for each other, and no update is ever lost.

The other process is a real one (tests/models/store_child.py), since flock and msvcrt
locks are per process; a few checks also use two Store objects in this process, which
the lock keeps apart just the same (each has its own open file description).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from models import store_locks
from models.formats import get_format
from models.history import History
from models.report import Report
from models.store import Store
from models.store_errors import StoreBusyError, StoreReadOnlyError
from models.store_locks import current_user
from tests.conftest import EVENT_CAP_SECONDS, ROOT

CHILD = Path(__file__).resolve().parent / "store_child.py"
CELL = ("requests", "new", "natural")


@contextmanager
def _other_process(*args: str) -> Iterator[subprocess.Popen[str]]:
    child = subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        yield child
    finally:
        if child.poll() is None:
            assert child.stdin is not None
            child.stdin.close()
            child.wait(timeout=EVENT_CAP_SECONDS)
        for stream in (child.stdin, child.stdout, child.stderr):
            if stream is not None and not stream.closed:
                stream.close()


def _counting_report(organization: str) -> Report:
    # The shape store_child.py rebuilds: Report.new, then only the counted cell changes.
    return Report.new(get_format("national-2021"), organization, 2024)


def test_a_second_window_opens_read_only_with_a_message_naming_the_first(data_dir, clean_national_2021):
    with Store.open(data_dir) as store:
        summary = store.create(clean_national_2021, "王科员")
    with _other_process("hold-session", str(data_dir)) as first_window:
        assert first_window.stdout is not None
        assert first_window.stdout.readline() == "ready\n"
        with Store.open(data_dir) as second:
            assert second.read_only
            assert "已在另一个窗口中打开" in second.read_only_reason
            assert "只读" in second.read_only_reason
            assert current_user() in second.read_only_reason, "the message names who has it open"
            assert second.load(summary.id).report.get(*CELL) == 186, "reading still works"
            report = second.load(summary.id).report
            report.set(*CELL, 1)
            with pytest.raises(StoreReadOnlyError, match="未能保存报告：这个草稿库已在另一个窗口中打开"):
                second.save(summary.id, report, "李科长")
            assert not second.try_become_writer()
            assert first_window.stdin is not None
            first_window.stdin.close()
            first_window.wait(timeout=EVENT_CAP_SECONDS)
            assert second.try_become_writer(), "once the first window closes, “重试” makes it editable"
            assert second.save(summary.id, report, "李科长").version == 2


def test_a_window_that_waits_gets_the_store_when_the_first_closes(data_dir, monkeypatch):
    """Counted in events, not seconds: the first window closes at the moment the second
    has been refused the session lock, so the second certainly waited for it, and it
    gets the store on its next try (its wait is only a cap no machine reaches)."""
    first = Store.open(data_dir)
    refusals: list[Path] = []
    lock_without_waiting = store_locks._lock_without_waiting

    def lock_or_else_close_the_first(path: Path) -> int:
        try:
            return lock_without_waiting(path)
        except store_locks._HeldElsewhere:
            refusals.append(path)
            first.close()  # the first window closes while the second waits
            raise

    monkeypatch.setattr(store_locks, "_lock_without_waiting", lock_or_else_close_the_first)
    try:
        with Store.open(data_dir, wait=EVENT_CAP_SECONDS) as second:
            assert not second.read_only
    finally:
        if not refusals:
            first.close()
    assert len(refusals) == 1, "refused once while the first window was open, then given the store"


def test_restoring_a_backup_is_refused_while_a_window_has_the_store_open(data_dir, clean_national_2021, tmp_path):
    with Store.open(data_dir) as window:
        window.create(clean_national_2021, "王科员")
        window.backup_to(tmp_path / "备份.zip", "王科员")
        with Store.open(data_dir, session=False) as command_line:
            with pytest.raises(StoreBusyError, match="请先关闭另一个窗口再恢复备份"):
                command_line.restore_from(tmp_path / "备份.zip", "李科长")


def test_a_killed_window_leaves_no_lock_behind(data_dir):
    """The operating system drops the locks of a dead process: no stale lock file can
    keep the clerk out after a crash."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), "hold-session", str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert child.stdout is not None and child.stdin is not None
    assert child.stdout.readline() == "ready\n"
    child.kill()
    child.wait()
    child.stdout.close()
    child.stdin.close()
    with Store.open(data_dir) as store:
        assert not store.read_only


def test_a_writer_waits_for_the_lock_and_then_gives_up_with_a_message(data_dir, clean_national_2021):
    with Store.open(data_dir) as store:
        summary = store.create(clean_national_2021, "王科员")
    before = (data_dir / "store.json").read_bytes()
    with _other_process("hold-write-lock", str(data_dir)) as holder:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "ready\n"
        with Store.open(data_dir, session=False, lock_timeout=0.3, daily_backup=False) as store:
            clean_national_2021.set(*CELL, 1)
            with pytest.raises(StoreBusyError) as raised:
                store.save(summary.id, clean_national_2021, "李科长")
    assert "正被另一个程序写入" in str(raised.value) and "没有做任何改动" in str(raised.value)
    assert (data_dir / "store.json").read_bytes() == before


def _start_writers(data_dir: Path, jobs: list[tuple[str, int, str]]) -> list[list[tuple[int, int]]]:
    """Run writers at the same moment; return each one's acknowledged (version, value)."""
    children = [
        subprocess.Popen(
            [sys.executable, str(CHILD), "writer", str(data_dir), report_id, str(count), who],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for report_id, count, who in jobs
    ]
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n"
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    results = []
    for child in children:
        out, err = child.communicate(timeout=EVENT_CAP_SECONDS)
        assert child.returncode == 0, err
        lines = out.splitlines()
        assert lines[-1] == "done", out
        results.append([(int(v), int(x)) for _, v, x in (line.split() for line in lines if line.startswith("ack "))])
    return results


def _values_by_version(data_dir: Path, report_id: str, up_to: int) -> dict[int, int]:
    history = History(data_dir / "history" / f"{report_id}.jsonl")
    return {v.version: d["tables"][CELL[0]][CELL[1]][CELL[2]] for v, d in history.documents(up_to=up_to)}


def test_two_processes_saving_different_reports_at_once_lose_nothing(data_dir):
    """Each save re-reads the store file under the write lock, so a save of one report
    never writes back an old copy of the other (the lost update tinydb alone allows)."""
    with Store.open(data_dir) as store:
        first = store.create(_counting_report("甲县"), "王科员").id
        second = store.create(_counting_report("乙县"), "李科长").id
    acks = _start_writers(data_dir, [(first, 40, "writer1"), (second, 40, "writer2")])
    with Store.open(data_dir) as store:
        for report_id, acked in zip((first, second), acks):
            assert store.summary(report_id).version == 41
            values = _values_by_version(data_dir, report_id, 41)
            assert all(values[v] == x for v, x in acked)
            assert store.load(report_id).report.get(*CELL) == acked[-1][1]


def test_two_processes_saving_the_same_report_at_once_lose_nothing(data_dir):
    """Both edit one report: every save either goes in as its own version or is refused
    as a conflict (and redone after reloading); none silently overwrites another."""
    with Store.open(data_dir) as store:
        shared = store.create(_counting_report("丙县"), "王科员").id
    acks = _start_writers(data_dir, [(shared, 30, "writer1"), (shared, 30, "writer2")])
    versions = sorted(v for acked in acks for v, _ in acked)
    assert versions == list(range(2, 62)), "60 saves, 60 versions, each acknowledged once"
    values = _values_by_version(data_dir, shared, 61)
    assert all(values[v] == x for acked in acks for v, x in acked)
    with Store.open(data_dir) as store:
        assert store.summary(shared).version == 61
