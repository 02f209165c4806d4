"""One official table: the grid editor and the table's findings under it."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from models.editing import EditSession
from ui.pages.common import BuiltOnDemandPage, FindingsLabel


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
        from ui.table_editor import TableEditor

        session, table_id = self.session, self.table_id
        self.editor = TableEditor(session, table_id)
        self.findings = FindingsLabel(session, f"table:{table_id}")
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.findings)

    def update_view(self) -> None:
        self.findings.refresh()
