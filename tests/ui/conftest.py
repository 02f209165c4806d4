"""Fixtures for the window tests: a real store in a temporary folder, and a main window on it."""

from __future__ import annotations

import pytest

from models.store import Store
from ui.main_window import MainWindow


@pytest.fixture
def store(tmp_path):
    opened = Store.open(tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def window(qtbot, store):
    main = MainWindow(store)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    for wizard in list(main.wizards.values()):
        wizard.close()
