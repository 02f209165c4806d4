"""Dialogs that never outgrow the screen: long texts scroll inside them.

A QMessageBox grows with its text and cannot scroll: “查看修改…” on a report with many
changes opened one 1932 px tall, its 确定 below the bottom of a 768 px screen (issue 14
point 4). Texts that may be long (changes, the problems that stop a submission, import
notices, a step's summary) are shown here instead, in a scrolling text area, in a
window sized to its text but never beyond the screen's available area. Short messages
keep Qt's own message box (`message`): it is what clerks know.
"""

from __future__ import annotations

import html

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTextBrowser, QVBoxLayout, QWidget

SHORT_LINES = 12
SHORT_CHARACTERS = 500
"""A message this short fits a message box on any screen the program supports (1366×768)."""
FRAME_ALLOWANCE = 48
"""Pixels kept free around a dialog for the window manager's title bar and borders,
which the dialog's own size does not include."""
TEXT_WIDTH = 640


def available_area(widget: QWidget | None):  # -> QRect; typed loosely: QtCore stays unimported
    """The part of the screen a window may use (without task bars), of the widget's screen."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(dialog: QWidget, width: int, height: int) -> None:
    """Resize to width × height, cut to the available screen, and centre on it
    (on the parent when it has one), so that the whole dialog, buttons included, shows."""
    area = available_area(dialog.parentWidget() or dialog)
    width = min(width, area.width() - FRAME_ALLOWANCE)
    height = min(height, area.height() - 2 * FRAME_ALLOWANCE)
    dialog.setMaximumSize(area.width() - FRAME_ALLOWANCE, area.height() - 2 * FRAME_ALLOWANCE)
    dialog.resize(width, height)
    parent = dialog.parentWidget()
    centre = parent.window().frameGeometry().center() if parent is not None and parent.isVisible() else area.center()
    left = max(area.left(), min(centre.x() - width // 2, area.right() - width - FRAME_ALLOWANCE // 2))
    top = max(area.top(), min(centre.y() - height // 2, area.bottom() - height - FRAME_ALLOWANCE))
    dialog.move(left, top)


class LongTextDialog(QDialog):
    """A title, a scrolling text (plain or HTML) and 确定, or a confirming button and 取消.

    Attributes:
        text: the text area (read-only; its text can be selected and copied).
    """

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        *,
        text: str = "",
        html_text: str = "",
        accept_text: str = "确定",
        reject_text: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setSizeGripEnabled(True)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setAccessibleName(title)
        if html_text:
            self.text.setHtml(html_text)
        else:
            self.text.setPlainText(text)
        buttons = QDialogButtonBox()
        self.accept_button = buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.reject_button = buttons.addButton(reject_text, QDialogButtonBox.ButtonRole.RejectRole) if reject_text else None
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.accept_button.setDefault(True)
        # With a choice to make, the safe answer has the focus: Enter does not confirm by accident.
        (self.reject_button or self.accept_button).setFocus()
        self._fit()

    def _fit(self) -> None:
        document = self.text.document()
        document.setTextWidth(TEXT_WIDTH)
        margins = self.layout().contentsMargins()
        chrome = margins.top() + margins.bottom() + self.layout().spacing() + self.accept_button.sizeHint().height()
        frame = 2 * (self.text.frameWidth() + int(document.documentMargin())) + 8
        height = int(document.size().height()) + frame + chrome
        width = TEXT_WIDTH + frame + margins.left() + margins.right() + self.text.verticalScrollBar().sizeHint().width()
        fit_to_screen(self, width, max(height, 160))


def show_text(parent: QWidget | None, title: str, *, text: str = "", html_text: str = "") -> None:
    """Show a text that may be long; returns when the reader closes it."""
    LongTextDialog(parent, title, text=text, html_text=html_text).exec()


def confirm(parent: QWidget | None, title: str, html_text: str, accept_text: str) -> bool:
    """Ask before a step that cannot be taken back; True when the reader confirms."""
    dialog = LongTextDialog(parent, title, html_text=html_text, accept_text=accept_text, reject_text="取消")
    return dialog.exec() == QDialog.DialogCode.Accepted


def is_short(text: str) -> bool:
    return text.count("\n") < SHORT_LINES and len(text) <= SHORT_CHARACTERS


def message(parent: QWidget | None, title: str, text: str, kind: str = "warning") -> None:
    """A message of any length: Qt's message box when it is short, else a scrolling dialog.

    kind: "warning" or "information" (the message box's icon).
    """
    if is_short(text):
        getattr(QMessageBox, kind)(parent, title, text)
    else:
        show_text(parent, title, text=text)


def escaped(text: str) -> str:
    """Text for the HTML of these dialogs: markup characters shown as typed."""
    return html.escape(text, quote=False)
