"""新建报告 proposes the format from the year and refuses a mismatch (issue 14, point 5)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from models.formats import format_mismatch
from ui.new_report_dialog import NewReportDialog


def _dialog(qtbot) -> NewReportDialog:
    dialog = NewReportDialog(None, "衡阳市人民政府")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _set_year(qtbot, dialog: NewReportDialog, year: int) -> None:
    dialog.year.setFocus()
    dialog.year.selectAll()
    qtbot.keyClicks(dialog.year, str(year))


def _create(qtbot, dialog: NewReportDialog) -> None:
    button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_typing_the_year_chooses_its_format(qtbot):
    dialog = _dialog(qtbot)
    for year, format_id in ((2013, "legacy-2013"), (2020, "national-2019"), (2024, "national-2021")):
        _set_year(qtbot, dialog, year)
        assert dialog.format.currentData() == format_id, year
        assert dialog.problem.text() == ""
    _set_year(qtbot, dialog, 2013)
    _create(qtbot, dialog)
    assert dialog.result() == NewReportDialog.DialogCode.Accepted
    assert dialog.values() == ("legacy-2013", "衡阳市人民政府", 2013)


def test_a_format_that_does_not_fit_the_year_is_refused_with_the_reason(qtbot):
    dialog = _dialog(qtbot)
    _set_year(qtbot, dialog, 2013)
    dialog.format.setCurrentIndex(dialog.format.findData("national-2021"))
    reason = format_mismatch("national-2021", 2013)
    assert dialog.problem.text() == reason, "told at once, before 创建"
    _create(qtbot, dialog)
    assert dialog.isVisible() and dialog.result() != NewReportDialog.DialogCode.Accepted
    assert dialog.problem.text() == reason
    assert "legacy-2013" in reason
    dialog.format.setCurrentIndex(dialog.format.findData("legacy-2013"))
    assert dialog.problem.text() == ""
    _create(qtbot, dialog)
    assert dialog.result() == NewReportDialog.DialogCode.Accepted
