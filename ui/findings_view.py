"""The findings of one page, under its grid or text: a header and a short list that scrolls.

A new report's table 三 has 175 findings; shown as one label line each they made the
wizard 3427 px tall and left the grid two rows (issue 14, point 2). Here the page's
findings are summed up into lines (models/finding_groups.py: “144 个单元格未填写”), each
line opens to its findings, the list is a few lines high and scrolls, and the header
(“错误 175 项，警告 2 项”) shows or hides it. The grid's own cell marks and tooltips say
the rest. A click on a line or a finding asks for its place to be shown (`chosen`); the
wizard goes there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.editing import EditSession
from models.finding_groups import count_line, group_findings
from models.findings import SEVERITY_LABELS, Finding
from ui.page_list import ERROR_COLOUR, WARNING_COLOUR

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent

USER_ROLE = 0x0100
"""Qt.ItemDataRole.UserRole, by value (see FindingsView.__init__)."""

VISIBLE_LINES = 4
"""How many lines the open list shows before it scrolls: enough to read what is wrong,
little enough to leave a table page's grid most of the window."""


TEXT_WORD_WRAP = 0x1000
"""Qt.TextFlag.TextWordWrap, by value (see FindingsView.__init__)."""


class _WrappingDelegate(QStyledItemDelegate):
    """Lines as tall as their wrapped message. QTreeView asks a delegate for a row's
    height without telling it the column's width, so a long message would be cut to
    one line with “…”; here the width is the tree's, less the indentation."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        depth = 1 + (1 if index.parent().isValid() else 0)
        width = self.tree.viewport().width() - self.tree.indentation() * depth - 8
        if width <= 0:
            return hint
        text = str(index.data() or "")
        needed = self.tree.fontMetrics().boundingRect(QRect(0, 0, width, 1 << 20), TEXT_WORD_WRAP, text).height() + 4
        return QSize(hint.width(), max(hint.height(), needed))


def _one_line(message: str) -> str:
    """A message quoting text across a line break still takes one line of the list."""
    return " ".join(message.splitlines())


class FindingsView(QWidget):
    """Signals:
    chosen(str, object): the page key and the Finding whose place to show.
    """

    chosen = Signal(str, object)

    def __init__(self, session: EditSession, page_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # No Qt enum here: the basics page, shown at start-up, holds one of these, and
        # the first use of PySide6's Qt namespace costs start-up (tests/ui/test_launch.py).
        self.session = session
        self.page_key = page_key
        self.header = QToolButton()
        self.header.setCheckable(True)
        self.header.setChecked(True)
        self.header.setAutoRaise(True)
        self.header.setAccessibleName("本页问题数")
        self.header.setToolTip("显示或收起本页问题的列表")
        self._count = ""
        self.header.toggled.connect(self._toggled)
        self.list = QTreeWidget()
        self.list.setAccessibleName("本页问题")
        self.list.setHeaderHidden(True)
        self.list.setColumnCount(1)
        self.list.setWordWrap(True)
        self.list.setUniformRowHeights(False)
        self.list.setItemDelegate(_WrappingDelegate(self.list))
        self.list.setToolTip("单击一行可跳到出错的位置；带箭头的行可展开查看每一项")
        self.list.itemClicked.connect(self._clicked)
        self.list.itemActivated.connect(self._clicked)
        self.list.itemExpanded.connect(self._fit_height)
        self.list.itemCollapsed.connect(self._fit_height)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.list)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._toggled(True)
        self.refresh()

    @property
    def expanded(self) -> bool:
        return self.header.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        self.header.setChecked(expanded)

    def _toggled(self, expanded: bool) -> None:
        self.list.setVisible(expanded)
        self._set_header_text()

    def _set_header_text(self) -> None:
        self.header.setText(("▾ " if self.expanded else "▸ ") + self._count)

    def refresh(self) -> None:
        """Redraw from the session; lines the clerk opened stay open."""
        findings = self.session.findings_on(self.page_key)
        self.setVisible(bool(findings))
        self._count = count_line(findings)
        self._set_header_text()
        # A line is known by its group (not its text, whose count changes as the clerk
        # types), so that the lines the clerk opened stay open.
        opened = {
            item.data(0, USER_ROLE)[0]
            for item in (self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount()))
            if item is not None and item.isExpanded()
        }
        notes = self.session.report.notes
        self.list.clear()
        for group in group_findings(findings, self.session.format):
            label = SEVERITY_LABELS[group.severity]
            noted = "（已写说明）" if len(group.findings) == 1 and notes.get(group.findings[0].key) else ""
            item = QTreeWidgetItem(self.list, [f"【{label}】{_one_line(group.summary)}{noted}"])
            group_key = f"{group.severity}/{group.rule}"
            item.setData(0, USER_ROLE, (group_key, group.findings[0]))
            item.setToolTip(0, group.summary)
            self._colour(item, group.severity)
            if len(group.findings) > 1:
                for finding in group.findings:
                    child = QTreeWidgetItem(item, [_one_line(finding.message) + ("（已写说明）" if notes.get(finding.key) else "")])
                    child.setData(0, USER_ROLE, (group_key, finding))
                    child.setToolTip(0, finding.message)
                    self._colour(child, finding.severity)
                item.setExpanded(group_key in opened)
        self._fit_height()

    def _fit_height(self, *_args: object) -> None:
        """As high as the lines shown, up to VISIBLE_LINES lines; beyond, the list
        scrolls. A long message wraps, so lines are measured as laid out."""
        line = self.list.fontMetrics().lineSpacing() + 2
        height, lines = 0, 0
        for item in self._shown_items():
            rows = max(1, round(self.list.visualItemRect(item).height() / line))
            take = min(rows, VISIBLE_LINES - lines)
            height += take * line if take < rows else max(self.list.visualItemRect(item).height(), line)
            lines += take
            if lines >= VISIBLE_LINES:
                break
        self.list.setFixedHeight(max(height, line) + self.list.frameWidth() * 2 + 2)

    def _shown_items(self) -> list[QTreeWidgetItem]:
        shown = []
        for index in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(index)
            if item is not None:
                shown.append(item)
                if item.isExpanded():
                    shown += [child for i in range(item.childCount()) if (child := item.child(i)) is not None]
        return shown

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.list.doItemsLayout()  # the lines wrap anew
            self._fit_height()

    @staticmethod
    def _colour(item: QTreeWidgetItem, severity: str) -> None:
        colour = ERROR_COLOUR if severity == "error" else WARNING_COLOUR if severity == "warning" else None
        if colour is not None:
            item.setForeground(0, QBrush(colour))

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        _group, finding = item.data(0, USER_ROLE)
        if isinstance(finding, Finding):
            self.chosen.emit(self.page_key, finding)

    def lines(self) -> list[str]:
        """The summary lines as shown (for tests and screen readers)."""
        return [self.list.topLevelItem(i).text(0) for i in range(self.list.topLevelItemCount())]
