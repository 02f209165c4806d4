"""An impossible date is kept as typed, marked, and blocks submission (issue 14, point 3).

The clerk typed “2014年2月30日” into 成文日期 and closed the wizard: 2014-02-03 was saved,
the day the text read while “0” was still to come, with no error anywhere.
"""

from __future__ import annotations

import datetime

from PySide6.QtWidgets import QApplication

from models.exchange import to_document
from tests.conftest import EVENT_CAP_MS, SAMPLES
from tests.ui.test_wizard import type_line
from ui.pages.basics_page import BasicsPage
from ui.pages.check_page import CheckPage


def _open_basics(window, report_id: str) -> BasicsPage:
    wizard = window.open_report(report_id)
    wizard.go_to(wizard.index_of("basics"))
    page = wizard.currentPage()
    assert isinstance(page, BasicsPage)
    return page


def test_an_impossible_date_is_saved_as_typed_and_shown_as_an_error_after_reopening(qtbot, window, store):
    summary, _ = store.import_file(SAMPLES / "national-2021-example.json", "测试")
    window.refresh()
    basics = _open_basics(window, summary.id)
    type_line(qtbot, basics.date, "2014年2月30日")
    window.wizards[summary.id].close()
    qtbot.waitUntil(lambda: summary.id not in window.wizards, timeout=EVENT_CAP_MS)

    stored = store.load(summary.id).report
    assert stored.date != datetime.date(2014, 2, 3), "never the day the text read half-way"
    assert stored.date is None
    assert stored.date_as_typed == "2014年2月30日"

    basics = _open_basics(window, summary.id)
    wizard = window.wizards[summary.id]
    assert basics.date.text() == "2014年2月30日", "the field shows what the clerk typed"
    assert "2014年2月30日" in basics.date_problem.text()
    errors = [f for f in wizard.session.findings() if f.severity == "error" and f.location.field == "date"]
    assert len(errors) == 1 and "2014年2月30日" in errors[0].message and "不存在" in errors[0].message
    assert not wizard.session.submittable(), "an impossible date blocks submission"

    wizard.go_to(wizard.index_of("check"))
    check = wizard.currentPage()
    assert isinstance(check, CheckPage)
    assert any("2014年2月30日" in item.text(1) for item in check.finding_items()), "the check page lists it"

    type_line(qtbot, basics_of(wizard), "2014年3月20日")
    QApplication.processEvents()
    assert wizard.session.report.date == datetime.date(2014, 3, 20)
    assert wizard.session.report.date_as_typed == ""
    assert not [f for f in wizard.session.findings() if f.location.field == "date"]
    assert to_document(wizard.session.report)["date"] == "2014-03-20"


def basics_of(wizard):
    wizard.go_to(wizard.index_of("basics"))
    return wizard.currentPage().date
