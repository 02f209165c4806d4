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

import argparse
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
    os.fsync = lambda _fd: None
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


def measure(quick: bool = False) -> dict[str, float | str | bool]:
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
    ratio = subject / base
    return {
        "name": NAME,
        "subject_ms": subject * 1000,
        "floor_ms": base * 1000,
        "ratio": ratio,
        "versions": long_history,
        "target": f"≤ {TARGET_RATIO:g}× 只有 1 个版本时保存一次",
        "holds": ratio <= TARGET_RATIO,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="草稿库保存的速度基准")
    parser.add_argument("--quick", action="store_true", help="较短的测量")
    result = measure(parser.parse_args().quick)
    print(
        f"{result['name']}：{result['subject_ms']:.2f} ms，基准（只有 1 个版本）{result['floor_ms']:.2f} ms，"
        f"比值 {result['ratio']:.2f}（目标 {result['target']}）：{'达标' if result['holds'] else '未达标'}"
    )
    return 0 if result["holds"] else 1


if __name__ == "__main__":
    sys.exit(main())
