"""What every page shares: content built on first visit, and a way to ask for a finding's
place (the findings themselves are shown by ui/findings_view.py)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPlainTextEdit, QWidget, QWizardPage


def replace_text_undoably(editor: QPlainTextEdit, text: str) -> None:
    """Put a standard text in a field so that Ctrl+Z brings the clerk's own text back
    (setPlainText would clear the undo history)."""
    editor.selectAll()
    editor.insertPlainText(text)


def select_span(editor: QPlainTextEdit, span: tuple[int, int]) -> None:
    """Select characters start…end of the editor's text (a finding's span) and bring them
    into view. The span counts characters; the editor counts UTF-16 units, in which a
    character beyond the BMP (rare CJK, emoji) is two."""
    from PySide6.QtGui import QTextCursor

    text = editor.toPlainText()
    start, end = (len(text[: min(max(0, offset), len(text))].encode("utf-16-le")) // 2 for offset in span)
    cursor = editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.centerCursor()


class BuiltOnDemandPage(QWizardPage):
    """A wizard page whose widgets are made the first time it is shown.

    A report has a dozen pages, three of them large grids; building only the page the
    clerk opens keeps start-up fast (benchmarks/bench_startup.py). The title is set at
    once, so the page list and the wizard header never wait.

    The build happens in initializePage, which QWizard calls only when it moves forward
    to a page; ReportWizard.go_to builds the page itself and then makes every move such
    a move, so no way of reaching a page (list, 上一步, a finding, a resume) shows it
    empty (issue 14 point 1).

    Signals:
        finding_chosen(str, object): a page key and a Finding the clerk clicked in the
            page's findings (ui/findings_view.py); the wizard shows its place.
    """

    finding_chosen = Signal(str, object)

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
