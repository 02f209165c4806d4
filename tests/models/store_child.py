"""A second process on a data folder, for the tests that need a real one.

Run as `python tests/models/store_child.py MODE DATA_DIR [ARGS]` (not collected by
pytest). Each mode prints one line per event, flushed at once, so that the parent sees
every acknowledgement even when it kills this process right after:

- crash-writer ID: save report ID over and over, printing “ack VERSION VALUE” after
  each save returns (tests/models/test_store_crash.py kills it with SIGKILL).
- writer ID COUNT: save report ID COUNT times; on a conflict with another writer, reload
  as the wizard would and go on. Prints “ack VERSION VALUE” and, at the end, “done”.
- hold-session: open the store as the editing window and keep it open until stdin closes.
- hold-write-lock: hold the write lock until stdin closes.
- read-only ID: on a folder the parent made read-only, open the store as a window and
  as a command, try to save report ID through each, and print what happened as JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from models.formats import get_format  # noqa: E402
from models.report import Report  # noqa: E402
from models.store import Store  # noqa: E402
from models.store_errors import StoreConflictError, StoreError  # noqa: E402

CELL = ("requests", "new", "natural")


def _report_like(store: Store, report_id: str) -> tuple[Report, int, int]:
    """A report equal to the stored one, built without reading it through the schema.

    The tests create the report as Report.new(national-2021, organization, year); only
    the counted cell changes afterwards. Building it the same way keeps this process's
    start-up short, which is what lets the crash test kill it 200 times in a minute.
    """
    document = store.document(report_id)
    report = Report.new(get_format(document["format"]), document["organization"], document["year"])
    value = document["tables"][CELL[0]][CELL[1]][CELL[2]] or 0
    report.set(*CELL, value)
    return report, value, store.summary(report_id).version


def crash_writer(data_dir: Path, report_id: str) -> None:
    store = Store.open(data_dir, session=False)
    report, value, version = _report_like(store, report_id)
    print("ready", flush=True)
    while True:
        value += 1
        report.set(*CELL, value)
        version = store.save(report_id, report, "crash-writer", base_version=version).version
        print(f"ack {version} {value}", flush=True)


def writer(data_dir: Path, report_id: str, count: int, who: str) -> None:
    store = Store.open(data_dir, session=False)
    print("ready", flush=True)
    sys.stdin.readline()  # start together with the other writer
    report, _value, version = _report_like(store, report_id)
    done = 0
    while done < count:
        value = int(f"{who[-1]}{done:04d}") if who[-1].isdigit() else done
        report.set(*CELL, value)
        try:
            version = store.save(report_id, report, who, base_version=version).version
        except StoreConflictError:
            report, _value, version = _report_like(store, report_id)
            continue
        print(f"ack {version} {value}", flush=True)
        done += 1
    print("done", flush=True)


def hold(data_dir: Path, what: str) -> None:
    if what == "session":
        store = Store.open(data_dir)
        print("ready" if not store.read_only else "read-only", flush=True)
        sys.stdin.read()
        store.close()
    else:
        store = Store.open(data_dir, session=False)
        with store._write_lock.held("测试"):
            print("ready", flush=True)
            sys.stdin.read()


def read_only(data_dir: Path, report_id: str) -> None:
    result: dict[str, object] = {}
    with Store.open(data_dir) as window:
        result["window_read_only"] = window.read_only
        result["window_reason"] = window.read_only_reason
        report = window.load(report_id).report
        report.set(*CELL, 999)
        try:
            window.save(report_id, report, "只读测试")
            result["window_save"] = "saved"
        except StoreError as error:
            result["window_save"] = f"{type(error).__name__}: {error}"
    with Store.open(data_dir, session=False) as command:
        result["listed"] = [s.id for s in command.summaries()]
        try:
            command.save(report_id, report, "只读测试")
            result["command_save"] = "saved"
        except StoreError as error:
            result["command_save"] = f"{type(error).__name__}: {error}"
    print(json.dumps(result, ensure_ascii=False), flush=True)


def main() -> None:
    mode, data_dir = sys.argv[1], Path(sys.argv[2])
    if mode == "crash-writer":
        crash_writer(data_dir, sys.argv[3])
    elif mode == "writer":
        writer(data_dir, sys.argv[3], int(sys.argv[4]), sys.argv[5])
    elif mode == "hold-session":
        hold(data_dir, "session")
    elif mode == "hold-write-lock":
        hold(data_dir, "write-lock")
    elif mode == "read-only":
        read_only(data_dir, sys.argv[3])
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
