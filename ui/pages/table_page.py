"""One official table: the grid editor and the table's findings under it."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from models.editing import EditSession
from models.findings import Finding
from ui.pages.common import BuiltOnDemandPage


class TablePage(BuiltOnDemandPage):
    def __init__(self, session: EditSession, table_id: str, parent: QWidget | None = None) -> None:
        table = session.format.table(table_id)
        super().__init__(
            f"{table.name} {table.title}",
            "Tab、回车和方向键在单元格间移动；可粘贴从 Excel/WPS 复制的整块数字；合计自动计算。没有发生的事项填 0。",
            parent,
        )
        self.session = session
        self.table_id = table_id

    def build(self) -> None:
        from ui.findings_view import FindingsView
        from ui.table_editor import TableEditor

        session, table_id = self.session, self.table_id
        self.editor = TableEditor(session, table_id)
        # The grid keeps the page: the findings are a few lines that scroll (issue 14 point 2).
        self.findings = FindingsView(session, f"table:{table_id}")
        self.findings.chosen.connect(self.finding_chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.findings)

    def update_view(self) -> None:
        self.findings.refresh()

    def show_finding(self, finding: Finding) -> None:
        """Select the finding's cell; for a whole row or column (a balance per column),
        its first cell."""
        where = finding.location
        if where.table != self.table_id:
            return
        cells = [
            cell
            for cell in self.session.format.table(self.table_id).cells()
            if (where.row is None or cell[1] == where.row) and (where.column is None or cell[2] == where.column)
        ]
        if cells:
            self.editor.focus_cell(cells[0])
        else:
            self.editor.grid.setFocus()
