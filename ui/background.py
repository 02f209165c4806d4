"""Running long work (export, PDF) off the GUI thread, Anki style (docs/design-notes.md §7.3).

The work itself knows nothing about Qt or threads; its result or its exception comes
back to callbacks that run on the GUI thread, where widgets may be touched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay

    @Slot()
    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # reported to the GUI thread, shown to the clerk
            self._tell(self.relay.failed, error)
        else:
            self._tell(self.relay.succeeded, result)

    @staticmethod
    def _tell(signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            pass  # the app was closed while the work ran: it has finished, nobody is left to tell


_running: set[_Relay] = set()


def run_in_background(
    work: Callable[[], Any], on_success: Callable[[Any], None], on_failure: Callable[[Exception], None]
) -> None:
    """Run work on the thread pool; call on_success(result) or on_failure(error) later.

    The relay lives on the GUI thread, so Qt queues its signals back to it.
    """
    relay = _Relay()
    _running.add(relay)

    def done(callback: Callable[[Any], None], value: Any) -> None:
        _running.discard(relay)
        callback(value)

    relay.succeeded.connect(lambda result: done(on_success, result))
    relay.failed.connect(lambda error: done(on_failure, error))
    QThreadPool.globalInstance().start(_Job(work, relay))
