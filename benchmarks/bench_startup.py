"""Start-up of the app against a bare PySide6 script showing one QWizard.

Both run as fresh processes, interleaved, in the same run; the subject is
`main.py --exit-after-start` (main window and a wizard on the national-2021 sample,
exit once shown), the floor a script that imports PySide6, shows a QWizard with one page
and exits the same way. Target: at most TARGET_RATIO of the floor (issue 5, point 7),
which leaves no room for importing python-docx, jsonschema or other heavy modules at
start. Each side's fastest of 20 runs is compared: a start takes a fifth of a second, and
on a shared machine single runs scatter by a third; the fastest is what the program
itself costs.

Run: python benchmarks/bench_startup.py [--quick]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import Result, fastest_interleaved, run_main  # noqa: E402

TARGET_RATIO = 1.5
NAME = "启动（主窗口和一个向导）"

FLOOR_SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard, QWizardPage
app = QApplication(sys.argv[:1])
wizard = QWizard()
wizard.addPage(QWizardPage())
wizard.show()
QTimer.singleShot(0, lambda: app.exit(0 if wizard.isVisible() else 1))
sys.exit(app.exec())
"""


def _time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def measure(quick: bool = False) -> Result:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    # An installed app runs from cached bytecode; a shell that forbids writing it would
    # make every start compile the whole program, which no user sees.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as data_dir:
        subject_cmd = [sys.executable, str(ROOT / "main.py"), "--data-dir", data_dir, "--exit-after-start"]
        floor_cmd = [sys.executable, "-c", FLOOR_SCRIPT]
        _time(subject_cmd, env)  # warm the file cache and create the data folder once
        _time(floor_cmd, env)
        subject, base = fastest_interleaved(
            lambda: _time(subject_cmd, env), lambda: _time(floor_cmd, env), 3 if quick else 20
        )
    return Result(NAME, subject * 1000, base * 1000, TARGET_RATIO, "只显示一个 QWizard 的 PySide6 脚本")


if __name__ == "__main__":
    run_main(measure, "启动速度基准")
