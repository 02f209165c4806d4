"""What every page shows the same way: its findings, under its fields."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from models.editing import EditSession
from models.findings import SEVERITY_LABELS


class FindingsLabel(QLabel):
    """The findings of one page as text: what to fix, in the words of the rules."""

    def __init__(self, session: EditSession, page_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.page_key = page_key
        self.setWordWrap(True)
        self.setAccessibleName("本页问题")
        self.refresh()

    def refresh(self) -> None:
        lines = []
        for finding in self.session.findings_on(self.page_key):
            colour = {"error": "#b00020", "warning": "#8a5a00"}.get(finding.severity, "#555555")
            noted = "（已写说明）" if self.session.report.notes.get(finding.key) else ""
            text = finding.message.replace("&", "&amp;").replace("<", "&lt;")
            lines.append(f'<span style="color:{colour}">【{SEVERITY_LABELS[finding.severity]}】{text}{noted}</span>')
        self.setText("<br>".join(lines))
        self.setVisible(bool(lines))
