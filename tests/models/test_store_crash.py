"""Kill -9 at random moments: the store always opens, and no acknowledged save is lost
(issue 4 point 10).

Two writer processes (tests/models/store_child.py crash-writer) save one report each, in
the same data folder, printing an acknowledgement after each save returns. Each is
killed with SIGKILL and restarted until KILLS kills in all have landed in the middle of a
write (history append, temporary file, fsync, os.replace), as judged from what the kill
left behind; a few more kills land while the process is still opening the store. After
every kill the store must open, and the report's version must be at least the last
acknowledged one; at the end every acknowledged version must be in the history with the
value that was saved.

Nothing here depends on the machine's speed: a kill is timed from the writer's own
acknowledgements (a random fraction of the time its last save took, after two saves), so
it lands at a random phase of a save however fast or loaded the machine is, and the test
counts kills that landed during a write instead of assuming how many will.
"""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from pathlib import Path

from models.formats import get_format
from models.history import History
from models.report import Report
from models.store import Store
from tests.conftest import ROOT

KILLS = 200
"""Kills that must land during a write, in all lanes."""
LANES = 2
MAX_ATTEMPTS = 1000
"""Per lane. A kill at a random phase of a save lands during a write about half the time,
so a lane needs about 200 attempts; this bound only stops a writer that no longer writes."""
CHILD = Path(__file__).resolve().parent / "store_child.py"
CELL = ("requests", "new", "natural")


def _interrupted(data_dir: Path, report_id: str) -> str | None:
    """Which write a kill interrupted, judged from what it left behind (None: between saves)."""
    if list(data_dir.glob(".store.json.*.tmp")):
        return "store file"
    history = (data_dir / "history" / f"{report_id}.jsonl").read_bytes()
    if not history.endswith(b"\n"):
        return "history line"
    with Store.open(data_dir, session=False, daily_backup=False) as store:
        stored = store.summary(report_id).version
    if History(data_dir / "history" / f"{report_id}.jsonl").versions()[-1].version > stored:
        return "between history and store file"
    return None


def _run_lane(
    data_dir: Path, report_id: str, seed: int, acked: dict[int, int], interrupted: list[str], failures: list[str]
) -> None:
    rng = random.Random(seed)
    landed = 0
    for attempt in range(MAX_ATTEMPTS):
        if landed >= KILLS // LANES:
            return
        child = subprocess.Popen(
            [sys.executable, str(CHILD), "crash-writer", str(data_dir), report_id],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert child.stdout is not None and child.stderr is not None
        mid_write = rng.random() >= 0.05
        if not mid_write:
            time.sleep(rng.uniform(0.0, 0.25))  # while it starts and opens the store; not counted
        else:
            lines = [child.stdout.readline() for _ in range(2)]
            started = time.monotonic()
            lines.append(child.stdout.readline())
            one_save = time.monotonic() - started
            if lines[0] != "ready\n" or not all(line.startswith("ack ") for line in lines[1:]):
                child.kill()
                child.wait()
                failures.append(f"writer did not save: {lines} {child.stderr.read()}")
                return
            time.sleep(rng.uniform(0.0, one_save))
        child.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no clean-up runs
        child.wait()
        for line in [*(lines if mid_write else []), *child.stdout.read().splitlines()]:
            if line.startswith("ack "):
                _, version, value = line.split()
                acked[int(version)] = int(value)
        errors = child.stderr.read()
        child.stdout.close()
        child.stderr.close()
        if errors.strip():
            failures.append(f"kill {attempt}: the writer failed by itself:\n{errors}")
            return
        where = _interrupted(data_dir, report_id)
        if where:
            interrupted.append(where)
            landed += mid_write
        try:
            with Store.open(data_dir, session=False, daily_backup=False) as store:
                stored = store.summary(report_id).version
        except Exception as error:  # noqa: BLE001 - any failure to open is what we look for
            failures.append(f"kill {attempt}: the store did not open: {error!r}")
            return
        if acked and stored < max(acked):
            failures.append(f"kill {attempt}: version {max(acked)} was acknowledged, the store has {stored}")
            return
    failures.append(f"only {landed} of {MAX_ATTEMPTS} kills landed during a write: is the writer still writing?")


def test_kill_9_at_random_moments_never_loses_an_acknowledged_save(data_dir):
    ids = []
    with Store.open(data_dir) as store:
        for lane in range(LANES):
            report = Report.new(get_format("national-2021"), f"示例县第{lane + 1}办公室", 2024)
            ids.append(store.create(report, "王科员").id)
    acked: list[dict[int, int]] = [{} for _ in ids]
    failures: list[str] = []
    interrupted: list[str] = []
    lanes = [
        threading.Thread(
            target=_run_lane, args=(data_dir, report_id, 4 + index, acked[index], interrupted, failures)
        )
        for index, report_id in enumerate(ids)
    ]
    for lane in lanes:
        lane.start()
    for lane in lanes:
        lane.join()
    assert not failures, "\n".join(failures)
    print(f"{len(interrupted)} kills interrupted a write: " + ", ".join(f"{w} {interrupted.count(w)}" for w in sorted(set(interrupted))))
    assert len(interrupted) >= KILLS

    with Store.open(data_dir) as store:
        assert not list(data_dir.glob(".store.json.*.tmp")), "leftovers of killed writes are cleaned up on open"
        for report_id, saved in zip(ids, acked):
            summary = store.summary(report_id)
            history = History(data_dir / "history" / f"{report_id}.jsonl")
            values = {v.version: d["tables"][CELL[0]][CELL[1]][CELL[2]] for v, d in history.documents(up_to=summary.version)}
            assert sorted(values) == list(range(1, summary.version + 1)), "every version once, none missing"
            missing = {v: value for v, value in saved.items() if values.get(v) != value}
            assert not missing, f"acknowledged saves not in the history: {missing}"
            assert store.load(report_id).report.get(*CELL) == values[summary.version]
