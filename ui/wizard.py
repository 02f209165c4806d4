"""The report wizard: one page per part of the report, a page list beside it.

QWizard in ModernStyle on every platform with independent pages (docs/design-notes.md §3.1):
the EditSession, not the wizard's fields, holds the truth, so Back never resets
anything. The wizard saves a second after the last edit, on page change and on close.

QWizard's own navigation is not used (issue 14 points 1 and 8): it keeps a visit
history, and its Back pops that history rather than going to the page before. Jumping
backwards with setCurrentId to a page never visited showed the page without calling
initializePage (so a page built on demand stayed empty), popped history entries that
were not there, and left Back disabled; after a resume 基本信息 could not be reached.
Here every move (上一步, 下一步, the page list, a finding on the check page) goes
through `go_to`, which restarts QWizard on the target page: its history is then always
just that page, consistent, and decides nothing. 上一步 and 下一步 are the wizard's
custom buttons, so their meaning (the page before or after in the list) and their
enabled state are ours.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QLabel, QPushButton, QVBoxLayout, QWidget, QWizard, QWizardPage

from models.editing import EditSession, Page
from models.findings import Finding, Location
from ui.autosave import Autosaver
from ui.page_list import PageList
from ui.pages.basics_page import BasicsPage
from ui.pages.check_page import CheckPage
from ui.pages.common import BuiltOnDemandPage
from ui.pages.export_page import ExportPage
from ui.pages.section_page import SectionPage
from ui.pages.table_page import TablePage

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QShowEvent

BUTTON_TEXTS = {
    QWizard.WizardButton.BackButton: "< 上一步",
    QWizard.WizardButton.NextButton: "下一步 >",
    QWizard.WizardButton.FinishButton: "完成",
    QWizard.WizardButton.CancelButton: "关闭",
    QWizard.WizardButton.HelpButton: "帮助",
}
# 上一步 and 下一步 take the places of QWizard's own Back and Next (module docstring).
OWN_BUTTONS = {
    QWizard.WizardButton.BackButton: QWizard.WizardButton.CustomButton1,
    QWizard.WizardButton.NextButton: QWizard.WizardButton.CustomButton2,
}


def commit_input_method() -> None:
    """Commit a half-typed IME word before anything reads the fields (docs/design-notes.md §3.4)."""
    method = QGuiApplication.inputMethod()
    if method is not None:
        method.commit()


class ReportWizard(QWizard):
    """Attributes:
    session: the report under edit.
    page_list: the side list with a badge per page.
    autosaver: saves through the `save` callable given by the caller (the store).
    """

    def __init__(
        self,
        session: EditSession,
        save: Callable[[], str],
        *,
        start_page: str | None = None,
        export_folder: Path | None = None,
        on_page: Callable[[str], None] | None = None,
        read_only_reason: str = "",
        banner: str = "",
        open_comments: dict[str, int] | None = None,
        review_panel: QWidget | None = None,
        final_rule: Callable[[], tuple[bool, str]] | None = None,
        exporter: Callable[[Path, bool], Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.on_page = on_page
        self.read_only_reason = read_only_reason
        self.final_rule, self.exporter = final_rule, exporter
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.IndependentPages, True)
        self.setOption(QWizard.WizardOption.HaveFinishButtonOnEarlyPages, True)
        self.setOption(QWizard.WizardOption.NoCancelButton, False)
        for button, text in BUTTON_TEXTS.items():
            self.setButtonText(button, text)
        self.back_button = QPushButton(BUTTON_TEXTS[QWizard.WizardButton.BackButton])
        self.next_button = QPushButton(BUTTON_TEXTS[QWizard.WizardButton.NextButton])
        self.setButton(OWN_BUTTONS[QWizard.WizardButton.BackButton], self.back_button)
        self.setButton(OWN_BUTTONS[QWizard.WizardButton.NextButton], self.next_button)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.setButtonLayout(
            [
                QWizard.WizardButton.Stretch,
                OWN_BUTTONS[QWizard.WizardButton.BackButton],
                OWN_BUTTONS[QWizard.WizardButton.NextButton],
                QWizard.WizardButton.FinishButton,
                QWizard.WizardButton.CancelButton,
            ]
        )
        self.setWindowTitle(f"{session.report.title or '年度报告'} — 年报")
        self.pages_info: list[Page] = session.pages()
        self.page_widgets: dict[str, QWizardPage] = {}
        for index, page in enumerate(self.pages_info):
            widget = self._make_page(page, export_folder or Path.home())
            self.setPage(index, widget)
            self.page_widgets[page.key] = widget
            if isinstance(widget, BuiltOnDemandPage):
                widget.finding_chosen.connect(self.show_finding)
        self.page_list = PageList(session)
        self.page_list.set_open_comments(open_comments or {})
        self.page_list.page_chosen.connect(self.go_to)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("提示")
        self.banner.setStyleSheet("background:#fde7e9; color:#6b0010; padding:4px")
        self.review_panel = review_panel
        # Kept on self: PySide does not take ownership through setSideWidget, and a
        # collected container takes the page list with it.
        self.side = side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.banner)
        side_layout.addWidget(self.page_list, 3)
        if review_panel is not None:
            side_layout.addWidget(review_panel, 2)
        self.setSideWidget(side)
        self.autosaver = Autosaver(save, self)
        self.autosaver.saved.connect(lambda when: self.page_list.saved.setText(f"已保存 {when}"))
        self.autosaver.failed.connect(self.page_list.saved.setText)
        self.currentIdChanged.connect(self._page_changed)
        session.on_change.append(self._changed)
        self.set_read_only(read_only_reason)
        # A banner written for its reader (models/opening.py) says more than the reason alone.
        self.set_banner(banner or read_only_reason)
        start = next((i for i, p in enumerate(self.pages_info) if p.key == start_page), 0)
        self.setStartId(start)
        self.page_list.select(start)
        self._fit_to_screen()

    def _make_page(self, page: Page, export_folder: Path) -> QWizardPage:
        if page.kind == "basics":
            return BasicsPage(self.session)
        if page.kind == "section":
            return SectionPage(self.session, page.section or "")
        if page.kind == "table":
            return TablePage(self.session, page.table or "")
        if page.kind == "check":
            check = CheckPage(self.session)
            check.jump.connect(self.show_finding)
            return check
        return ExportPage(self.session, export_folder, final_rule=self.final_rule, exporter=self.exporter)

    # -- size ----------------------------------------------------------------------------

    def _fit_to_screen(self) -> None:
        """Never larger than the screen's free area, frame included (issue 14 point 2: on
        a 1366×768 screen 表三's findings once made the wizard 3427 px tall, its buttons
        off screen). QWizard sizes itself to its largest page, so the pages' contents
        scroll inside them instead (ui/findings_view.py); the cap here holds whatever a
        page asks for. Called again once shown, when the window frame is known."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        available = screen.availableGeometry()
        frame_width = self.frameGeometry().width() - self.geometry().width() if self.isVisible() else 0
        frame_height = self.frameGeometry().height() - self.geometry().height() if self.isVisible() else 0
        width, height = available.width() - frame_width, available.height() - frame_height
        self.setMaximumSize(width, height)
        if not self.isVisible():
            # A small screen (a 768-px laptop) gives a table every line it can spare.
            share = 0.85 if available.height() >= 900 else 1.0
            self.resize(min(width, int(available.width() * 0.8)), min(height, int(available.height() * share)))
        frame = self.frameGeometry()
        if not available.contains(frame):
            self.move(
                max(available.left(), min(frame.left(), available.right() - frame.width() + 1)),
                max(available.top(), min(frame.top(), available.bottom() - frame.height() + 1)),
            )

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._fit_to_screen()

    # -- review --------------------------------------------------------------------------

    def set_banner(self, text: str) -> None:
        """The reason of a return, or why the report cannot be edited (issue 6)."""
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def set_open_comments(self, counts: dict[str, int]) -> None:
        """Mark the pages with comments not yet dealt with in the page list (page key → count)."""
        self.page_list.set_open_comments(counts)

    def set_read_only(self, reason: str) -> None:
        """A report waiting for review or approved opens read-only; the reason says why."""
        self.read_only_reason = reason
        for key, page in self.page_widgets.items():
            if not key.startswith(("check", "export")):
                page.setEnabled(not reason)
        if reason:
            self.set_banner(reason)

    # -- navigation --------------------------------------------------------------------

    def go_to(self, index: int) -> None:
        """The one way to another page (module docstring): commit what is being typed,
        build the page, then restart QWizard on it."""
        if not 0 <= index < len(self.pages_info):
            return
        if self.currentId() < 0:
            # Not shown yet: QWizard starts on the start page when it is shown.
            self.setStartId(index)
            self.page_list.select(index)
            return
        if index == self.currentId():
            self.page_list.select(index)
            return
        commit_input_method()
        self._commit_tables()
        page = self.page(index)
        if isinstance(page, BuiltOnDemandPage):
            page.ensure_built()
        self.setStartId(index)
        self.restart()

    def back(self) -> None:
        """上一步: the page before in the list, however the current one was reached."""
        self.go_to(self.currentId() - 1)

    def next(self) -> None:
        """下一步: the page after in the list."""
        self.go_to(self.currentId() + 1)

    def setCurrentId(self, index: int) -> None:  # noqa: N802 - Qt override
        self.go_to(index)

    def button(self, which: QWizard.WizardButton) -> QAbstractButton:
        """Asked for Back or Next, the 上一步 or 下一步 the clerk sees (module docstring)."""
        return super().button(OWN_BUTTONS.get(which, which))

    def cleanupPage(self, index: int) -> None:  # noqa: N802 - Qt override
        """Nothing to undo: restart() cleans up each page it leaves, and the EditSession,
        not the pages' fields, holds what was entered."""

    def _update_buttons(self, index: int) -> None:
        last = index == len(self.pages_info) - 1
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(not last)
        # Enter on a field that does not use it means 下一步, and 完成 on the last page.
        # Set after QWizard's own update, which made its hidden Next the default.
        finish = super().button(QWizard.WizardButton.FinishButton)
        if last and isinstance(finish, QPushButton):
            finish.setDefault(True)
        else:
            self.next_button.setDefault(True)

    def index_of(self, key: str) -> int:
        return next(i for i, p in enumerate(self.pages_info) if p.key == key)

    def show_finding(self, key: str, finding: Finding | None) -> None:
        """From the check page or a page's findings to the place of a finding: the page,
        and the cell, field or piece of text."""
        self.go_to(self.index_of(key))
        page = self.page_widgets[key]
        # Each page knows where its findings point: a cell, a field, a piece of text.
        show = getattr(page, "show_finding", None)
        if finding is not None and show is not None and getattr(page, "built", True):
            show(finding)
        elif isinstance(page, SectionPage) and page.built:
            page.editor.setFocus()

    def current_location(self) -> tuple[str, Location]:
        """The current page and the place a comment made now should point to: the
        selected cell on a table page, else the section, table or basic fields."""
        page_info = self.pages_info[max(self.currentId(), 0)]
        page = self.page_widgets[page_info.key]
        if isinstance(page, TablePage) and page.built:
            cell = page.editor.current_cell()
            if cell:
                return page_info.key, Location(table=cell[0], row=cell[1], column=cell[2])
            return page_info.key, Location(table=page_info.table)
        if page_info.section and page_info.kind == "section":
            return page_info.key, Location(section=page_info.section)
        return page_info.key, Location(field="organization")

    def _page_changed(self, index: int) -> None:
        if index < 0:
            return  # closing, or go_to restarting QWizard: no page yet
        self._update_buttons(index)
        self.page_list.select(index)
        self.autosaver.flush()
        page = self.page_widgets[self.pages_info[index].key]
        refresh = getattr(page, "refresh", None)
        if refresh:
            refresh()
        if self.on_page:
            self.on_page(self.pages_info[index].key)
        if self.review_panel is not None and hasattr(self.review_panel, "show_page"):
            self.review_panel.show_page(self.pages_info[index].key)

    def _changed(self) -> None:
        self.page_list.refresh()
        page = self.currentPage()
        refresh = getattr(page, "refresh", None)
        if refresh:
            refresh()
        self.autosaver.changed()

    def _commit_tables(self) -> None:
        page = self.currentPage()
        if isinstance(page, TablePage) and page.built:
            page.editor.commit_pending()

    def validateCurrentPage(self) -> bool:  # noqa: N802 - Qt override
        # Next is never blocked: a draft can always be saved and resumed (docs/design-notes.md §1.1).
        commit_input_method()
        self._commit_tables()
        return True

    def done(self, result: int) -> None:
        commit_input_method()
        self._commit_tables()
        self.autosaver.flush()
        if self._changed in self.session.on_change:
            self.session.on_change.remove(self._changed)
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        commit_input_method()
        self._commit_tables()
        self.autosaver.flush()
        super().closeEvent(event)
