"""检查: every finding by page; a click jumps to the cell or the section, and a warning
can be given its note here (a warning with a note no longer blocks submission)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from models.editing import EditSession, page_key_of
from models.finding_groups import group_findings
from models.findings import SEVERITY_LABELS, Finding
from ui.enter_key import enter_activates
from ui.page_list import ERROR_COLOUR, WARNING_COLOUR
from ui.pages.common import BuiltOnDemandPage

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex
    from PySide6.QtGui import QKeyEvent

NOTE_COLUMN = 2
GROUP_FROM = 5
"""More findings of one kind on a page than this are one line that opens (models/
finding_groups.py): a new report's 175 blank cells of 表三 would bury everything else.
Fewer are listed one by one, each with its note."""


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
        opened = self._opened_groups()
        self.tree.clear()
        titles = {p.key: p.title for p in self.session.pages()}
        by_page: dict[str, list[Finding]] = {}
        for finding in findings:
            by_page.setdefault(page_key_of(finding.location), []).append(finding)
        for key, on_page in by_page.items():
            page_item = QTreeWidgetItem(self.tree, [titles.get(key, key), "", ""])
            page_item.setFirstColumnSpanned(True)
            page_item.setData(0, Qt.ItemDataRole.UserRole, (key, None))
            for group in group_findings(on_page, self.session.format):
                parent = page_item
                if len(group.findings) > GROUP_FROM:
                    # Many of a kind (a new table's blank cells) are one line, opened on demand.
                    parent = QTreeWidgetItem(page_item, [SEVERITY_LABELS[group.severity], group.summary, ""])
                    parent.setData(0, Qt.ItemDataRole.UserRole, (key, group.findings[0]))
                    parent.setData(1, Qt.ItemDataRole.UserRole, f"{key}/{group.severity}/{group.rule}")
                    parent.setToolTip(1, f"{group.summary}：点击左侧箭头展开每一项")
                    self._colour(parent, group.severity)
                for finding in group.findings:
                    self._finding_item(parent, key, finding)
                if parent is not page_item:
                    parent.setExpanded(parent.data(1, Qt.ItemDataRole.UserRole) in opened)
            page_item.setExpanded(True)
        self.tree.blockSignals(False)

    def _opened_groups(self) -> set[str]:
        """The group lines the clerk opened, so that a redraw (after each note typed)
        leaves them open."""
        from PySide6.QtCore import Qt

        opened = set()
        for index in range(self.tree.topLevelItemCount()):
            page_item = self.tree.topLevelItem(index)
            if page_item is None:
                continue
            for child in (page_item.child(i) for i in range(page_item.childCount())):
                if child is not None and child.childCount() and child.isExpanded():
                    opened.add(child.data(1, Qt.ItemDataRole.UserRole))  # the group's key
        return opened

    def _finding_item(self, parent: QTreeWidgetItem, key: str, finding: Finding) -> None:
        from PySide6.QtCore import Qt

        item = QTreeWidgetItem(parent, [SEVERITY_LABELS[finding.severity], finding.message, self.session.report.notes.get(finding.key, "")])
        item.setData(0, Qt.ItemDataRole.UserRole, (key, finding))
        item.setToolTip(1, finding.message)
        self._colour(item, finding.severity)
        if finding.severity == "warning":
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)

    @staticmethod
    def _colour(item: QTreeWidgetItem, severity: str) -> None:
        colour = ERROR_COLOUR if severity == "error" else WARNING_COLOUR if severity == "warning" else None
        if colour:
            item.setForeground(0, QBrush(colour))

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
        """The line of every finding (under its page, or under its group line)."""
        items: list[QTreeWidgetItem] = []

        def leaves(item: QTreeWidgetItem) -> None:
            for child in (item.child(i) for i in range(item.childCount())):
                if child is not None:
                    if child.childCount():
                        leaves(child)
                    else:
                        items.append(child)

        for index in range(self.tree.topLevelItemCount()):
            page_item = self.tree.topLevelItem(index)
            if page_item is not None:
                leaves(page_item)
        return items
