"""A save with 1,000 versions in the history, against a save with one, in the same run.

The wizard autosaves a second after each edit (issue 5), so a report collects versions
by the thousand; issue 4 point 4 asks that saving stays cheap as they grow, at most
TARGET_RATIO times a save of a report with one version. The history is kept out of the
store file that every save rewrites (models/history.py), so a save should cost the same
however long the history is; this measures it.

Two data folders hold the same report (the national-2021 sample); one has a history of
HISTORY_LENGTH versions, the other is recreated for each repeat with version 1 only.
Saves, each changing one cell as an edit would, alternate between the two, and the
least-disturbed repeat of each counts (min over repeats): these machines are shared and
fsync times vary. The long history is built with fsync switched off, since only the
files it leaves matter; the measured saves fsync as always.

Run: python benchmarks/bench_store.py [--quick]
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import Result, run_main  # noqa: E402
from models.exchange import read_exchange  # noqa: E402
from models.report import Report  # noqa: E402
from models.store import Store  # noqa: E402

TARGET_RATIO = 1.2
HISTORY_LENGTH = 1000
NAME = f"历史中已有 {HISTORY_LENGTH} 个版本时保存一次"
SAMPLE = ROOT / "resources" / "samples" / "national-2021-example.json"
EDITED = ("requests", "new", "natural")


@contextmanager
def _without_fsync() -> Iterator[None]:
    real = os.fsync
    os.fsync = lambda _fd: None  # type: ignore[assignment]
    try:
        yield
    finally:
        os.fsync = real


class _Subject:
    """One data folder with the sample report, saved by toggling one cell."""

    def __init__(self, folder: Path, versions: int) -> None:
        self.store = Store.open(folder, session=False, daily_backup=False)
        report, _ = read_exchange(SAMPLE)
        self.report: Report = report
        summary = self.store.create(report, "基准")
        self.id, self.version = summary.id, summary.version
        self.value = 0
        with _without_fsync():
            while self.version < versions:
                self.save()

    def save(self) -> None:
        self.value += 1
        self.report.set(*EDITED, self.value)
        self.version = self.store.save(self.id, self.report, "基准", base_version=self.version).version

    def close(self) -> None:
        self.store.close()


def _time_saves(subject: _Subject, number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        subject.save()
    return (time.perf_counter() - start) / number


def measure(quick: bool = False) -> Result:
    number, repeat = (5, 7) if quick else (10, 15)
    workspace = Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    try:
        long = _Subject(workspace / "long", HISTORY_LENGTH)
        short_times, long_times = [], []
        for index in range(repeat):
            short_dir = workspace / f"short-{index}"
            short = _Subject(short_dir, 1)
            # Alternate which goes first, so neither always meets a warmer cache.
            if index % 2:
                long_times.append(_time_saves(long, number))
                short_times.append(_time_saves(short, number))
            else:
                short_times.append(_time_saves(short, number))
                long_times.append(_time_saves(long, number))
            short.close()
            shutil.rmtree(short_dir)
        long_history = len(long.store.history(long.id))
        long.close()
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    subject, base = min(long_times), min(short_times)
    if long_history < HISTORY_LENGTH:
        raise AssertionError(f"history has {long_history} versions, not {HISTORY_LENGTH}")
    return Result(NAME, subject * 1000, base * 1000, TARGET_RATIO, "只有 1 个版本时保存一次")


if __name__ == "__main__":
    run_main(measure, "草稿库保存的速度基准")
