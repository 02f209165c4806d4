"""Issue 14 point 14: the file dialogs speak Chinese throughout (Qt's own said “Look in:”
and “Files of type:”); the export page remembers, per data folder, the folder exported
to and whether a PDF was wanted, and says once that a draft will be exported."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QPushButton

from export import pdf
from models.store import Store
from tests.conftest import SAMPLES
from ui import file_dialogs
from ui.main_window import MainWindow

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def inspect_file_dialog() -> dict:
    """Read the file dialog once it is up (its exec runs an event loop), then cancel it."""
    seen: dict = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            if "stop" not in seen:
                QTimer.singleShot(0, look)
            return
        seen["labels"] = {label.name: dialog.labelText(label) for label in QFileDialog.DialogLabel}
        seen["shown"] = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QPushButton) if w.isVisible() and w.text()]
        seen["title"] = dialog.windowTitle()
        dialog.reject()

    QTimer.singleShot(0, look)
    return seen


def assert_chinese(seen: dict) -> None:
    assert set(seen["labels"]) == {"LookIn", "FileName", "FileType", "Accept", "Reject"}
    for name, text in seen["labels"].items():
        assert re.search(r"[\u4e00-\u9fff]", text) and not LATIN_WORD.search(text), (name, text)
    for text in seen["shown"]:
        assert not LATIN_WORD.search(text), text


def test_the_export_page_s_file_dialog_is_in_chinese(qtbot, window, store):
    report_id = store.import_file(SAMPLES / "national-2021-example.json", "王科员")[0].id
    window.refresh()
    wizard = window.open_report(report_id)
    wizard.go_to(wizard.index_of("export"))
    page = wizard.currentPage()
    browse = next(b for b in page.findChildren(QPushButton) if b.text() == "选择位置…")
    seen = inspect_file_dialog()
    qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
    seen["stop"] = True
    assert seen["title"] == "导出到"
    assert_chinese(seen)
    assert seen["labels"]["Accept"] == "保存(&S)" and seen["labels"]["LookIn"] == "查找范围(&I)："


def test_the_main_window_s_file_dialogs_are_in_chinese(qtbot, window):
    for action in ("import", "restore", "aggregate"):
        seen = inspect_file_dialog()
        window.actions_by_name[action].trigger()
        seen["stop"] = True
        assert_chinese(seen)
        assert seen["labels"]["Accept"] == "打开(&O)", action


def export_page_of(window: MainWindow, report_id: str):
    wizard = window.open_report(report_id)
    wizard.go_to(wizard.index_of("export"))
    return wizard, wizard.currentPage()


def test_the_export_page_remembers_the_folder_and_the_pdf_choice(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_office", lambda: tmp_path / "soffice")  # the PDF choice is offered
    chosen_folder = tmp_path / "公开" / "2024"
    chosen_folder.mkdir(parents=True)
    monkeypatch.setattr(file_dialogs, "save_file", lambda *args: str(chosen_folder / "年报"))
    # Qt's own chooser answers too, so that a page that still calls it fails here instead of waiting.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(chosen_folder / "年报"), ""))
    with Store.open(tmp_path / "data") as store:
        first = store.import_file(SAMPLES / "national-2021-example.json", "王科员")[0].id
        second = store.import_file(SAMPLES / "hengyang-2013.json", "王科员")[0].id
        window = MainWindow(store)
        qtbot.addWidget(window)
        wizard, page = export_page_of(window, first)
        assert not page.pdf.isChecked()
        qtbot.mouseClick(next(b for b in page.findChildren(QPushButton) if b.text() == "选择位置…"), Qt.MouseButton.LeftButton)
        assert page.path.text() == str(chosen_folder / "年报.docx")
        page.pdf.click()
        assert page.pdf.isChecked()
        wizard.close()

        wizard, page = export_page_of(window, second)
        assert page.path.text() == str(chosen_folder / "衡阳市2013年政府信息公开年度报告.docx"), "the folder, with this report's name"
        assert page.pdf.isChecked()
        wizard.close()
        window.close()

        restarted = MainWindow(store)
        qtbot.addWidget(restarted)
        wizard, page = export_page_of(restarted, first)
        assert page.path.text().startswith(str(chosen_folder)) and page.pdf.isChecked()
        page.pdf.click()
        wizard.close()
        wizard, page = export_page_of(restarted, first)
        assert not page.pdf.isChecked(), "unticking is remembered too"
        wizard.close()
    with Store.open(tmp_path / "other") as other:
        report_id = other.import_file(SAMPLES / "national-2021-example.json", "王科员")[0].id
        elsewhere = MainWindow(other)
        qtbot.addWidget(elsewhere)
        wizard, page = export_page_of(elsewhere, report_id)
        assert not page.path.text().startswith(str(chosen_folder)) and not page.pdf.isChecked(), "per data folder"
        wizard.close()


def test_the_export_page_says_once_that_a_draft_will_be_exported(qtbot, window, store):
    report_id = store.import_file(SAMPLES / "national-2021-example.json", "王科员")[0].id
    window.refresh()
    wizard, page = export_page_of(window, report_id)
    said = page.status.text() + page.subTitle()
    assert page.status.text() == "报告当前为“草稿”，尚未审核通过，只能导出草稿（页眉和文件名标有“草稿”）。"
    assert said.count("导出草稿") + said.count("导出为草稿") == 1
    wizard.close()
