"""What every page shares: content built on first visit, and its findings shown the same way."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget, QWizardPage

from models.editing import EditSession
from models.findings import SEVERITY_LABELS


def replace_text_undoably(editor: QPlainTextEdit, text: str) -> None:
    """Put a standard text in a field so that Ctrl+Z brings the clerk's own text back
    (setPlainText would clear the undo history)."""
    editor.selectAll()
    editor.insertPlainText(text)


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


class BuiltOnDemandPage(QWizardPage):
    """A wizard page whose widgets are made the first time it is shown.

    A report has a dozen pages, three of them large grids; building only the page the
    clerk opens keeps start-up fast (benchmarks/bench_startup.py). The title is set at
    once, so the page list and the wizard header never wait.

    The build happens in initializePage, which QWizard calls only when it moves forward
    to a page; ReportWizard.go_to builds the page itself and then makes every move such
    a move, so no way of reaching a page (list, 上一步, a finding, a resume) shows it
    empty (issue 14 point 1).
    """

    def __init__(self, title: str, subtitle: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.built = False

    def ensure_built(self) -> None:
        if not self.built:
            self.built = True
            self.build()

    def build(self) -> None:
        raise NotImplementedError

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.ensure_built()

    def refresh(self) -> None:
        """Bring the page up to date with the session; a page not yet built has nothing."""
        if self.built:
            self.update_view()

    def update_view(self) -> None:
        """Subclasses redraw what depends on the session here."""
