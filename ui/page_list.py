"""The list of the wizard's pages beside it: one click to any page, a badge on each.

Badges count errors and warnings still without a note (models/editing.py decides),
and a supervisor's comments not yet dealt with (models/comments.open_counts); this
widget only draws them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from models.editing import EditSession
from ui.enter_key import enter_activates

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

ERROR_COLOUR = QColor("#b00020")
WARNING_COLOUR = QColor("#8a5a00")
COMMENT_COLOUR = QColor("#0b4f9c")
COMMENT_BACKGROUND = QColor("#e3eefb")


def badge_text(errors: int, warnings: int, comments: int = 0) -> str:
    parts = [f"意见 {comments}"] if comments else []
    if errors:
        parts.append(f"错误 {errors}")
    if warnings:
        parts.append(f"警告 {warnings}")
    return "（" + "，".join(parts) + "）" if parts else ""


class _PageListWidget(QListWidget):
    """Enter opens the chosen page and stops there: otherwise the same key press also
    reaches the wizard's default button (下一步) and moves one page further."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if not enter_activates(self, event, lambda: self.itemActivated.emit(self.currentItem())):
            super().keyPressEvent(event)


class PageList(QWidget):
    """The page list and the save status under it.

    Signals:
        page_chosen(int): the index of the page the clerk clicked.
    """

    page_chosen = Signal(int)

    def __init__(self, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.pages = session.pages()
        self.open_comments: dict[str, int] = {}
        self.list = _PageListWidget()
        self.list.setAccessibleName("报告各页")
        self.list.setWordWrap(True)
        # Wide enough for a heading in two lines, measured in the user's font (no pixels).
        self.list.setMinimumWidth(self.fontMetrics().horizontalAdvance("四、政府信息公开行政复议") + 24)
        for page in self.pages:
            self.list.addItem(QListWidgetItem(page.title))
        self.list.itemClicked.connect(lambda item: self.page_chosen.emit(self.list.row(item)))
        self.list.itemActivated.connect(lambda item: self.page_chosen.emit(self.list.row(item)))
        self.saved = QLabel("打开后尚未修改")
        self.saved.setAccessibleName("保存状态")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.saved)
        self.refresh()

    def refresh(self) -> None:
        for index, page in enumerate(self.pages):
            item = self.list.item(index)
            if page.kind == "export":
                item.setText(page.title)
                continue
            errors, warnings = self.session.badge(page.key)
            comments = self.open_comments.get(page.key, 0)
            item.setText(page.title + badge_text(errors, warnings, comments))
            colour = ERROR_COLOUR if errors else COMMENT_COLOUR if comments else WARNING_COLOUR if warnings else None
            item.setForeground(QBrush(colour) if colour else QBrush())
            item.setBackground(QBrush(COMMENT_BACKGROUND) if comments else QBrush())
            findings = badge_text(errors, warnings).strip("（）") or "没有问题"
            item.setToolTip(f"审核意见 {comments} 条未处理；{findings}" if comments else findings)

    def set_open_comments(self, counts: dict[str, int]) -> None:
        """Mark the pages with comments not yet dealt with (page key → how many)."""
        self.open_comments = dict(counts)
        self.refresh()

    def comments_of(self, key: str) -> int:
        """How many open comments the page's entry shows (for tests and screen readers)."""
        return self.open_comments.get(key, 0)

    def select(self, index: int) -> None:
        self.list.setCurrentRow(index)

    def badge_of(self, key: str) -> str:
        """The badge text of a page (for tests and screen readers)."""
        return badge_text(*self.session.badge(key))
