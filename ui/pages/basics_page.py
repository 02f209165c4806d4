"""基本信息: the body, the year, the title, the issuer and date, the contact, 编制说明."""

from __future__ import annotations

import datetime

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from export.signature import chinese_date
from models.editing import EditSession
from models.findings import Finding
from ui.findings_view import FindingsView
from ui.pages.common import BuiltOnDemandPage, replace_text_undoably, select_span


class BasicsPage(BuiltOnDemandPage):
    def __init__(self, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__("基本信息", "机关名称、年度和落款；标题默认由机关名称和年度生成，可以改写。", parent)
        self.session = session

    def build(self) -> None:
        session = self.session
        report = session.report
        self.organization = self._line("organization", report.organization)
        self.title_edit = self._line("title", report.title_override)
        self.issuer = self._line("issuer", report.issuer)
        self.contact = self._line("contact", report.contact)
        self.contact.setPlaceholderText("地址：…，邮编：…，电话：…，电子邮箱：…")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(report.year or datetime.date.today().year - 1)
        self.year.setAccessibleName("报告年度")
        self.year.valueChanged.connect(self._year_changed)
        self.date = QLineEdit(report.date_as_typed or (chinese_date(report.date) if report.date else ""))
        self.date.setAccessibleName("成文日期")
        self.date.setPlaceholderText("例如 2025年1月20日 或 2025-01-20")
        self.date.textChanged.connect(self._date_changed)
        self.date_problem = QLabel()
        self.date_problem.setStyleSheet("color:#b00020")
        self.date_problem.setWordWrap(True)
        self.date_problem.setAccessibleName("日期问题")
        self._show_date_problem()
        self.preface = QPlainTextEdit(report.preface)
        self.preface.setAccessibleName("编制说明")
        self.preface.setTabChangesFocus(True)
        self.preface.textChanged.connect(lambda: session.set_text(None, self.preface.toPlainText()))
        standard = QPushButton("填入标准编制说明")
        standard.setToolTip("按格式要求生成：编制依据、统计期限和联系方式")
        standard.clicked.connect(lambda: replace_text_undoably(self.preface, session.report.default_preface()))
        # The reason under the field, full width: beside it, it wrapped into a narrow column.
        date_row = QVBoxLayout()
        date_row.setSpacing(2)
        date_row.addWidget(self.date)
        date_row.addWidget(self.date_problem)
        form = QFormLayout()
        form.addRow("机关名称", self.organization)
        form.addRow("报告年度", self.year)
        form.addRow("标题", self.title_edit)
        form.addRow("落款机关", self.issuer)
        form.addRow("成文日期", date_row)
        form.addRow("联系方式", self.contact)
        form.addRow("编制说明", self.preface)
        form.addRow("", standard)
        self.findings = FindingsView(session, "basics")
        self.findings.chosen.connect(self.finding_chosen)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.findings)
        self.update_view()

    def _line(self, name: str, value: str) -> QLineEdit:
        edit = QLineEdit(value)
        edit.setAccessibleName({"organization": "机关名称", "title": "标题", "issuer": "落款机关", "contact": "联系方式"}[name])
        edit.textChanged.connect(lambda text: self.session.set_field(name, text))
        return edit

    def _year_changed(self, year: int) -> None:
        self.session.set_year(year)

    def _date_changed(self, text: str) -> None:
        self.session.enter_date(text)
        self._show_date_problem()

    def _show_date_problem(self) -> None:
        """Beside the field, why what it shows is no day; the field itself framed in red."""
        problem = self.session.report.date_problem()
        self.date_problem.setText(problem)
        self.date_problem.setVisible(bool(problem))
        self.date.setStyleSheet("QLineEdit{border:1px solid #b00020}" if problem else "")
        self.date.setToolTip(problem)

    def update_view(self) -> None:
        self.title_edit.setPlaceholderText(self.session.report.generated_title or "由机关名称和年度生成")
        self.issuer.setPlaceholderText(self.session.report.organization or "默认与机关名称相同")
        self.findings.refresh()

    def show_finding(self, finding: Finding) -> None:
        """Put the cursor in the field the finding is about; in the 编制说明, select the
        pasted debris it names."""
        fields = {
            "organization": self.organization,
            "title": self.title_edit,
            "issuer": self.issuer,
            "contact": self.contact,
            "year": self.year,
            "date": self.date,
            "preface": self.preface,
        }
        field = fields.get(finding.location.field or "", self.organization)
        field.setFocus()
        if field is self.preface and finding.span is not None:
            select_span(self.preface, finding.span)
