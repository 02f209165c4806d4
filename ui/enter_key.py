"""Enter in a list inside the wizard: open the chosen item and stop there.

Without this the same key press also reaches the wizard's default button (下一步) and
moves one page further than the clerk chose (found by the keyboard-only test).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QAbstractItemView

if TYPE_CHECKING:  # event classes only in annotations: importing one builds QEvent's big enum
    from PySide6.QtGui import QKeyEvent


def enter_activates(view: QAbstractItemView, event: QKeyEvent, activate: Callable[[], None]) -> bool:
    """Handle Enter on the current item (unless an item is being edited); True if handled."""
    # Imported here: the Qt namespace costs ~14 ms to build, and nothing else on the way
    # to the first window needs it (ui/main_window.py, ReportTable).
    from PySide6.QtCore import Qt

    editing = view.state() == QAbstractItemView.State.EditingState
    if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and view.currentIndex().isValid() and not editing:
        activate()
        event.accept()
        return True
    return False
