"""The main window opens at a size to work in, remembers it per data folder, shows every
column whole, and opens the chosen report on Enter (issue 14 point 12: it opened at
556 × 299 with truncated columns, and Enter did nothing)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QRect, Qt

from models import accounts as accounts_module
from models import review
from models.accounts import CLERK, Accounts
from models.store import Store
from tests.conftest import FIXTURES, SAMPLES
from ui.main_window import MainWindow, default_geometry

TITLE_BAR = 30
"""A window manager's title bar above the window's own geometry."""


def test_the_first_size_suits_a_1366_by_768_screen():
    available = QRect(0, 0, 1366, 728)  # a task bar of 40 px
    placed = default_geometry(available)
    assert placed.width() >= 1000 and placed.height() >= 560
    assert available.contains(placed.adjusted(0, -TITLE_BAR, 0, 0)), "title bar included, it fits"
    assert abs(placed.center().x() - available.center().x()) <= 1


def test_a_new_window_fills_most_of_the_screen_and_fits_it(qtbot, tmp_path):
    with Store.open(tmp_path / "data") as store:
        window = MainWindow(store)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        available = window.screen().availableGeometry()
        assert available.contains(window.frameGeometry())
        assert window.width() >= available.width() * 0.6 and window.height() >= available.height() * 0.6
        window.close()


def test_the_size_and_place_are_remembered_for_the_data_folder(qtbot, tmp_path):
    with Store.open(tmp_path / "data") as store:
        window = MainWindow(store)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.setGeometry(60, 70, 700, 500)
        placed = window.geometry()
        window.close()
        again = MainWindow(store)
        qtbot.addWidget(again)
        again.show()
        qtbot.waitExposed(again)
        assert again.geometry() == placed
        again.close()
    with Store.open(tmp_path / "other") as other:
        elsewhere = MainWindow(other)
        qtbot.addWidget(elsewhere)
        assert elsewhere.geometry() == default_geometry(elsewhere.screen().availableGeometry()), "each data folder its own"


@pytest.fixture
def listed(tmp_path, monkeypatch):
    """Reports in every status, one approved and then edited by hand (the longest status text)."""
    monkeypatch.setattr(accounts_module, "SCRYPT_PARAMS", {**accounts_module.SCRYPT_PARAMS, "n": 2**10})
    data = tmp_path / "data"
    with Store.open(data) as store:
        accounts = Accounts(data)
        boss = accounts.create_first_supervisor("张科长", "科长的密码-2024")
        accounts.add_user(boss, "王科员", CLERK, "科员的密码-2024")
        clerk = accounts.authenticate("王科员", "科员的密码-2024")
        paths = [SAMPLES / "national-2021-example.json", SAMPLES / "hengyang-2013.json", FIXTURES / "real-report-huaian-2024.json", SAMPLES / "national-2021-example.json"]
        ids = [store.import_file(path, "王科员")[0].id for path in paths]
        review.submit(store, ids[0], clerk)
        review.approve(store, ids[0], boss)
        review.submit(store, ids[1], clerk)
        review.submit(store, ids[3], clerk)
        review.return_report(store, ids[3], boss, "请核对")
    document = json.loads((data / "store.json").read_text(encoding="utf-8"))
    for record in document["reports"].values():
        if record["id"] == ids[0]:
            record["document"]["tables"]["requests"]["new"]["natural"] += 1
    (data / "store.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with Store.open(data) as store:
        yield store


def test_every_column_shows_its_texts_whole_with_room(qtbot, listed):
    window = MainWindow(listed)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    model, header = window.model, window.view.horizontalHeader()
    metrics = window.view.fontMetrics()
    statuses = [model.data(model.index(row, 3)) for row in range(model.rowCount())]
    assert "已审核（审核已失效）" in statuses and "退回修改" in statuses
    for column in range(model.columnCount()):
        texts = [model.data(model.index(row, column)) for row in range(model.rowCount())]
        widest = max(metrics.horizontalAdvance(text) for text in texts)
        assert header.sectionSize(column) >= widest + 12, (model.headerData(column, Qt.Orientation.Horizontal), widest, header.sectionSize(column))
    window.close()


def test_enter_on_a_row_opens_its_report(qtbot, listed):
    window = MainWindow(listed)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.view.setFocus()
    window.view.selectRow(1)
    chosen = window.model.rows[1].id
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert list(window.wizards) == [chosen]
    assert window.wizards[chosen].isVisible()
    for wizard in list(window.wizards.values()):
        wizard.close()
    window.view.selectRow(2)
    qtbot.keyClick(window.view, Qt.Key.Key_Enter)
    assert window.model.rows[2].id in window.wizards, "the keypad's Enter too"
    for wizard in list(window.wizards.values()):
        wizard.close()
    window.close()
