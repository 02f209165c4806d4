"""Saving a second after the last edit, so that a clerk never has to remember to save.

Each accepted edit restarts a one-second single-shot timer; the wizard also saves on
page change and on close (flush). The save itself is the store's (crash-safe) job.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

DELAY_MS = 1000


class Autosaver(QObject):
    """Signals:
    saved(str): the time of the save as HH:MM, for “已保存 HH:MM”.
    failed(str): the Chinese message of a failed save; the draft stays in memory.
    """

    saved = Signal(str)
    failed = Signal(str)

    def __init__(self, save: Callable[[], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self.pending = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.flush)

    def changed(self) -> None:
        self.pending = True
        self.timer.start()

    def flush(self) -> None:
        """Save now if anything changed since the last save."""
        self.timer.stop()
        if not self.pending:
            return
        try:
            when = self._save()
        except Exception as error:  # shown to the clerk; the edit is kept and retried
            self.failed.emit(f"保存失败：{error}。修改仍保留在窗口中，稍后会再次尝试保存。")
            self.timer.start()
            return
        self.pending = False
        self.saved.emit(when)
