"""Starting the GUI: the store, the main window, and the smoke-test mode.

`--exit-after-start` opens the main window and a wizard on the national-2021 sample
(read from resources/, never written to the store), and exits 0 once both are shown:
the start-up benchmark and the smoke tests use it (issue 5, point 7).
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import NoReturn

import ui.pyside_import  # noqa: F401  (first: it makes every later import cheaper)
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ui.app import application

SAMPLE = "national-2021-example.json"


def run(data_dir: Path, exit_after_start: bool = False) -> int:
    app = application(sys.argv[:1])
    from models.store import Store
    from models.store_errors import StoreError

    try:
        store = Store.open(data_dir)
    except StoreError as error:
        from PySide6.QtWidgets import QMessageBox

        _start_up_over()
        QMessageBox.critical(None, "年报", str(error))
        return 2
    from ui.main_window import MainWindow

    user = accounts = None
    if not exit_after_start:
        from models.accounts import Accounts
        from ui.sign_in_dialog import SignInDialog

        accounts = Accounts(data_dir)
        _start_up_over()
        user = SignInDialog.ask(accounts)
        if user is None:
            store.close()
            return 0
    window = MainWindow(store, user, accounts)
    window.show()
    if exit_after_start:
        from models.editing import EditSession
        from models.exchange import read_exchange
        from models.resources import resources_dir
        from ui.wizard import ReportWizard

        report, _ = read_exchange(resources_dir() / "samples" / SAMPLE, trusted=True)
        wizard = ReportWizard(EditSession(report), save=lambda: "（示例，不保存）", parent=window)
        wizard.show()
        if not app.property("chinese_loaded"):
            # A build that lost qtbase_zh_CN.qm would show Qt's buttons in English.
            print("未找到 Qt 的中文翻译（qtbase_zh_CN.qm）", file=sys.stderr)
            return 1
        QTimer.singleShot(0, lambda: app.exit(0 if window.isVisible() and wizard.isVisible() else 1))
    _start_up_over()
    code = app.exec()
    store.close()
    return code


def _start_up_over() -> None:
    """Turn the cyclic garbage collector back on (main.py turns it off for start-up)
    before anything waits for the clerk: a dialog, or the event loop.

    Everything made so far (modules, classes, the formats, the windows) lives as long as
    the app, and all of it sits in the youngest generation: the first collection would
    walk it all (~7 ms, issue 5). gc.freeze() sets it aside for good first; the few
    start-up cycles already garbage by then (some hundreds of objects, once) stay.
    """
    gc.freeze()
    gc.enable()


def end_process(code: int) -> NoReturn:
    """End the process once the window has closed, without Python's own teardown.

    By now every draft is saved (atomically) and the store is closed. Qt is shut down
    properly: deleting the QApplication waits for a running export on the thread pool and
    hands the clipboard to the desktop's clipboard manager. What is skipped is Python
    freeing every module and object one by one, some 30 ms with the GUI loaded, that
    nothing depends on: the operating system releases the lock files and memory.
    """
    app = QApplication.instance()
    if app is not None:
        shiboken6.delete(app)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
