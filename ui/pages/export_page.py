"""导出: the .docx (draft or final), opened in Word/WPS to print, and a PDF where
LibreOffice exists. The export runs off the GUI thread with a busy indicator.

The folder last exported to and whether a PDF was wanted are remembered for the data
folder (ui/preferences.py, given by the main window through remember_in).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.editing import EditSession
from models.export_notice import export_status
from ui.pages.common import BuiltOnDemandPage


FinalRule = Callable[[], tuple[bool, str]]
Exporter = Callable[[Path, bool], Any]


class ExportPage(BuiltOnDemandPage):
    """Args:
    final_rule: whether the export may be final, and why not (models/review.py); without
        one (a sample outside the store) the export is a draft: it was never reviewed.
    exporter: writes the document (and records the export); runs off the GUI thread.
    """

    def __init__(
        self,
        session: EditSession,
        default_folder: Path,
        final_rule: FinalRule | None = None,
        exporter: Exporter | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("导出", "导出公文格式的 Word 文档，在 Word 或 WPS 中打开即可打印。", parent)
        self.session = session
        self.default_folder = default_folder
        self.final_rule = final_rule
        self.exporter = exporter
        self.preferences: Any = None
        """Where the folder and the PDF choice are remembered (ui/preferences.Preferences)."""

    def remember_in(self, preferences: Any) -> None:
        self.preferences = preferences

    def build(self) -> None:
        session, default_folder = self.session, self.default_folder
        if self.preferences is not None:
            default_folder = self.preferences.export_folder() or default_folder
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("导出状态")
        self.path = QLineEdit(str(default_folder / f"{session.report.title or '年度报告'}.docx"))
        self.path.setAccessibleName("导出到")
        browse = QPushButton("选择位置…")
        browse.clicked.connect(self._browse)
        self.pdf = QCheckBox("同时生成 PDF（需要 LibreOffice）")
        from export.pdf import find_office

        if find_office() is None:
            self.pdf.setEnabled(False)
            self.pdf.setToolTip("未找到 LibreOffice；可在 Word/WPS 中“另存为 PDF”")
        elif self.preferences is not None:
            self.pdf.setChecked(self.preferences.export_pdf())
            self.pdf.toggled.connect(self.preferences.remember_export_pdf)
        self.export_button = QPushButton("导出")
        self.export_button.clicked.connect(self.start_export)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.busy.setAccessibleName("正在导出")
        self.open_button = QPushButton("打开文档（打印）")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setAccessibleName("导出结果")
        self.last_path: Path | None = None
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(path_row)
        layout.addWidget(self.pdf)
        layout.addLayout(buttons)
        layout.addWidget(self.busy)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.update_view()

    def final(self) -> tuple[bool, str]:
        if self.final_rule is not None:
            return self.final_rule()
        return False, "这份报告不在草稿库中，未经审核。"

    def update_view(self) -> None:
        self.status.setText(export_status(*self.final()))

    def _browse(self) -> None:
        from ui.file_dialogs import save_file

        chosen = save_file(self, "导出到", self.path.text(), "Word 文档 (*.docx)", "docx")
        if chosen:
            self.path.setText(chosen if chosen.endswith(".docx") else chosen + ".docx")
            self._remember_folder(Path(chosen).parent)

    def _remember_folder(self, folder: Path) -> None:
        if self.preferences is not None and folder.is_dir():
            self.preferences.remember_export_folder(folder)

    def start_export(self) -> None:
        from export.docx_builder import export_docx
        from export.pdf import convert_to_pdf
        from ui.background import run_in_background

        target = Path(self.path.text())
        self._remember_folder(target.parent)
        report = self.session.report
        with_pdf = self.pdf.isChecked()
        final, _reason = self.final()  # read on the GUI thread: the store is not thread-safe
        exporter = self.exporter or (lambda path, is_final: export_docx(report, path, final=is_final))

        def work() -> tuple[Path, bool, Path | None]:
            result = exporter(target, final)
            return result.path, result.final, convert_to_pdf(result.path) if with_pdf else None

        self.export_button.setEnabled(False)
        self.busy.setVisible(True)
        self.result.setText("正在导出……")
        run_in_background(work, self._done, self._failed)

    def _done(self, outcome: tuple[Path, bool, Path | None]) -> None:
        path, final, pdf = outcome
        self.busy.setVisible(False)
        self.export_button.setEnabled(True)
        self.last_path = path
        self.open_button.setEnabled(True)
        kind = "正式文档" if final else "草稿"
        self.result.setText(f"已导出{kind}：{path}" + (f"\n已生成 PDF：{pdf}" if pdf else ""))

    def _failed(self, error: Exception) -> None:
        self.busy.setVisible(False)
        self.export_button.setEnabled(True)
        self.result.setText(f"导出失败：{error}")

    def _open(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        if self.last_path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_path)))
