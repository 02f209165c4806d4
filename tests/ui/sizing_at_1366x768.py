"""The window at 1366×768 on every page (issue 14, points 2 and 16), run by
tests/ui/test_journey_sizing.py in a child pytest whose offscreen screen is 1366×768.

Not named test_*: it means something only on that screen, which a Qt process chooses
once, when it starts; the rest of the suite runs on the offscreen plugin's default.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models.editing import EditSession
from tests.conftest import EVENT_CAP_MS
from tests.report_scenarios import FORMAT_IDS, empty_report, report_full_of_errors
from tests.ui.page_checks import main_control, on_screen
from ui.pages.table_page import TablePage
from ui.wizard import ReportWizard

SCREEN = (1366, 768)
MIN_GRID_ROWS = 10


def settle() -> None:
    """Let every posted layout request and resize run (no waiting on a clock)."""
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def visible_rows(page: TablePage) -> int:
    grid = page.editor.grid
    viewport = grid.viewport().rect()
    return sum(1 for row in range(grid.rowCount()) if grid.visualRect(grid.model().index(row, 0)).intersects(viewport))


def test_the_screen_is_the_clerks(qapp):
    size = qapp.primaryScreen().geometry().size()
    assert (size.width(), size.height()) == SCREEN, "run by test_journey_sizing.py with a 1366×768 screen"


@pytest.mark.parametrize("scenario", [empty_report, report_full_of_errors], ids=["empty", "full_of_errors"])
@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_every_page_fits_the_screen_and_a_table_shows_ten_rows(qtbot, tmp_path, format_id, scenario):
    wizard = ReportWizard(EditSession(scenario(format_id)), lambda: "12:00", export_folder=tmp_path)
    qtbot.addWidget(wizard)
    with qtbot.waitExposed(wizard, timeout=EVENT_CAP_MS):
        wizard.show()
    available = wizard.screen().availableGeometry()
    problems = []
    # Every page in turn, chosen in the page list as a clerk would, then back to the
    # first: a page that once made the window taller must not leave it so (issue 14).
    keys = [page.key for page in wizard.pages_info] + [wizard.pages_info[0].key]
    for key in keys:
        page_list = wizard.page_list.list
        item = page_list.item(wizard.index_of(key))
        page_list.scrollToItem(item)
        qtbot.mouseClick(page_list.viewport(), Qt.MouseButton.LeftButton, pos=page_list.visualItemRect(item).center())
        control = main_control(wizard, key)
        qtbot.waitUntil(lambda control=control: on_screen(control), timeout=EVENT_CAP_MS)
        settle()
        frame = wizard.frameGeometry()
        if not available.contains(frame):
            problems.append(f"{key}: window {frame.width()}×{frame.height()} at ({frame.x()}, {frame.y()}) outside the screen's {available.width()}×{available.height()}")
        page = wizard.currentPage()
        if isinstance(page, TablePage):
            wanted = min(MIN_GRID_ROWS, page.editor.grid.rowCount())
            shown = visible_rows(page)
            if shown < wanted:
                problems.append(f"{key}: the grid shows {shown} rows, fewer than {wanted}")
    assert not problems, "\n".join(problems)
