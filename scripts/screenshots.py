"""Screenshots of each kind of window and page, for docs/images/ and the README.

Run under a virtual screen: xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py
It uses a temporary data folder with the two samples and a real report with errors
imported, so the pictures show badges, findings and marked cells.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from ui.app import application  # noqa: E402

OUT = ROOT / "docs" / "images"
SIZE = (1366, 768)


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def shoot(widget: QWidget, name: str) -> None:
    settle()
    widget.grab().save(str(OUT / f"{name}.png"))
    print(name)


def review_views(store, report_id: str) -> None:  # type: ignore[no-untyped-def]
    """Sign-in, the supervisor's review panel with a comment, and the clerk's banner."""
    from models import comments, review
    from models.accounts import CLERK, Accounts
    from models.findings import Location
    from ui.main_window import MainWindow
    from ui.sign_in_dialog import SignInDialog

    accounts = Accounts(store.data_dir)
    boss = accounts.create_first_supervisor("张科长", "科长的密码-2024")
    accounts.add_user(boss, "王科员", CLERK, "科员的密码-2024")
    dialog = SignInDialog(accounts)
    dialog.name.setCurrentText("王科员")
    dialog.show()
    shoot(dialog, "ui-sign-in")
    dialog.close()
    clerk = accounts.authenticate("王科员", "科员的密码-2024")
    review.submit(store, report_id, clerk)
    window = MainWindow(store, boss, accounts)
    window.resize(*SIZE)
    wizard = window.open_report(report_id)
    assert wizard is not None
    wizard.resize(*SIZE)
    wizard.go_to(wizard.index_of("section:problems"))
    version = store.summary(report_id).version
    comments.add_comment(store, report_id, boss, Location(section="problems"), "请补充上一年度问题的整改情况。", base_version=version)
    wizard.review_panel.refresh()
    shoot(wizard, "ui-review-supervisor")
    review.return_report(store, report_id, boss, "第五部分不完整，见意见。", base_version=store.summary(report_id).version)
    wizard.close()
    window.close()
    clerk_window = MainWindow(store, clerk, accounts)
    clerk_window.resize(*SIZE)
    clerk_wizard = clerk_window.open_report(report_id)
    assert clerk_wizard is not None
    clerk_wizard.resize(*SIZE)
    clerk_wizard.go_to(clerk_wizard.index_of("section:problems"))
    shoot(clerk_wizard, "ui-review-returned")
    clerk_wizard.close()
    clerk_window.close()


def main() -> int:
    app = application(sys.argv[:1])
    from models.store import Store
    from ui.main_window import MainWindow
    from ui.new_report_dialog import NewReportDialog

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data_dir:
        store = Store.open(Path(data_dir))
        ids = {}
        for name, path in (
            ("hongze", ROOT / "tests/fixtures/real-report-hongze-2023.json"),
            ("hengyang", ROOT / "resources/samples/hengyang-2013.json"),
            ("example", ROOT / "resources/samples/national-2021-example.json"),
        ):
            summary, _ = store.import_file(path, "示例用户")
            ids[name] = summary.id
        window = MainWindow(store)
        window.resize(*SIZE)
        window.show()
        shoot(window, "ui-main-window")
        dialog = NewReportDialog(window, "示例县人民政府办公室")
        dialog.show()
        shoot(dialog, "ui-new-report")
        dialog.close()
        wizard = window.open_report(ids["hongze"])
        assert wizard is not None
        wizard.resize(*SIZE)
        for key, name in (
            ("basics", "ui-page-basics"),
            ("section:overview", "ui-page-section"),
            ("table:requests", "ui-page-table3"),
            ("table:review_litigation", "ui-page-table4"),
            ("check", "ui-page-check"),
            ("export", "ui-page-export"),
        ):
            wizard.go_to(wizard.index_of(key))
            shoot(wizard, name)
        wizard.close()
        legacy = window.open_report(ids["hengyang"])
        assert legacy is not None
        legacy.resize(*SIZE)
        legacy.go_to(legacy.index_of("table:requests"))
        shoot(legacy, "ui-page-legacy-table")
        legacy.close()
        window.close()
        review_views(store, ids["example"])
        store.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
