"""新建报告: the format (default national-2021), the body and the year (default: last year)."""

from __future__ import annotations

import datetime

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from models.formats import all_formats

DEFAULT_FORMAT = "national-2021"


class NewReportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, organization: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("新建报告")
        self.format = QComboBox()
        self.format.setAccessibleName("报告格式")
        for fmt in all_formats().values():
            years = f"{fmt.year_from}—{fmt.year_to}年" if fmt.year_to else f"{fmt.year_from}年起"
            self.format.addItem(f"{fmt.name}（{fmt.basis}，{years}）", fmt.id)
        self.format.setCurrentIndex(self.format.findData(DEFAULT_FORMAT))
        self.organization = QLineEdit(organization)
        self.organization.setAccessibleName("机关名称")
        self.organization.setPlaceholderText("例如：某某市人民政府办公室")
        self.year = QSpinBox()
        self.year.setAccessibleName("报告年度")
        self.year.setRange(2008, 2100)
        self.year.setValue(datetime.date.today().year - 1)
        self.problem = QLabel()
        self.problem.setStyleSheet("color:#b00020")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("创建")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("格式", self.format)
        form.addRow("机关名称", self.organization)
        form.addRow("报告年度", self.year)
        form.addRow(self.problem)
        form.addRow(buttons)

    def _accept(self) -> None:
        if not self.organization.text().strip():
            self.problem.setText("请填写机关名称")
            self.organization.setFocus()
            return
        self.accept()

    def values(self) -> tuple[str, str, int]:
        return self.format.currentData(), " ".join(self.organization.text().split()), self.year.value()
