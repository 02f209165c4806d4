"""What “the page shows its content” means, page kind by page kind, for the navigation tests.

A page counts as shown when its main control is on screen (visible, with a part of it
not clipped away) and holds what the report holds: an empty page (issue 14 point 1)
fails here whichever way it was reached.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QWidget

from models.values import format_value
from tests.conftest import EVENT_CAP_MS
from ui.pages.common import BuiltOnDemandPage
from ui.wizard import ReportWizard


def on_screen(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0 and not widget.visibleRegion().isEmpty()


def main_control(wizard: ReportWizard, key: str) -> QWidget:
    """The control a clerk looks for first on the page: its field, text, grid, list or button."""
    page = wizard.page_widgets[key]
    assert isinstance(page, BuiltOnDemandPage) and page.built, f"{key}: the page was never built"
    kind = wizard.pages_info[wizard.index_of(key)].kind
    if kind == "basics":
        return page.organization
    if kind == "section":
        return page.editor
    if kind == "table":
        return page.editor.grid
    if kind == "check":
        return page.tree
    return page.export_button


def assert_page_shows_its_content(qtbot, wizard: ReportWizard, key: str) -> None:
    """The current page is `key`, its main control is on screen and shows the stored data."""
    assert wizard.currentId() == wizard.index_of(key), f"expected {key}, at {wizard.pages_info[wizard.currentId()].key}"
    assert wizard.currentPage() is wizard.page_widgets[key]
    control = main_control(wizard, key)
    qtbot.waitUntil(lambda: on_screen(control), timeout=EVENT_CAP_MS)
    page = wizard.page_widgets[key]
    report = wizard.session.report
    info = wizard.pages_info[wizard.index_of(key)]
    if info.kind == "basics":
        assert page.organization.text() == report.organization
    elif info.kind == "section":
        assert page.editor.toPlainText() == report.texts.get(info.section or "", "")
    elif info.kind == "table":
        grid = page.editor.grid
        assert grid.rowCount() > 0 and grid.columnCount() > 0
        for cell in report.format.table(info.table or "").cells():
            row, column = page.editor.grid_position(cell)
            assert grid.item(row, column).text() == format_value(report.cells[cell]), f"{key}: {cell}"
    elif info.kind == "check":
        assert page.summary.text()
    else:
        assert isinstance(control, QAbstractButton) and control.text() == "导出"
