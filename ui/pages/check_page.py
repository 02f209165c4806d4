"""检查: every finding by page; a click jumps to the cell or the section, and a warning
can be given its note here (a warning with a note no longer blocks submission)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from models.editing import EditSession, page_key_of
from models.findings import SEVERITY_LABELS, Finding
from ui.enter_key import enter_activates
from ui.page_list import ERROR_COLOUR, WARNING_COLOUR
from ui.pages.common import BuiltOnDemandPage

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex
    from PySide6.QtGui import QKeyEvent

NOTE_COLUMN = 2


class _FindingTree(QTreeWidget):
    """Enter opens the finding and stops there: otherwise the same key press also
    reaches the wizard's default button and moves one page further."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if not enter_activates(self, event, lambda: self.itemActivated.emit(self.currentItem(), self.currentColumn())):
            super().keyPressEvent(event)

    def edit(self, index: QModelIndex, trigger: object = None, event: object = None) -> bool:  # Qt override
        """Only a note is typed in. A warning's row is editable (its note), and Qt would
        open an editor on whichever column was double-clicked, instead of opening the
        finding's page (issue 14 point 1)."""
        if trigger is None:
            return super().edit(index)
        if index.column() != NOTE_COLUMN:
            return False
        return super().edit(index, trigger, event)


class CheckPage(BuiltOnDemandPage):
    """Signals:
    jump(str, object): page key and the finding to show there.
    """

    jump = Signal(str, object)

    def __init__(self, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__("检查", "全部问题按页列出。双击一条（或选中后按回车）可跳到出错的位置；警告须在“说明”栏写明理由后才能提交审核。", parent)
        self.session = session

    def build(self) -> None:
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("检查结果")
        self.tree = _FindingTree()
        self.tree.setAccessibleName("问题列表")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["级别", "问题", "说明（警告必填）"])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tree.setWordWrap(True)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemChanged.connect(self._note_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self.update_view()

    def update_view(self) -> None:
        findings = self.session.findings()
        errors = sum(1 for f in findings if f.severity == "error")
        open_warnings = self.session.badge("check")[1]
        warnings = sum(1 for f in findings if f.severity == "warning")
        if not findings:
            self.summary.setText("没有发现问题，可以提交审核。")
        else:
            verdict = "可以提交审核。" if self.session.submittable() else "改正全部错误、为每条警告写明说明后才能提交审核。"
            self.summary.setText(f"错误 {errors} 项，警告 {warnings} 项（{open_warnings} 项未写说明）。{verdict}")
        from PySide6.QtCore import Qt  # here, not at start: see ui/main_window.py, ReportTable

        self.tree.blockSignals(True)
        self.tree.clear()
        titles = {p.key: p.title for p in self.session.pages()}
        groups: dict[str, QTreeWidgetItem] = {}
        for finding in findings:
            key = page_key_of(finding.location)
            if key not in groups:
                groups[key] = QTreeWidgetItem(self.tree, [titles.get(key, key), "", ""])
                groups[key].setFirstColumnSpanned(True)
                groups[key].setData(0, Qt.ItemDataRole.UserRole, (key, None))
            item = QTreeWidgetItem(groups[key], [SEVERITY_LABELS[finding.severity], finding.message, self.session.report.notes.get(finding.key, "")])
            item.setData(0, Qt.ItemDataRole.UserRole, (key, finding))
            item.setToolTip(1, finding.message)
            colour = ERROR_COLOUR if finding.severity == "error" else WARNING_COLOUR if finding.severity == "warning" else None
            if colour:
                item.setForeground(0, QBrush(colour))
            if finding.severity == "warning":
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.tree.expandAll()
        self.tree.blockSignals(False)

    def _activated(self, item: QTreeWidgetItem, column: int) -> None:
        from PySide6.QtCore import Qt

        key, finding = item.data(0, Qt.ItemDataRole.UserRole)
        if column == NOTE_COLUMN and finding is not None and finding.severity == "warning":
            self.tree.editItem(item, NOTE_COLUMN)
            return
        self.jump.emit(key, finding)

    def _note_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if column != NOTE_COLUMN:
            return
        from PySide6.QtCore import Qt

        _key, finding = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(finding, Finding):
            self.session.set_note(finding, item.text(NOTE_COLUMN))

    def finding_items(self) -> list[QTreeWidgetItem]:
        items: list[QTreeWidgetItem] = []
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            if group is not None:
                items += [child for i in range(group.childCount()) if (child := group.child(i)) is not None]
        return items
