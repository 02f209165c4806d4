"""新建报告: the year (default: last year), the format the year calls for, and the body.

A report's format cannot be changed once it is created (its tables are the format's), so
the format follows the year as the clerk sets it, and a format that does not fit the year
is refused with the reason (models/formats.format_mismatch), not left to S-01 afterwards.
"""

from __future__ import annotations

import datetime

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from models.formats import all_formats, format_for_year, format_mismatch, years_of

DEFAULT_FORMAT = "national-2021"


class NewReportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, organization: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("新建报告")
        self.year = QSpinBox()
        self.year.setAccessibleName("报告年度")
        self.year.setRange(2008, 2100)
        self.year.setValue(datetime.date.today().year - 1)
        self.format = QComboBox()
        self.format.setAccessibleName("报告格式")
        for fmt in all_formats().values():
            self.format.addItem(f"{fmt.name}（{fmt.basis}，{years_of(fmt)}）", fmt.id)
        self.format.setCurrentIndex(self.format.findData(DEFAULT_FORMAT))
        self.organization = QLineEdit(organization)
        self.organization.setAccessibleName("机关名称")
        self.organization.setPlaceholderText("例如：某某市人民政府办公室")
        self.problem = QLabel()
        self.problem.setStyleSheet("color:#b00020")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("问题")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("创建")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("报告年度", self.year)
        form.addRow("格式", self.format)
        form.addRow("机关名称", self.organization)
        form.addRow(self.problem)
        form.addRow(buttons)
        self._propose_format(self.year.value())
        self.year.valueChanged.connect(self._propose_format)
        self.format.currentIndexChanged.connect(lambda _index: self._show_mismatch())

    def _propose_format(self, year: int) -> None:
        """The year decides the format; the clerk may still pick another, and is told why not."""
        fmt = format_for_year(year)
        if fmt is not None:
            self.format.setCurrentIndex(self.format.findData(fmt.id))
        self._show_mismatch()

    def _mismatch(self) -> str:
        return format_mismatch(self.format.currentData(), self.year.value())

    def _show_mismatch(self) -> None:
        self.problem.setText(self._mismatch())

    def _accept(self) -> None:
        mismatch = self._mismatch()
        if mismatch:
            self.problem.setText(mismatch)
            self.format.setFocus()
            return
        if not self.organization.text().strip():
            self.problem.setText("请填写机关名称")
            self.organization.setFocus()
            return
        self.accept()

    def values(self) -> tuple[str, str, int]:
        return self.format.currentData(), " ".join(self.organization.text().split()), self.year.value()
