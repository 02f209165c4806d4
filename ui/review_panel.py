"""The review panel beside the wizard: status, comments at this page, and the steps.

A clerk sees the supervisor's comments where they point and marks them done, and
submits; a supervisor comments, reads what changed, returns with a reason or approves.
Every rule (who may do what, when) is in models/review.py and models/comments.py; this
panel shows what models/review.allowed_actions offers and reports refusals as they come.
Submitting and approving lock the report, so they are confirmed first, with a summary
of what is submitted or approved, and their result stays in view (models/review_steps.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models import comments, review, review_steps
from models.accounts import User
from models.changes import ChangeEntry, change_entries, change_headline
from models.findings import Location
from models.store import ReportSummary, Store
from models.store_errors import StoreError
from ui import long_text_dialog
from ui.long_text_dialog import escaped

ACTION_TEXTS = {"submit": "提交审核", "approve": "审核通过", "return": "退回修改", "reopen": "重新打开", "resume_editing": "继续修改"}
CONFIRMED = ("submit", "approve")
"""The steps asked about first: they lock the report (the others ask for a reason anyway)."""
DELETED = "color:#a00018; background-color:#fde7e9; text-decoration:line-through"
INSERTED = "color:#00602a; background-color:#dff6dd; text-decoration:underline"


def changes_html(headline: str, entries: list[ChangeEntry]) -> str:
    """The change view: deletions struck through in red, insertions underlined in green
    (struck and underlined also for a reader who does not see the colours)."""
    parts = [f"<p><b>{escaped(headline)}</b></p>"]
    if any(entry.kind == "text" for entry in entries):
        parts.append(f'<p>文字中<span style="{DELETED}">删去的</span>和<span style="{INSERTED}">新增的</span>部分已标出。</p>')
    for entry in entries:
        place = escaped(entry.place)
        if entry.kind == "cell":
            parts.append(f'<p style="margin-top:2px; margin-bottom:2px">{place}：<span style="{DELETED}">{escaped(entry.old)}</span> → <span style="{INSERTED}"><b>{escaped(entry.new)}</b></span></p>')
        elif entry.kind == "text":
            styles = {"equal": "", "delete": DELETED, "insert": INSERTED}
            marked = "".join(
                f'<span style="{styles[s.kind]}">{escaped(s.text)}</span>' if styles[s.kind] else escaped(s.text) for s in entry.segments
            )
            parts.append(f'<p><span style="color:#444444">{place}</span><br>{marked}</p>')
        else:
            parts.append(f"<p>{place}</p>")
    return "".join(parts)


def preview_html(preview: review_steps.StepPreview) -> str:
    parts = [f"<p><b>{escaped(preview.question)}</b></p>", "<p>" + "<br>".join(escaped(line) for line in preview.lines) + "</p>"]
    if preview.open_comments:
        parts.append("<ul>" + "".join(f"<li>{escaped(line)}</li>" for line in preview.open_comments) + "</ul>")
    parts.append(f"<p>{escaped(preview.afterwards)}</p>")
    return "".join(parts)


class ReviewPanel(QWidget):
    """Signals:
    status_changed(object): the new ReportSummary after a step or a comment.
    """

    status_changed = Signal(object)

    def __init__(
        self,
        store: Store,
        report_id: str,
        user: User,
        before_step: Callable[[], int],
        location: Callable[[], tuple[str, Location]],
        parent: QWidget | None = None,
    ) -> None:
        """Args:
        before_step: saves what is unsaved and returns the version to act on.
        location: the current page's key and the place a new comment should point to.
        """
        super().__init__(parent)
        self.store, self.report_id, self.user = store, report_id, user
        self.before_step, self.location = before_step, location
        self.page_key = "basics"
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("审核状态")
        self.comment_list = QListWidget()
        self.comment_list.setAccessibleName("本页审核意见")
        self.comment_list.setWordWrap(True)
        self.done_button = QPushButton("标为已处理")
        self.done_button.clicked.connect(self.mark_selected_done)
        self.add_button = QPushButton("在本页添加意见…")
        self.add_button.clicked.connect(self.add_comment)
        self.add_button.setVisible(user.is_supervisor)
        self.changes_button = QPushButton("查看修改…")
        self.changes_button.clicked.connect(self.show_changes)
        self.changes_button.setVisible(user.is_supervisor)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setAccessibleName("审核结果")
        self.result.setStyleSheet("background:#dff6dd; color:#0b3d0b; padding:4px")
        self.result.setVisible(False)
        self.step_row = QHBoxLayout()
        self.step_buttons: dict[str, QPushButton] = {}
        for action, text in ACTION_TEXTS.items():
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, a=action: self.step(a))
            self.step_buttons[action] = button
            self.step_row.addWidget(button)
        comment_buttons = QHBoxLayout()
        comment_buttons.addWidget(self.done_button)
        comment_buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.result)
        layout.addWidget(QLabel("本页审核意见"))
        layout.addWidget(self.comment_list, 1)
        layout.addLayout(comment_buttons)
        layout.addWidget(self.changes_button)
        layout.addLayout(self.step_row)
        self.refresh()

    def summary(self) -> ReportSummary:
        return self.store.summary(self.report_id)

    def show_page(self, page_key: str) -> None:
        self.page_key = page_key
        self.refresh()

    def refresh(self) -> None:
        summary = self.summary()
        open_total = len(comments.open_comments(summary))
        self.status.setText(f"状态：{summary.status_label}　用户：{self.user.name}（{self.user.role_label}）　未处理意见 {open_total} 条")
        self.comment_list.clear()
        for comment in comments.open_comments(summary, self.page_key):
            report_place = comments.place_name(self.store.load(self.report_id).report, comment.location)
            item = QListWidgetItem(f"{comment.author}：{comment.text}（{report_place}）")
            item.setData(Qt.ItemDataRole.UserRole, comment.id)
            self.comment_list.addItem(item)
        self.done_button.setEnabled(self.comment_list.count() > 0)
        allowed = set(review.allowed_actions(summary, self.user))
        for action, button in self.step_buttons.items():
            button.setVisible(action in allowed)

    def _run(self, work: Callable[[int], ReportSummary]) -> ReportSummary | None:
        try:
            summary = work(self.before_step())
        except (StoreError, review.ReviewError) as error:
            problems = getattr(error, "problems", None)
            text = "\n".join([str(error), *problems]) if problems and str(error) not in problems else str(error)
            long_text_dialog.message(self, "审核", text)
            return None
        self.refresh()
        self.status_changed.emit(summary)
        return summary

    def _confirmed(self, action: str) -> bool:
        """Save, then show what is about to be submitted or approved and ask; a report
        that would be refused is not asked about: the reader sees why instead."""
        try:
            self.before_step()
            preview = review_steps.preview(self.store, self.report_id, action)
        except StoreError as error:
            long_text_dialog.message(self, "审核", str(error))
            return False
        if preview.blockers:
            long_text_dialog.message(self, preview.label, "\n".join([preview.refusal, *preview.blockers]))
            return False
        return long_text_dialog.confirm(self, preview.label, preview_html(preview), preview.label)

    def step(self, action: str) -> None:
        if action in CONFIRMED and not self._confirmed(action):
            return
        if action in ("return", "reopen"):
            reason, ok = QInputDialog.getMultiLineText(self, ACTION_TEXTS[action], "请写明理由（必填）：")
            if not ok:
                return
            with_reason = review.return_report if action == "return" else review.reopen
            done = self._run(lambda version: with_reason(self.store, self.report_id, self.user, reason, base_version=version))
        else:
            step = {"submit": review.submit, "approve": review.approve, "resume_editing": review.resume_editing}[action]
            done = self._run(lambda version: step(self.store, self.report_id, self.user, base_version=version))
        if done is not None:
            self.result.setText(review_steps.outcome(action, done))
            self.result.setVisible(True)

    def add_comment(self) -> None:
        page_key, location = self.location()
        text, ok = QInputDialog.getMultiLineText(self, "添加审核意见", "意见：")
        if ok and text.strip():
            self.result.setVisible(False)
            self._run(lambda version: comments.add_comment(self.store, self.report_id, self.user, location, text, base_version=version))

    def mark_selected_done(self) -> None:
        item = self.comment_list.currentItem() or self.comment_list.item(0)
        if item is None:
            return
        comment_id = item.data(Qt.ItemDataRole.UserRole)
        self._run(lambda version: comments.mark_done(self.store, self.report_id, self.user, comment_id, base_version=version))

    def show_changes(self) -> None:
        """What changed since the last review point: cells old → new, words in their sentence."""
        try:
            changes = review.changes_since_review(self.store, self.report_id)
            entries = change_entries(changes, self.store.load(self.report_id).report)
        except StoreError as error:
            long_text_dialog.message(self, "修改之处", str(error))
            return
        long_text_dialog.show_text(self, "修改之处", html_text=changes_html(change_headline(changes, entries), entries))
