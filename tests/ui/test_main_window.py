"""The main window over a real store in a temporary folder (issue 5, points 1, 2, 4, 8)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from models.store import Store
from tests.conftest import FIXTURES, SAMPLES
from ui import file_dialogs
from ui.main_window import MainWindow
from ui.new_report_dialog import NewReportDialog


def imported(store, path) -> str:
    summary, _ = store.import_file(path, "测试")
    return summary.id


def select_row(qtbot, window: MainWindow, report_id: str) -> None:
    row = next(i for i, s in enumerate(window.model.rows) if s.id == report_id)
    index = window.model.index(row, 0)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=window.view.visualRect(index).center())


def test_lists_reports_with_status_and_counts(window, store):
    imported(store, FIXTURES / "real-report-hongze-2023.json")
    window.refresh()
    model = window.model
    texts = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert texts[0] == "淮安市洪泽区人民政府"
    assert texts[1:4] == ["2023", "national-2021", "草稿"]
    assert texts[5:] == ["2", "3"], "errors and warnings"
    assert window.status.text() == "共 1 份报告"
    centred = [c for c in range(model.columnCount()) if model.data(model.index(0, c), Qt.ItemDataRole.TextAlignmentRole)]
    assert centred == [1, 5, 6], "year and counts centred"
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable, "a double click opens, never edits"


def test_the_toolbar_names_its_actions_and_keeps_the_platform_shortcuts(window):
    from PySide6.QtWidgets import QToolBar

    shown = [action.text() for action in window.findChild(QToolBar).actions()]
    assert shown[:4] == ["新建", "打开", "复制", "删除"]
    shortcuts = {name: window.actions_by_name[name].shortcut().toString() for name in ("new", "open", "delete")}
    assert shortcuts == {"new": "Ctrl+N", "open": "Ctrl+O", "delete": "Del"}


def test_new_report_opens_a_wizard_on_it(qtbot, window, store, monkeypatch):
    monkeypatch.setattr(NewReportDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(NewReportDialog, "values", lambda self: ("national-2021", "示例县人民政府办公室", 2025))
    window.actions_by_name["new"].trigger()
    summaries = store.summaries()
    assert [(s.organization, s.year, s.format) for s in summaries] == [("示例县人民政府办公室", 2025, "national-2021")]
    wizard = window.wizards[summaries[0].id]
    assert wizard.isVisible()
    assert wizard.session.report.texts["other"] == "本年度未收取政府信息公开信息处理费。", "format defaults on offer"


def test_an_edit_is_autosaved_to_the_store_and_resumed_where_the_clerk_was(qtbot, window, store):
    report_id = imported(store, SAMPLES / "national-2021-example.json")
    window.refresh()
    wizard = window.open_report(report_id)
    wizard.go_to(wizard.index_of("section:problems"))
    page = wizard.currentPage()
    page.editor.selectAll()
    qtbot.keyClick(page.editor, Qt.Key.Key_Delete)
    assert store.summary(report_id).version == 1, "not saved on the keystroke itself"
    timer = wizard.autosaver.timer
    assert timer.isActive(), "saved after a second of quiet (the second is checked in test_wizard.py)"
    timer.timeout.emit()  # the second is up: fired, not waited for
    assert store.summary(report_id).version == 2
    assert store.load(report_id).report.texts["problems"] == ""
    assert wizard.page_list.saved.text().startswith("已保存 ")
    wizard.close()
    assert report_id not in window.wizards
    again = window.open_report(report_id)
    assert again.currentId() == again.index_of("section:problems"), "reopened where the clerk left off"
    assert window.model.rows[0].warning_count == 1


def test_delete_asks_first(qtbot, window, store, monkeypatch):
    report_id = imported(store, SAMPLES / "hengyang-2013.json")
    window.refresh()
    select_row(qtbot, window, report_id)
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.No)
    window.actions_by_name["delete"].trigger()
    assert [s.id for s in store.summaries()] == [report_id]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    window.actions_by_name["delete"].trigger()
    assert store.summaries() == []
    assert window.model.rowCount() == 0


def test_import_and_duplicate(qtbot, window, store, monkeypatch):
    monkeypatch.setattr(file_dialogs, "open_file", lambda *args: str(SAMPLES / "hengyang-2013.json"))
    window.actions_by_name["import"].trigger()
    assert [s.organization for s in store.summaries()] == ["衡阳市电子政务管理办公室"]
    select_row(qtbot, window, store.summaries()[0].id)
    window.actions_by_name["duplicate"].trigger()
    assert len(store.summaries()) == 2
    assert window.model.rowCount() == 2


def test_a_bad_import_says_why_and_changes_nothing(qtbot, window, store, monkeypatch, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    shown = []
    monkeypatch.setattr(file_dialogs, "open_file", lambda *args: str(bad))
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    window.actions_by_name["import"].trigger()
    assert "不是有效的 JSON" in shown[0]
    assert store.summaries() == []


def test_a_second_window_on_the_same_folder_is_read_only(qtbot, store):
    second = Store.open(store.data_dir)
    try:
        assert second.read_only
        main = MainWindow(second)
        qtbot.addWidget(main)
        assert main.banner.text().startswith("只读：")
        assert not main.actions_by_name["new"].isEnabled()
        assert main.actions_by_name["open"].isEnabled() and main.actions_by_name["backup"].isEnabled()
    finally:
        second.close()


def test_the_status_filter_shows_only_reports_of_that_status(qtbot, window, store):
    kept = imported(store, SAMPLES / "hengyang-2013.json")
    other = imported(store, SAMPLES / "national-2021-example.json")
    store.set_status(other, "returned", "测试", note="测试")
    window.refresh()
    labels = [window.status_filter.itemText(i) for i in range(window.status_filter.count())]
    assert labels[0] == "全部状态" and "草稿" in labels and len(labels) == 3
    window.status_filter.setCurrentText("草稿")
    assert [s.id for s in window.model.rows] == [kept]
    assert window.status.text() == "共 2 份报告，显示其中 1 份（草稿）"
    window.status_filter.setCurrentText("全部状态")
    assert window.model.rowCount() == 2
