"""One section of the report: the format's guidance, the text, its length, its default."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from models.editing import EditSession
from models.findings import Finding
from ui.pages.common import BuiltOnDemandPage, replace_text_undoably, select_span


class SectionPage(BuiltOnDemandPage):
    def __init__(self, session: EditSession, section_id: str, parent: QWidget | None = None) -> None:
        section = session.format.section(section_id)
        super().__init__(section.heading, ("（必填）" if section.required else "") + section.guidance, parent)
        self.session = session
        self.section_id = section_id

    def build(self) -> None:
        session = self.session
        section_id = self.section_id
        section = session.format.section(section_id)
        self.editor = QPlainTextEdit(session.report.texts.get(section_id, ""))
        self.editor.setAccessibleName(section.heading)
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText("每段一行；“（一）……。”开头的段落按二级标题排版。")
        self.editor.textChanged.connect(self._changed)
        self.count = QLabel()
        self.count.setAccessibleName("字数")
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        if section.default_text:
            default = QPushButton(f"填入“{section.default_text.splitlines()[0][:12]}”")
            default.setToolTip(f"本部分的默认文字：{section.default_text}")
            default.clicked.connect(lambda: replace_text_undoably(self.editor, section.default_text))
            self.default_button = default
            row.addWidget(default)
        if not section.tables:  # a narrative section: the figures are quoted here
            self.sentences = QComboBox()
            self.sentences.setAccessibleName("标准句")
            self.sentences.setToolTip("由表格数字生成的句子：插入后文字与表格一致")
            insert = QPushButton("插入标准句")
            insert.clicked.connect(self.insert_sentence)
            self.sentences_button = insert
            row.addWidget(self.sentences, 1)
            row.addWidget(insert)
            self._fill_sentences()
        # Text copied from a web page: its broken lines and ㈠ numbers, tidied in one
        # click that Ctrl+Z undoes (models/paste_cleanup.py); shown only when it applies.
        self.tidy_button = QPushButton("整理网页格式")
        self.tidy_button.clicked.connect(self.tidy)
        row.insertWidget(1, self.tidy_button)
        from ui.findings_view import FindingsView

        self.findings = FindingsView(session, f"section:{section_id}")
        self.findings.chosen.connect(self.finding_chosen)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor, 1)
        layout.addLayout(row)
        layout.addWidget(self.findings)
        self._count()

    def _changed(self) -> None:
        self.session.set_text(self.section_id, self.editor.toPlainText())
        self._count()

    def _count(self) -> None:
        from models.paste_cleanup import tidy_pasted_text

        text = self.editor.toPlainText()
        characters = sum(1 for ch in text if not ch.isspace())
        self.count.setText(f"已写 {characters} 字")
        summary = tidy_pasted_text(text).summary
        self.tidy_button.setVisible(bool(summary))
        self.tidy_button.setToolTip(f"从网页复制的文字：{summary}（可按 Ctrl+Z 撤销）" if summary else "")

    def tidy(self) -> None:
        from models.paste_cleanup import tidy_pasted_text

        tidied = tidy_pasted_text(self.editor.toPlainText())
        if tidied.summary:
            replace_text_undoably(self.editor, tidied.text)
            self.editor.setFocus()

    def show_finding(self, finding: Finding) -> None:
        """Select what the finding is about (the first piece of pasted debris), else put
        the cursor in the text."""
        self.editor.setFocus()
        if finding.span is not None:
            select_span(self.editor, finding.span)

    def _fill_sentences(self) -> None:
        from models.standard_sentences import sentences

        self.sentences.clear()
        for label, sentence in sentences(self.session.report):
            self.sentences.addItem(label, sentence)
        self.sentences_button.setEnabled(self.sentences.count() > 0)

    def insert_sentence(self) -> None:
        """Insert at the cursor, so the clerk's text around it stays (and Ctrl+Z works)."""
        sentence = self.sentences.currentData()
        if sentence:
            self.editor.insertPlainText(sentence)
            self.editor.setFocus()

    def update_view(self) -> None:
        self.findings.refresh()
        if hasattr(self, "sentences"):
            self._fill_sentences()
