"""The main window: the reports in the store, and what can be done with them.

Every action goes through the Store (models/store.py); this window only asks, shows
and confirms. Messages from the store are Chinese already and are shown as they come.
"""

from __future__ import annotations

import getpass
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from models.atomic_file import write_atomic
from models.editing import EditSession
from models.formats import get_format
from models.report import Report
from models.store import ReportSummary, Store
from models.store_errors import StoreError
from ui.enter_key import enter_activates
from ui.preferences import Preferences
from ui.resume import ResumeState
from ui.wizard import ReportWizard

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QKeyEvent

    from models.accounts import Accounts, User

COLUMNS = ("机关名称", "年度", "格式", "状态", "最后保存", "错误", "警告")


def current_user() -> str:
    """Who saves, until accounts exist (issue 6): the operating-system user."""
    try:
        return getpass.getuser()
    except Exception:
        return "填报人"


ALL_STATUSES = "全部状态"
COLUMN_PADDING = 16
"""Pixels added to each column's content width: text that only just fits reads as cut off."""


def default_geometry(available: QRect) -> QRect:
    """Where the main window opens the first time: most of the screen (1092 × 614 on a
    1366 × 768 one), room kept for the title bar and the task bar, centred."""
    width = min(available.width() - 40, max(960, min(1280, available.width() * 4 // 5)))
    height = min(available.height() - 80, max(600, min(800, available.height() * 4 // 5)))
    return QRect(
        available.left() + (available.width() - width) // 2,
        available.top() + (available.height() - height) // 2,
        width,
        height,
    )


class ReportTable(QStandardItemModel):
    """The reports shown: all of them, or those of one status (the filter above the list).

    The rows are items that Qt serves, not a Python data() method: the view asks a
    Python model for its header as soon as the window paints, and handing Qt's enums to
    Python builds PySide6's whole Qt namespace (93 enum types, some 14 ms of start-up,
    issue 5) even for an empty list. Centring the number columns needs the namespace,
    so it is imported once there is a row to centre.
    """

    CENTRED = (1, 5, 6)

    def __init__(self) -> None:
        super().__init__(0, len(COLUMNS))
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self.all_rows: list[ReportSummary] = []
        self.rows: list[ReportSummary] = []
        self.status_filter = ALL_STATUSES
        self.broken_seals: dict[str, str] = {}
        """Approved reports whose content changed since approval, with the reason."""

    def set_rows(self, rows: list[ReportSummary]) -> None:
        self.all_rows = sorted(rows, key=lambda s: s.saved_at, reverse=True)
        self._apply()

    def set_status_filter(self, label: str) -> None:
        self.status_filter = label
        self._apply()

    def _apply(self) -> None:
        self.rows = [s for s in self.all_rows if self.status_filter in (ALL_STATUSES, s.status_label)]
        self.setRowCount(0)
        if not self.rows:
            return
        from PySide6.QtCore import Qt  # see the class docstring

        for summary in self.rows:
            items = [QStandardItem(text) for text in self._texts(summary)]
            for item in items:
                item.setEditable(False)
            for column in self.CENTRED:
                items[column].setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if summary.id in self.broken_seals:
                items[3].setToolTip(self.broken_seals[summary.id])
            self.appendRow(items)

    def _texts(self, summary: ReportSummary) -> tuple[str, ...]:
        saved = summary.saved_at.replace("T", " ")[:16]
        return (
            summary.organization or "（未填写）",
            str(summary.year or ""),
            summary.format,
            summary.status_label + ("（审核已失效）" if summary.id in self.broken_seals else ""),
            f"{saved}（{summary.saved_by}）",
            str(summary.error_count),
            str(summary.warning_count),
        )


class ReportView(QTableView):
    """The report list: Enter opens the chosen report, as a double click does."""

    def __init__(self, open_chosen: Callable[[], None]) -> None:
        super().__init__()
        self.open_chosen = open_chosen

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if not enter_activates(self, event, self.open_chosen):
            super().keyPressEvent(event)


class MainWindow(QMainWindow):
    """Attributes:
    store: the open store (read-only when another window holds the data folder).
    wizards: open wizards by report id (one window per report).
    """

    def __init__(self, store: Store, user: User | None = None, accounts: Accounts | None = None) -> None:
        super().__init__()
        self.store = store
        self.user = user
        self.accounts = accounts
        self.who = user.name if user else current_user()
        self.resume = ResumeState(store.data_dir)
        self.preferences = Preferences(store.data_dir)
        self.wizards: dict[str, ReportWizard] = {}
        self._set_title()
        self.model = ReportTable()
        self.view = ReportView(self.open_selected)
        self.view.setAccessibleName("报告列表")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Sized to their content (with room, see _size_columns); the name takes what is left.
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setVisible(False)
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#fff4ce; padding:6px")
        self.banner.setVisible(False)
        self.status = QLabel()
        self.status.setAccessibleName("状态")
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("按状态筛选")
        self.status_filter.currentTextChanged.connect(self._filter_changed)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel("状态"))
        filter_row.addWidget(self.status_filter)
        filter_row.addStretch(1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.banner)
        layout.addLayout(filter_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.setCentralWidget(central)
        self._actions()
        if store.read_only:
            self.banner.setText(f"只读：{store.read_only_reason}")
            self.banner.setVisible(True)
        for warning in getattr(store, "warnings", []):
            self.status.setText(warning)
        self.refresh()
        self._place()

    def _place(self) -> None:
        """Where it was when it last closed on this data folder, else default_geometry.
        restoreGeometry keeps a remembered place on a screen that is there now."""
        remembered = self.preferences.window_geometry()
        if remembered is None or not self.restoreGeometry(remembered):
            screen = self.screen()
            self.setGeometry(default_geometry(screen.availableGeometry()))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.preferences.remember_window_geometry(bytes(self.saveGeometry().data()))
        super().closeEvent(event)

    def _size_columns(self) -> None:
        """Every column but the name as wide as its widest text plus some room; the name
        column takes the rest of the window (Stretch)."""
        header = self.view.horizontalHeader()
        for column in range(1, self.model.columnCount()):
            self.view.resizeColumnToContents(column)
            header.resizeSection(column, header.sectionSize(column) + COLUMN_PADDING)

    def _set_title(self) -> None:
        signed_in = f"（{self.user.name}，{self.user.role_label}）" if self.user else ""
        self.setWindowTitle(f"年报 — 政府信息公开工作年度报告{signed_in}")

    def switch_user(self) -> None:
        """Sign in as someone else without restarting; open wizards save and close first."""
        from ui.sign_in_dialog import SignInDialog

        if self.accounts is None:
            return
        for wizard in list(self.wizards.values()):
            wizard.close()
        user = SignInDialog.ask(self.accounts, self)
        if user is None:
            return
        if self.user is not None:
            self.accounts.sign_out(self.user)
        self.user, self.who = user, user.name
        self._set_title()
        self._show_user_actions()
        self.refresh()

    def _actions(self) -> None:
        toolbar = QToolBar("报告")
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        self.actions_by_name: dict[str, QAction] = {}
        for name, text, shortcut, slot, writes in (
            ("new", "新建", QKeySequence.StandardKey.New, self.new_report, True),
            ("open", "打开", QKeySequence.StandardKey.Open, self.open_selected, False),
            ("duplicate", "复制", None, self.duplicate_selected, True),
            ("delete", "删除", QKeySequence.StandardKey.Delete, self.delete_selected, True),
            ("import", "导入交换文件", None, self.import_file, True),
            ("export", "导出交换文件", None, self.export_selected, False),
            ("backup", "备份", None, self.backup, False),
            ("restore", "恢复", None, self.restore, True),
            ("aggregate", "汇总…", None, self.aggregate_files, True),
            ("switch_user", "切换用户", None, self.switch_user, False),
            ("users", "用户…", None, self.manage_users, False),
        ):
            # Not QAction(text, self): PySide6 weighs that call against QAction(QIcon, text,
            # parent) and builds QIcon's enums (~2 ms of start-up, issue 5) to do so.
            action = QAction(self, text=text)
            if shortcut is not None:
                # The platform's own keys (Ctrl+N, Ctrl+O, Del). setShortcuts: setShortcut's
                # overloads make PySide6 build the whole Qt namespace (see ReportTable).
                action.setShortcuts(shortcut)
            action.triggered.connect(slot)
            action.setEnabled(not (writes and self.store.read_only))
            toolbar.addAction(action)
            self.actions_by_name[name] = action
        self.actions_by_name["switch_user"].setVisible(self.accounts is not None)
        self._show_user_actions()

    def _show_user_actions(self) -> None:
        self.actions_by_name["users"].setVisible(self.accounts is not None and self.user is not None and self.user.is_supervisor)

    def manage_users(self) -> None:
        from ui.users_dialog import UsersDialog

        if self.accounts is not None and self.user is not None:
            UsersDialog(self.accounts, self.user, self).exec()

    # -- helpers -------------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            summaries = self.store.summaries()
            # An approval counts only while the content is what was approved: a hand edit
            # of the data file is shown here, not first discovered at export.
            self.model.broken_seals = {}
            for summary in summaries:
                if summary.status == "approved":
                    from models import review

                    seal = review.check_seal(self.store, summary.id)
                    if not seal.holds:
                        self.model.broken_seals[summary.id] = seal.message
            self.model.set_rows(summaries)
            self._size_columns()
        except StoreError as error:
            self._problem(str(error))
            return
        labels = sorted({s.status_label for s in self.model.all_rows})
        current = self.model.status_filter if self.model.status_filter in labels else ALL_STATUSES
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        self.status_filter.addItems([ALL_STATUSES, *labels])
        self.status_filter.setCurrentText(current)
        self.status_filter.blockSignals(False)
        self.model.set_status_filter(current)
        self._size_columns()
        count = len(self.model.all_rows)
        shown = len(self.model.rows)
        if not count:
            self.status.setText("还没有报告：点“新建”开始填写，或“导入交换文件”。")
        else:
            self.status.setText(f"共 {count} 份报告" + (f"，显示其中 {shown} 份（{current}）" if shown != count else ""))
        self._remind_deadline()

    def _remind_deadline(self) -> None:
        """The deadline of the newest report not yet approved (条例 第四十九条)."""
        import datetime

        from models.deadlines import reminder

        open_reports = [s for s in self.model.all_rows if s.status != "approved" and s.year]
        if not open_reports:
            self.banner.setVisible(bool(self.store.read_only))
            return
        newest = max(open_reports, key=lambda s: s.year or 0)
        text = reminder(datetime.date.today(), newest.year or 0, newest.organization)
        prefix = f"只读：{self.store.read_only_reason}\n" if self.store.read_only else ""
        self.banner.setText(prefix + text)
        self.banner.setVisible(bool(text) or bool(prefix))

    def _filter_changed(self, label: str) -> None:
        if label:
            self.model.set_status_filter(label)
            self.status.setText(f"共 {len(self.model.all_rows)} 份报告，显示其中 {len(self.model.rows)} 份（{label}）")

    def selected(self) -> ReportSummary | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            if self.model.rows:
                self._problem("请先在列表中选择一份报告")
            return None
        return self.model.rows[rows[0].row()]

    def _problem(self, text: str) -> None:
        from ui.long_text_dialog import message

        message(self, "年报", text)

    # -- actions -------------------------------------------------------------------------

    def new_report(self) -> None:
        from ui.new_report_dialog import NewReportDialog

        dialog = NewReportDialog(self)
        if dialog.exec() != NewReportDialog.DialogCode.Accepted:
            return
        format_id, organization, year = dialog.values()
        report = self._start_from_last_year(format_id, organization, year) or Report.new(get_format(format_id), organization, year)
        try:
            summary = self.store.create(report, self.who)
        except StoreError as error:
            self._problem(str(error))
            return
        self.refresh()
        self.open_report(summary.id)

    def _start_from_last_year(self, format_id: str, organization: str, year: int) -> Report | None:
        """Offer last year's report of the same body as the start (issue 7 point 1)."""
        from PySide6.QtWidgets import QMessageBox

        from models.carry_forward import CarryForwardError, carry_forward

        last = next(
            (s for s in self.store.summaries() if s.organization == organization and s.year == year - 1),
            None,
        )
        if last is None:
            return None
        answer = QMessageBox.question(
            self,
            "从上年报告开始",
            f"草稿库中有“{last.title}”。从它开始吗？\n机关、联系方式照搬，上年结转取上年的结转下年度，"
            "上年的文字作为待改写的草稿带入（标有“【上年文字，请改写】”）。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        try:
            carried = carry_forward(self.store.load(last.id).report, year, format_id, source=last.title)
        except (CarryForwardError, StoreError) as error:
            self._problem(str(error))
            return None
        self.status.setText("；".join(carried.lines())[:200])
        return carried.report

    def aggregate_files(self) -> None:
        """汇总: sum departments' exchange files into one report of the same format and year."""
        from PySide6.QtWidgets import QInputDialog

        from models.aggregate import AggregateError, aggregate
        from models.exchange import ExchangeError, read_exchange
        from ui.file_dialogs import open_files

        chosen = open_files(self, "选择要汇总的交换文件", str(Path.home()), "交换文件 (*.json)")
        if not chosen:
            return
        organization, ok = QInputDialog.getText(self, "汇总", "汇总报告的机关名称：")
        if not ok or not organization.strip():
            return
        try:
            reports = [read_exchange(Path(path))[0] for path in chosen]
            total, sources = aggregate(reports, organization.strip(), names=[Path(p).name for p in chosen])
            summary = self.store.create(total, self.who)
        except (ExchangeError, AggregateError, StoreError) as error:
            self._problem(str(error))
            return
        self.refresh()
        self.status.setText(f"已汇总 {len(sources)} 个单位的报告：{summary.title}")

    def open_selected(self) -> None:
        summary = self.selected()
        if summary:
            self.open_report(summary.id)

    def open_report(self, report_id: str) -> ReportWizard | None:
        if report_id in self.wizards:
            wizard = self.wizards[report_id]
            wizard.raise_()
            wizard.activateWindow()
            return wizard
        try:
            stored = self.store.load(report_id)
        except StoreError as error:
            self._problem(str(error))
            return None
        from export.store_export import export_and_record
        from models import comments, opening, review
        from models.cross_year import previous_report

        # Last year's report of the same body, when the store has it: the cross-year
        # checks (上年结转, 现行有效件数, year on year) then run in the wizard too.
        session = EditSession(stored.report, previous=previous_report(self.store, stored.summary))
        version = {"base": stored.summary.version}

        def save() -> str:
            if self.store.read_only:
                raise StoreError(self.store.read_only_reason or "数据文件夹只读")
            summary = self.store.save(report_id, session.report, self.who, base_version=version["base"])
            version["base"] = summary.version
            return time.strftime("%H:%M")

        editable, locked_reason = review.can_edit(stored.summary)
        # The banner and the first page depend on who reads (models/opening.py).
        supervisor = self.user is not None and self.user.is_supervisor
        panel = None
        wizard_box: dict[str, ReportWizard] = {}
        if self.user is not None:
            from ui.review_panel import ReviewPanel

            def before_step() -> int:
                wizard_box["wizard"].autosaver.flush()
                return version["base"]

            panel = ReviewPanel(self.store, report_id, self.user, before_step, lambda: wizard_box["wizard"].current_location())

            def after_step(summary: ReportSummary) -> None:
                version["base"] = summary.version
                can, reason = review.can_edit(summary)
                wizard_box["wizard"].set_read_only("" if can else reason)
                wizard_box["wizard"].set_banner(opening.banner(summary, supervisor))
                wizard_box["wizard"].set_open_comments(comments.open_counts(summary))
                self.refresh()

            panel.status_changed.connect(after_step)

        wizard = ReportWizard(
            session,
            save,
            start_page=opening.start_page(stored.summary, [p.key for p in session.pages()], self.resume.last_page(report_id), supervisor),
            export_folder=self.preferences.export_folder() or Path.home(),
            # Where the clerk resumes; a supervisor's reading does not move it.
            on_page=None if supervisor else lambda key: self.resume.remember(report_id, key),
            read_only_reason="" if editable else locked_reason,
            banner=opening.banner(stored.summary, supervisor),
            open_comments=comments.open_counts(stored.summary),
            review_panel=panel,
            final_rule=lambda: review.final_export_allowed(self.store, report_id),
            exporter=lambda path, final: export_and_record(
                session.report, path, data_dir=self.store.data_dir, report_id=report_id, who=self.who, final=final
            ),
        )
        wizard_box["wizard"] = wizard
        remember_in = getattr(wizard.page_widgets.get("export"), "remember_in", None)
        if remember_in is not None:
            remember_in(self.preferences)  # the folder and the PDF choice, per data folder
        wizard.finished.connect(lambda _result: self._wizard_closed(report_id))
        self.wizards[report_id] = wizard
        wizard.show()
        return wizard

    def _wizard_closed(self, report_id: str) -> None:
        self.wizards.pop(report_id, None)
        self.refresh()

    def duplicate_selected(self) -> None:
        summary = self.selected()
        if not summary:
            return
        try:
            self.store.duplicate(summary.id, self.who)
        except StoreError as error:
            self._problem(str(error))
        self.refresh()

    def delete_selected(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        summary = self.selected()
        if not summary:
            return
        answer = QMessageBox.question(
            self,
            "删除报告",
            f"确定删除“{summary.title or summary.organization}”吗？\n删除后可从备份中恢复。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.store.delete(summary.id, self.who)
        except StoreError as error:
            self._problem(str(error))
        self.refresh()

    def import_file(self) -> None:
        from ui.file_dialogs import open_file

        chosen = open_file(self, "导入交换文件", str(Path.home()), "交换文件 (*.json)")
        if not chosen:
            return
        try:
            summary, notices = self.store.import_file(Path(chosen), self.who)
        except Exception as error:  # ExchangeError or StoreError: both carry a Chinese message
            self._problem(str(error))
            return
        self.refresh()
        if notices:
            from ui.long_text_dialog import message

            message(self, "导入", "\n".join(n.message for n in notices), "information")
        self.status.setText(f"已导入：{summary.title}")

    def export_selected(self) -> None:
        from ui.file_dialogs import save_file

        summary = self.selected()
        if not summary:
            return
        chosen = save_file(self, "导出交换文件", str(Path.home() / f"{summary.title}.json"), "交换文件 (*.json)", "json")
        if not chosen:
            return
        try:
            document = self.store.document(summary.id)
            write_atomic(Path(chosen), (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        except (StoreError, OSError) as error:
            self._problem(f"导出失败：{error}")
            return
        self.status.setText(f"已导出：{chosen}")

    def backup(self) -> None:
        from ui.file_dialogs import save_file

        chosen = save_file(self, "备份全部报告", str(Path.home() / f"年报备份-{time.strftime('%Y%m%d')}.zip"), "备份文件 (*.zip)", "zip")
        if not chosen:
            return
        try:
            self.store.backup_to(Path(chosen), self.who)
        except StoreError as error:
            self._problem(str(error))
            return
        self.status.setText(f"已备份到：{chosen}")

    def restore(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from ui.file_dialogs import open_file

        chosen = open_file(self, "从备份恢复", str(Path.home()), "备份文件 (*.zip)")
        if not chosen:
            return
        answer = QMessageBox.question(
            self,
            "从备份恢复",
            "恢复会用备份中的报告替换现在的全部报告（现在的数据会先自动备份）。确定恢复吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            safety = self.store.restore_from(Path(chosen), self.who)
        except StoreError as error:
            self._problem(str(error))
            return
        self.refresh()
        self.status.setText(f"已恢复。恢复前的数据已备份到：{safety}")
