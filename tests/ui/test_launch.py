"""Starting the app: the smoke mode the benchmark uses, and a command line without Qt."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import EVENT_CAP_SECONDS, ROOT, SAMPLES


def test_exit_after_start_shows_the_main_window_and_a_wizard_then_exits_0(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(tmp_path), "--exit-after-start"],
        env=env, capture_output=True, text=True, timeout=EVENT_CAP_SECONDS,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "store.json").exists(), "the store was opened in the given folder"


def test_the_command_line_never_loads_qt(tmp_path):
    script = (
        "import sys, main\n"
        f"main.main(['--data-dir', {str(tmp_path)!r}, 'import', {str(SAMPLES / 'hengyang-2013.json')!r}])\n"
        f"main.main(['check', {str(SAMPLES / 'hengyang-2013.json')!r}])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=EVENT_CAP_SECONDS
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_closing_while_an_export_runs_lets_it_finish_then_ends_quietly(tmp_path):
    """end_process skips Python's teardown, not Qt's: the thread pool's work completes.

    Counted in events, not seconds: the app quits only once the work has started, and
    the work cannot finish before the QApplication is being deleted, since it waits for
    a post routine, which Qt calls only from that deletion (before it waits for the
    thread pool). So the work is certainly still running at close, and it completes
    only if end_process deletes the application and Qt waits for the work, on any
    machine; were Qt's teardown skipped too, the work would never be let go."""
    written = tmp_path / "exported.docx"
    script = (
        "import threading\n"
        "import ui.pyside_import\n"
        "from PySide6.QtCore import QTimer, qAddPostRoutine\n"
        "from ui.app import application\n"
        "from ui.background import run_in_background\n"
        "from ui.launch import end_process\n"
        "app = application([])\n"
        "started, app_deleted = threading.Event(), threading.Event()\n"
        "qAddPostRoutine(app_deleted.set)\n"
        "def work():\n"
        "    started.set()\n"
        "    app_deleted.wait()\n"
        f"    open({str(written)!r}, 'w').write('done')\n"
        "run_in_background(work, print, print)\n"
        "started.wait()\n"
        "QTimer.singleShot(0, app.quit)\n"
        "end_process(app.exec())\n"
        "print('not reached')\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=EVENT_CAP_SECONDS
    )
    assert result.returncode == 0, result.stderr
    assert written.read_text() == "done", "the export running at close was finished, not cut off"
    assert result.stdout == "" and "Error" not in result.stderr, result.stdout + result.stderr


def test_the_cheaper_import_check_is_installed_and_answers_as_pyside6_does():
    """ui/pyside_import.py replaces a private PySide6 check; this notices if PySide6 moves it."""
    import importlib

    import ui.pyside_import as fast
    import ui.wizard
    import models.store

    feature = sys.modules["shibokensupport.feature"]
    assert feature._mod_uses_pyside is fast.uses_pyside
    modules = (ui.wizard, models.store, importlib.import_module("json"), sys, sys.modules["PySide6.QtWidgets"])
    for module in modules:
        assert fast.uses_pyside(module) == fast._original(module), module.__name__
    assert fast.uses_pyside(ui.wizard), "a module that imports PySide6 classes"


def _start_up_then(data_dir, before: str, report: str) -> list[str]:
    """Run the smoke start (main window and a wizard on the sample) in a fresh interpreter,
    after `before`; what `report` prints afterwards, as words (the exit code first)."""
    script = (
        "import gc, sys\n"
        "from pathlib import Path\n"
        f"{before}\n"
        "import ui.launch\n"
        "import PySide6.QtCore\n"
        f"code = ui.launch.run(Path({str(data_dir)!r}), exit_after_start=True)\n"
        f"print(code, {report})\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=EVENT_CAP_SECONDS
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_first_windows_come_up_without_building_the_qt_namespace(tmp_path):
    """PySide6 builds its Qt namespace (93 enum types, ~14 ms, a tenth of a bare Qt
    start) on first use; the main window and the wizard's first page must not need it
    (issue 5, point 7), or start-up regresses without any test noticing."""
    assert _start_up_then(tmp_path, "", "'Qt' in vars(PySide6.QtCore)") == ["0", "False"]


def test_start_up_turns_the_collector_back_on_with_its_own_objects_set_aside(tmp_path):
    """main.py turns the cyclic collector off for start-up; a long session must collect
    again, and the first collection must not walk everything start-up made."""
    words = _start_up_then(tmp_path, "gc.disable()", "gc.isenabled(), gc.get_freeze_count() > 10000")
    assert words == ["0", "True", "True"]
