"""Fixtures for the window tests: a real store in a temporary folder, and a main window on it."""

from __future__ import annotations

import pytest

from models.store import Store
from tests.conftest import EVENT_CAP_MS
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
    with qtbot.waitExposed(main, timeout=EVENT_CAP_MS):
        main.show()
    yield main
    for wizard in list(main.wizards.values()):
        wizard.close()
