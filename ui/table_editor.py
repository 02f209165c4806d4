"""The grid editor of one official table: the main widget of a table page (issue 5).

It is kept apart from the page that holds it because it is the only place where the
clerk types numbers, and the keyboard, paste and commit behaviour deserve their own tests
(tests/ui/test_table_editor.py). It holds no rule: the grid shape comes from
`models.table_layout` (the same layout the Word export prints, so the editor looks like
the official table), every value goes in through `EditSession`, and the marks and
messages are the session's findings and the model's own Chinese error texts.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPalette,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.clipboard import copy_summary, copy_text
from models.editing import EditSession
from models.formats import Cell
from models.rules import computed_totals, total_cells
from models.table_layout import BLANK_TEXT, Box, TableLayout
from models.total_hints import total_tooltip
from models.values import InputError, Value, format_value

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
"""The layout kind of a grid item (corner, header, caption, label, unit, value, total)."""

ERROR_BACKGROUND = QColor("#f6c9c9")
"""A cell with an error finding: light red, readable with dark text in any theme."""
WARNING_BACKGROUND = QColor("#fdf0b8")
"""A cell with a warning finding: light yellow."""
MARKED_TEXT = QColor("#1a1a1a")
"""Text on a marked cell: fixed dark, because the marks are fixed light colours."""
ERROR_MESSAGE_TEXT = QColor("#a40000")
"""A refused value's message under the grid: dark red."""

_HEADER_KINDS = ("corner", "header", "caption")
_ALIGNMENT = {
    "corner": Qt.AlignmentFlag.AlignCenter,
    "header": Qt.AlignmentFlag.AlignCenter,
    "caption": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    "label": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    "unit": Qt.AlignmentFlag.AlignCenter,
    "value": Qt.AlignmentFlag.AlignCenter,
    "total": Qt.AlignmentFlag.AlignCenter,
}
# Value cells are centred like the printed official table (docs/images/export-*.png).

_LABEL_WEIGHT = 3
_VALUE_WEIGHT = 1
"""Relative column widths when a format gives no `column_widths`."""

_MIN_VALUE_TEXT = "00000000"
_MIN_LABEL_TEXT = "一二三四"
"""Narrowest a value (label) column may get: measured in the current font, so it scales."""


def _is_paste(event: QKeyEvent) -> bool:
    return event.matches(QKeySequence.StandardKey.Paste)


def _session_listener(editor: TableEditor, session: EditSession) -> Callable[[], None]:
    """A session.on_change callback that refreshes the editor while it exists.

    It holds the editor weakly and drops itself once the widget is gone, so a session
    that outlives its page (the wizard keeps one session per report) never calls into a
    deleted C++ object.
    """
    ref = weakref.ref(editor)

    def listener() -> None:
        target = ref()
        if target is None or not shiboken6.isValid(target):
            if listener in session.on_change:
                session.on_change.remove(listener)
            return
        target.refresh()

    return listener


class _CellEdit(QLineEdit):
    """The editor of one value cell; remembers the text it opened with.

    Attributes:
        original: the cell's text when the editor opened; committing it unchanged is
            not an edit (no session change, no autosave).
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.original = ""


class _ValueDelegate(QStyledItemDelegate):
    """Paints blank cells as a grey “未填” and routes every commit to the TableEditor.

    Keyboard commits (Enter, Tab, Shift+Tab) are handled here rather than by Qt's default
    delegate so that a refused value can leave the editor open with the clerk's text; a
    commit by focus loss goes through `setModelData` as usual.
    """

    def __init__(self, owner: TableEditor) -> None:
        super().__init__(owner)
        self._owner = owner
        self._editor: _CellEdit | None = None
        self._index = QPersistentModelIndex()

    def open_editor(self) -> tuple[_CellEdit, int, int] | None:
        """The editor currently open and the grid row and column it edits, if any."""
        if self._editor is None or not shiboken6.isValid(self._editor) or not self._index.isValid():
            return None
        return self._editor, self._index.row(), self._index.column()

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        editor = _CellEdit(parent)
        editor.setFrame(False)
        editor.setAlignment(_ALIGNMENT["value"])
        self._editor = editor
        self._index = QPersistentModelIndex(index)
        # A click leaves a half-hidden cell where it is (Qt does not scroll on a click),
        # but its editor must not open under the frozen headers: once the editor is
        # placed, scroll it out (scrolling moves the editor with the cells).
        QTimer.singleShot(0, self._owner, self._owner._clear_editor_of_frozen)
        return editor

    def destroyEditor(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if editor is self._editor:
            self._editor = None
            self._index = QPersistentModelIndex()
        super().destroyEditor(editor, index)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, _CellEdit)
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        editor.setText(text)
        editor.original = text

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        # Reached when the editor loses focus (click elsewhere, window deactivated) or the
        # current cell changes: the value goes to the session; the grid item is only ever
        # written by TableEditor.refresh, so a refused value leaves the old display.
        assert isinstance(editor, _CellEdit)
        self._owner._commit_text(index.row(), index.column(), editor.text(), editor.original)

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        if index.data(KIND_ROLE) in ("value", "total") and not option.text:
            # Blank is not 0: the model keeps None, the grid shows the export's “未填”.
            option.text = BLANK_TEXT
            palette = QPalette(option.palette)
            palette.setColor(QPalette.ColorRole.Text, palette.color(QPalette.ColorRole.PlaceholderText))
            option.palette = palette

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._editor and self._editor is not None and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if key == Qt.Key.Key_Backtab or (key == Qt.Key.Key_Tab and shift):
                self._owner._finish_editing("previous")
                return True
            if key == Qt.Key.Key_Tab:
                self._owner._finish_editing("next")
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._owner._finish_editing("enter")
                return True
            if _is_paste(event) and any(sep in QApplication.clipboard().text().rstrip("\r\n") for sep in "\t\n"):
                # A block from Excel/WPS goes to the cells, not into this one editor.
                self._owner._paste_block_from_editor()
                return True
        return super().eventFilter(watched, event)


class _TableGrid(QTableWidget):
    """The grid itself: navigation among value cells and the keys of a spreadsheet.

    `moveCursor` is the single place where Qt asks "where does this key go", for arrow
    keys, Tab/Shift+Tab and after an editor closes, so overriding it keeps every path
    consistent with the official layout (labels, headers and, for Tab, totals skipped).
    """

    def __init__(self, owner: TableEditor) -> None:
        super().__init__(owner)
        self._owner = owner

    def moveCursor(self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        current = self.currentIndex()
        position = self._owner._cursor_target(cursorAction, current.row(), current.column())
        if position is None:
            if cursorAction in (QAbstractItemView.CursorAction.MoveNext, QAbstractItemView.CursorAction.MovePrevious):
                # Nothing further: an invalid index lets Tab leave the grid for the buttons.
                return QModelIndex()
            return current
        return self.model().index(*position)

    def keyboardSearch(self, search: str) -> None:
        # Typing on a label must not jump to the label that starts with that character.
        pass

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState and self._owner._handle_grid_key(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._owner._fit_sections()

    def scrollTo(
        self,
        index: QModelIndex | QPersistentModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        # Every path that brings a cell into view comes here (arrows, Tab, focus_cell):
        # a cell scrolled "into view" under the frozen headers would still be hidden.
        super().scrollTo(index, hint)
        self._owner._clear_of_frozen(index)


class _FrozenView(QTableView):
    """Header rows or label columns of the grid, held in place while the rest scrolls.

    Qt's “frozen column” pattern: a second view of the grid's own model laid over the
    grid's viewport, with the grid's spans and sizes, showing only the rows (columns) it
    freezes and following the grid's scrolling in the other direction. Merged headers
    are therefore drawn by the same table code as in the grid, spans and all. It is
    shown only while the grid is scrolled in the frozen direction; at rest the grid
    shows (and handles clicks on) everything itself. It takes no focus and no clicks;
    the wheel scrolls the grid.
    """

    def __init__(self, grid: _TableGrid, boxes: list[Box], rows: int | None, columns: int | None) -> None:
        super().__init__(grid)
        self._grid = grid
        # Frozen rows scroll sideways with the grid, frozen columns up and down, the
        # corner (both frozen) not at all.
        self._follows_horizontal = columns is None
        self._follows_vertical = rows is None
        self.setModel(grid.model())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFrameShape(QFrame.Shape.NoFrame)
        for header in (self.horizontalHeader(), self.verticalHeader()):
            header.hide()
            header.setMinimumSectionSize(1)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(True)
        self.setAccessibleName("固定的表头" if columns is None else "固定的行标题")
        for box in boxes:
            if box.rowspan > 1 or box.colspan > 1:
                self.setSpan(box.row, box.col, box.rowspan, box.colspan)
        if rows is not None:
            for row in range(rows, grid.rowCount()):
                self.setRowHidden(row, True)
        if columns is not None:
            for column in range(columns, grid.columnCount()):
                self.setColumnHidden(column, True)
        self.copy_sizes()

    def copy_sizes(self) -> None:
        grid = self._grid
        for column in range(grid.columnCount()):
            if self.columnWidth(column) != grid.columnWidth(column):
                self.setColumnWidth(column, grid.columnWidth(column))
        for row in range(grid.rowCount()):
            if self.rowHeight(row) != grid.rowHeight(row):
                self.setRowHeight(row, grid.rowHeight(row))

    def follow(self) -> None:
        """Take the grid's scroll position (ranges first: ours are updated lazily by Qt)."""
        pairs = []
        if self._follows_horizontal:
            pairs.append((self.horizontalScrollBar(), self._grid.horizontalScrollBar()))
        if self._follows_vertical:
            pairs.append((self.verticalScrollBar(), self._grid.verticalScrollBar()))
        for mine, theirs in pairs:
            mine.setRange(theirs.minimum(), theirs.maximum())
            mine.setValue(theirs.value())

    def wheelEvent(self, event: QWheelEvent) -> None:
        QApplication.sendEvent(self._grid.viewport(), event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        event.accept()


class TableEditor(QWidget):
    """One official table as an editable grid, laid out like the printed table.

    A QTableWidget rather than QTableView + a custom model: the grid is at most a few
    hundred cells, the spans are a property of the view either way (setSpan), and the
    truth stays in the EditSession; the widget items only mirror it and are rewritten by
    `refresh`. A custom model would duplicate the session without adding anything.

    Editing: a commit calls `EditSession.enter_cell`. A refused value (InputError,
    PermissionError) never reaches the report; its Chinese message is shown under the grid
    and emitted as `message`. When the commit was made with Enter or Tab the editor stays
    open with the refused text selected, so the clerk corrects it instead of retyping;
    when the editor closed because the focus left it, the cell shows its previous value
    and the message names the cell and the refused text.

    Attributes:
        grid: the QTableWidget showing the table.
        fill_zero_button: “空白填 0”.
        fill_totals_button: “重新计算合计”.
        message_label: the last message (errors in dark red).

    Signals:
        message(str): a message for the clerk: a refused value, a paste or fill result.
    """

    message = Signal(str)

    def __init__(self, session: EditSession, table_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._table_id = table_id
        self._table = session.format.table(table_id)
        layout: TableLayout = session.layout(table_id)
        self._boxes: list[Box] = list(layout.boxes)
        self._rows = layout.rows
        self._columns = layout.columns
        self._position: dict[Cell, tuple[int, int]] = {}
        self._cell_at: dict[tuple[int, int], Cell] = {}
        self._value_boxes: list[Box] = []
        for box in self._boxes:
            if box.cell is not None:
                self._position[box.cell] = (box.row, box.col)
                self._cell_at[(box.row, box.col)] = box.cell
                self._value_boxes.append(box)
        self._value_boxes.sort(key=lambda b: (b.row, b.col))
        self._editable = [(b.row, b.col) for b in self._value_boxes if b.cell and not session.is_total(b.cell)]
        self._refreshing = False
        self._parts = total_cells(session.format)
        self._pasted_notes: dict[Cell, str] = {}
        """Totals of the last paste that disagreed with their parts: marked until the next change made here."""
        self._frozen_rows = layout.header_rows
        self._frozen_columns = min((b.col for b in self._value_boxes), default=0)
        self._frozen: tuple[_FrozenView | None, _FrozenView | None, _FrozenView | None] | None = None
        """(header rows, label columns, corner), made the first time the grid scrolls."""

        self.grid = _TableGrid(self)
        self._delegate = _ValueDelegate(self)
        self._build_grid()

        self.fill_zero_button = QPushButton("空白填 0")
        self.fill_zero_button.setToolTip("把本表所有空白单元格填为 0（没有发生的事项应填 0）")
        self.fill_zero_button.clicked.connect(self.fill_blanks_with_zero)
        self.fill_totals_button = QPushButton("重新计算合计")
        self.fill_totals_button.setToolTip("按各项之和重新填写全部合计")
        self.fill_totals_button.clicked.connect(self.fill_totals)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setAccessibleName("表格提示")

        buttons = QHBoxLayout()
        buttons.addWidget(self.fill_zero_button)
        buttons.addWidget(self.fill_totals_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(buttons)
        column.addWidget(self.grid, 1)
        column.addWidget(self.message_label)

        self.refresh()
        self._fit_sections()
        self.grid.verticalScrollBar().valueChanged.connect(self._follow_scroll)
        self.grid.horizontalScrollBar().valueChanged.connect(self._follow_scroll)
        self._listener = _session_listener(self, session)
        session.on_change.append(self._listener)

    # -- public ----------------------------------------------------------------------

    @property
    def table_id(self) -> str:
        return self._table_id

    def grid_position(self, cell: Cell) -> tuple[int, int]:
        """Row and column of a report cell on the grid.

        Raises:
            KeyError: the cell is not in this table.
        """
        return self._position[cell]

    def current_cell(self) -> Cell | None:
        """The report cell under the grid's cursor, None on a label or header."""
        index = self.grid.currentIndex()
        return self._cell_at.get((index.row(), index.column())) if index.isValid() else None

    def editor_widget(self) -> QLineEdit | None:
        """The cell editor open right now, if any (for the page's IME handling and tests)."""
        opened = self._delegate.open_editor()
        return opened[0] if opened is not None else None

    def refresh(self) -> None:
        """Show the session's current values, totals and findings in every cell.

        Item signals are blocked while the items are rewritten: nothing listens to
        itemChanged for commits (they go through the delegate), and blocking keeps it
        that way should anyone connect to it later.
        """
        if self._refreshing:
            return
        self._refreshing = True
        was_blocked = self.grid.blockSignals(True)
        try:
            self._refresh_items()
        finally:
            self.grid.blockSignals(was_blocked)
            self._refreshing = False

    def focus_cell(self, cell: Cell) -> None:
        """Select the grid cell of a report cell, scroll to it and give the grid focus.

        Used when the clerk clicks a finding on the check page.

        Raises:
            KeyError: the cell is not in this table.
        """
        row, column = self._position[cell]
        self.grid.setCurrentCell(row, column)
        self.grid.scrollTo(self.grid.model().index(row, column), QAbstractItemView.ScrollHint.EnsureVisible)
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)

    def commit_pending(self) -> bool:
        """Commit an open editor, e.g. before the wizard changes page.

        The input method is committed first so that a half-composed word of 搜狗 or
        微软拼音 reaches the editor (docs/design-notes.md §3.4).

        Returns:
            False when the open editor holds a refused value (it stays open with its
            text and the message is shown); True otherwise.
        """
        QGuiApplication.inputMethod().commit()
        if self._delegate.open_editor() is None:
            return True
        return self._finish_editing(None)

    def fill_blanks_with_zero(self) -> None:
        """“空白填 0”: the session fills this table's blank cells (docs/design-notes.md §1.3)."""
        if not self.commit_pending():
            return
        self._pasted_notes = {}
        filled = self._session.fill_blanks_with_zero(self._table_id)
        self._show(f"已将 {len(filled)} 个空白单元格填为 0" if filled else "本表没有空白单元格")

    def fill_totals(self) -> None:
        """“重新计算合计”: the session recomputes every total of the report."""
        if not self.commit_pending():
            return
        self._pasted_notes = {}
        changed = self._session.fill_totals()
        if changed:
            self._show(f"已重新计算合计，更正了 {len(changed)} 个合计")
        else:
            self._show("合计都与各项之和一致，无需更正")

    def paste_clipboard(self) -> None:
        """Paste the clipboard (a block copied from Excel or WPS) at the selection.

        The block starts at the top-left cell of a selected range, as in Excel, else at
        the current cell. Totals under it keep their computed value; those that were
        pasted with another value are named in the message and marked on the grid
        until the next change made here, because the source has a mistake there.
        """
        anchor = self._paste_anchor()
        if anchor is None:
            self._show("请先选中要粘贴到的第一个单元格", error=True)
            return
        text = QApplication.clipboard().text()
        if not text.strip():
            self._show("剪贴板中没有可粘贴的内容", error=True)
            return
        result = self._session.paste(self._table_id, anchor, text)
        message, attention = result.summary()
        if not result.problems:
            self._pasted_notes = {m.cell: m.message for m in result.mismatches}
            self.refresh()
        self._show(message, error=attention)

    def copy_selection(self) -> None:
        """Ctrl+C: the selected range as tab-separated text, which Excel and WPS paste as a block."""
        grid = self.grid
        indexes = grid.selectedIndexes() or ([grid.currentIndex()] if grid.currentIndex().isValid() else [])
        if not indexes:
            self._show("请先选中要复制的单元格", error=True)
            return
        top = min(i.row() for i in indexes)
        left = min(i.column() for i in indexes)
        bottom = max(i.row() + grid.rowSpan(i.row(), i.column()) - 1 for i in indexes)
        right = max(i.column() + grid.columnSpan(i.row(), i.column()) - 1 for i in indexes)
        layout = self._session.layout(self._table_id)
        QApplication.clipboard().setText(copy_text(self._session.report, layout, top, left, bottom, right))
        self._show(copy_summary(bottom - top + 1, right - left + 1))

    def _paste_anchor(self) -> Cell | None:
        selected = [(i.row(), i.column()) for i in self.grid.selectedIndexes()]
        cells = sorted(p for p in selected if p in self._cell_at)
        if len(selected) > 1 and cells:
            return self._cell_at[cells[0]]
        return self.current_cell()

    # -- building --------------------------------------------------------------------

    def _build_grid(self) -> None:
        grid = self.grid
        grid.setRowCount(self._rows)
        grid.setColumnCount(self._columns)
        grid.horizontalHeader().hide()
        grid.verticalHeader().hide()
        grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        grid.horizontalHeader().setStretchLastSection(True)
        grid.horizontalHeader().setMinimumSectionSize(1)
        grid.verticalHeader().setMinimumSectionSize(1)
        grid.setWordWrap(True)
        grid.setItemDelegate(self._delegate)
        # A rectangle, as in Excel: Shift+click and Shift+arrows extend it, Ctrl+C copies it.
        grid.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        grid.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        grid.setTabKeyNavigation(True)
        grid.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        grid.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        grid.setAccessibleName(f"{self._table.name} {self._table.title}")
        grid.setAccessibleDescription(
            "用 Tab、回车和方向键在单元格间移动；Shift+单击或 Shift+方向键选中一片区域，"
            "Ctrl+C 复制到 Excel 或 WPS；可粘贴从 Excel 或 WPS 复制的区域"
        )

        palette = self.palette()
        header_background = QBrush(palette.color(QPalette.ColorRole.Window))
        for box in self._boxes:
            kind = box.kind
            if box.cell is not None and self._session.is_total(box.cell):
                kind = "total"
            item = QTableWidgetItem(box.text if box.cell is None else "")
            item.setData(KIND_ROLE, kind)
            item.setTextAlignment(_ALIGNMENT.get(kind, Qt.AlignmentFlag.AlignCenter))
            if kind == "value":
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable)
            elif kind == "total":
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            else:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            if kind in _HEADER_KINDS:
                item.setBackground(header_background)
            grid.setItem(box.row, box.col, item)
            if box.rowspan > 1 or box.colspan > 1:
                grid.setSpan(box.row, box.col, box.rowspan, box.colspan)

    def _column_weights(self) -> list[int]:
        """Relative column widths: the format's print widths (twips), else label 3 : value 1."""
        if len(self._table.column_widths) == self._columns:
            return list(self._table.column_widths)
        weights = [_VALUE_WEIGHT] * self._columns
        for box in self._boxes:
            if box.kind == "label":
                for column in range(box.col, box.col + box.colspan):
                    weights[column] = _LABEL_WEIGHT
        return weights

    def _fit_sections(self) -> None:
        """Share the grid's width among the columns as on paper, then fit row heights.

        The width left for a vertical scroll bar is always reserved (the last column
        stretches into it when there is none): otherwise taller rows could bring the
        scroll bar, narrow the columns, make rows taller again, and so on.
        """
        grid = self.grid
        if self._columns == 0:
            return
        metrics = grid.fontMetrics()
        minimum_value = metrics.horizontalAdvance(_MIN_VALUE_TEXT)
        minimum_label = metrics.horizontalAdvance(_MIN_LABEL_TEXT)
        label_columns = {
            c for b in self._boxes if b.kind in ("label", "corner") for c in range(b.col, b.col + b.colspan)
        }
        available = grid.contentsRect().width() - grid.verticalScrollBar().sizeHint().width()
        weights = self._column_weights()
        total = sum(weights)
        for column, weight in enumerate(weights):
            minimum = minimum_label if column in label_columns else minimum_value
            grid.setColumnWidth(column, max(minimum, available * weight // total))
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Row heights that fit wrapped text, spans included.

        QTableView's ResizeToContents gives a box spanning many rows (“三、本年度办理结果”
        spans 22) its whole height in its first row; here single-row boxes set the row
        heights and a spanning box only adds what its rows together still lack.
        """
        grid = self.grid
        heights = [0] * self._rows
        spanning: list[tuple[Box, int]] = []
        base = QStyleOptionViewItem()
        grid.initViewItemOption(base)
        grid_line = 1 if grid.showGrid() else 0
        padding = grid.fontMetrics().height() * 2 // 5  # air above and below the text
        for box in self._boxes:
            width = sum(grid.columnWidth(c) for c in range(box.col, box.col + box.colspan)) - grid_line
            option = QStyleOptionViewItem(base)
            option.rect = QRect(0, 0, max(1, width), 1)
            index = grid.model().index(box.row, box.col)
            height = self._delegate.sizeHint(option, index).height() + padding + grid_line
            if box.rowspan == 1:
                heights[box.row] = max(heights[box.row], height)
            else:
                spanning.append((box, height))
        for box, height in spanning:
            rows = range(box.row, box.row + box.rowspan)
            lacking = height - sum(heights[r] for r in rows)
            if lacking > 0:
                for offset, row in enumerate(rows):
                    heights[row] += lacking // box.rowspan + (1 if offset < lacking % box.rowspan else 0)
        for row, height in enumerate(heights):
            if height and grid.rowHeight(row) != height:
                grid.setRowHeight(row, height)
        if self._frozen is not None:
            for view in self._frozen:
                if view is not None:
                    view.copy_sizes()
        self._follow_scroll()

    # -- frozen headers --------------------------------------------------------------

    def _frozen_extent(self) -> tuple[int, int]:
        """Height of the header rows and width of the label columns that stay in view.

        Zero in a direction where freezing would leave the scrolling part less than a
        third of the viewport (a very small window): there the headers scroll as usual.
        """
        grid = self.grid
        viewport = grid.viewport()
        height = sum(grid.rowHeight(r) for r in range(self._frozen_rows))
        width = sum(grid.columnWidth(c) for c in range(self._frozen_columns))
        return (
            height if 0 < height * 3 <= viewport.height() * 2 else 0,
            width if 0 < width * 3 <= viewport.width() * 2 else 0,
        )

    def _follow_scroll(self) -> None:
        """Show the frozen header rows (label columns) while the grid is scrolled down (right)."""
        grid = self.grid
        height, width = self._frozen_extent()
        over_rows = height > 0 and grid.verticalScrollBar().value() > 0
        over_columns = width > 0 and grid.horizontalScrollBar().value() > 0
        if self._frozen is None:
            if not (over_rows or over_columns):
                return
            # Made on first need: most tables are opened and filled without scrolling
            # sideways, and building the page must stay quick.
            self._frozen = (
                _FrozenView(grid, self._boxes, self._frozen_rows, None) if self._frozen_rows else None,
                _FrozenView(grid, self._boxes, None, self._frozen_columns) if self._frozen_columns else None,
                _FrozenView(grid, self._boxes, self._frozen_rows, self._frozen_columns)
                if self._frozen_rows and self._frozen_columns
                else None,
            )
        rows_view, columns_view, corner = self._frozen
        area = grid.viewport().geometry()
        for view, shown, rect in (
            (rows_view, over_rows, QRect(area.x(), area.y(), area.width(), height)),
            (columns_view, over_columns, QRect(area.x(), area.y(), width, area.height())),
            (corner, over_rows and over_columns, QRect(area.x(), area.y(), width, height)),
        ):
            if view is None:
                continue
            if shown:
                view.setGeometry(rect)
                view.follow()
                view.raise_()
            view.setVisible(shown)

    def _clear_editor_of_frozen(self) -> None:
        opened = self._delegate.open_editor()
        if opened is not None:
            self._clear_of_frozen(self.grid.model().index(opened[1], opened[2]))

    def _clear_of_frozen(self, index: QModelIndex | QPersistentModelIndex) -> None:
        """Scroll back just enough that a cell brought into view is not under the frozen headers."""
        if not index.isValid():
            return
        grid = self.grid
        height, width = self._frozen_extent()
        rect = grid.visualRect(grid.model().index(index.row(), index.column()))
        vertical, horizontal = grid.verticalScrollBar(), grid.horizontalScrollBar()
        if height and index.row() >= self._frozen_rows and rect.top() < height and vertical.value() > 0:
            vertical.setValue(vertical.value() - (height - rect.top()))
        if width and index.column() >= self._frozen_columns and rect.left() < width and horizontal.value() > 0:
            horizontal.setValue(horizontal.value() - (width - rect.left()))

    # -- refreshing ------------------------------------------------------------------

    def _refresh_items(self) -> None:
        session = self._session
        report = session.report
        findings = session.cell_findings(self._table_id)
        layout = session.layout(self._table_id)
        palette = self.palette()
        total_background = QBrush(palette.color(QPalette.ColorRole.AlternateBase))
        total_text = QBrush(palette.color(QPalette.ColorRole.PlaceholderText))
        computed: dict[Cell, Value] | None = None
        for box in layout.boxes:
            item = self.grid.item(box.row, box.col)
            if item is None:
                continue
            if box.cell is None:
                if item.text() != box.text:
                    item.setText(box.text)
                continue
            text = format_value(report.cells[box.cell])
            if item.text() != text:
                item.setText(text)
            found = findings.get(box.cell, [])
            severities = {f.severity for f in found}
            messages = [f.message for f in found]
            note = self._pasted_notes.get(box.cell)
            if note:
                messages.insert(0, note)
            is_total = session.is_total(box.cell)
            if is_total:
                # A total's marks must say what the clerk can change: its parts.
                if messages and computed is None:
                    computed = computed_totals(report)
                expected = computed.get(box.cell) if computed is not None else None
                tooltip = total_tooltip(report, box.cell, self._parts[box.cell][0], messages, expected)
            else:
                tooltip = "\n".join(messages)
            background: QBrush | None
            foreground: QBrush | None
            if "error" in severities:
                background, foreground = QBrush(ERROR_BACKGROUND), QBrush(MARKED_TEXT)
            elif "warning" in severities or note:
                background, foreground = QBrush(WARNING_BACKGROUND), QBrush(MARKED_TEXT)
            elif is_total:
                background, foreground = total_background, total_text
            else:
                background = foreground = None
            self._set_role(item, Qt.ItemDataRole.BackgroundRole, background)
            self._set_role(item, Qt.ItemDataRole.ForegroundRole, foreground)
            self._set_role(item, Qt.ItemDataRole.ToolTipRole, tooltip or None)
            name = report.cell_name(*box.cell)
            self._set_role(item, Qt.ItemDataRole.AccessibleTextRole, f"{name}：{text or BLANK_TEXT}")
            self._set_role(item, Qt.ItemDataRole.AccessibleDescriptionRole, tooltip or None)

    @staticmethod
    def _set_role(item: QTableWidgetItem, role: Qt.ItemDataRole, value: object) -> None:
        """Write item data only when it changes, so a refresh repaints only what changed."""
        if item.data(role) != value:
            item.setData(role, value)

    # -- editing ---------------------------------------------------------------------

    def _show(self, text: str, error: bool = False) -> None:
        """Show a message under the grid and emit it; an empty text just clears the label."""
        palette = QPalette(self.palette())
        if error:
            palette.setColor(QPalette.ColorRole.WindowText, ERROR_MESSAGE_TEXT)
        self.message_label.setPalette(palette)
        self.message_label.setText(text)
        if text:
            self.message.emit(text)

    def _commit_text(self, row: int, column: int, text: str, original: str | None) -> bool:
        """Hand a typed value to the session; False (and a message) when it is refused.

        An unchanged text is not a change: no session edit, no autosave.
        """
        cell = self._cell_at.get((row, column))
        if cell is None:
            return True
        if text == original:
            return True
        notes, self._pasted_notes = self._pasted_notes, {}
        try:
            self._session.enter_cell(cell, text)
        except (InputError, PermissionError) as error:
            self._pasted_notes = notes
            self._show(str(error), error=True)
            return False
        # The session's on_change has refreshed the grid (our listener).
        self._show("")
        return True

    def _finish_editing(self, move: str | None) -> bool:
        """Commit the open editor; close it and move the cursor only if it was accepted."""
        opened = self._delegate.open_editor()
        if opened is None:
            return True
        editor, row, column = opened
        if not self._commit_text(row, column, editor.text(), editor.original):
            editor.selectAll()
            editor.setFocus()
            return False
        self._delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if move is not None:
            self._move(move, row, column)
        return True

    def _paste_block_from_editor(self) -> None:
        """Ctrl+V of a block inside an open editor: drop the editor, paste at its cell."""
        opened = self._delegate.open_editor()
        if opened is not None:
            editor = opened[0]
            self._delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
        self.paste_clipboard()

    def _handle_grid_key(self, event: QKeyEvent) -> bool:
        """Keys of the grid when no editor is open; True when handled here."""
        if _is_paste(event):
            self.paste_clipboard()
            return True
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return True
        index = self.grid.currentIndex()
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self._move("enter", index.row(), index.column())
            return True
        cell = self.current_cell()
        if cell is None:
            return False
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            # Clearing a cell makes it blank again (not 0); a total refuses it.
            self._commit_text(index.row(), index.column(), "", None)
            return True
        text = event.text()
        if self._session.is_total(cell) and text and text.isprintable() and not text.isspace():
            # Typing on a total: the session's own message says why it cannot be typed.
            self._commit_text(index.row(), index.column(), text, None)
            return True
        return False

    # -- navigation ------------------------------------------------------------------

    def _move(self, how: str, row: int, column: int) -> None:
        target = self._enter_target(row, column) if how == "enter" else self._tab_target(row, column, how == "next")
        if target is not None:
            self.grid.setCurrentCell(*target)

    def _tab_target(self, row: int, column: int, forward: bool) -> tuple[int, int] | None:
        """Next (previous) editable value cell in reading order: labels and totals skipped."""
        here = (row, column)
        if forward:
            return next((p for p in self._editable if p > here), None)
        return next((p for p in reversed(self._editable) if p < here), None)

    def _enter_target(self, row: int, column: int) -> tuple[int, int] | None:
        """Where Enter goes: down the column to the next editable cell, as in Excel.

        At the bottom of a column: the first editable cell of a later row, else the next
        cell in Tab order (表四 has a single row of values).
        """
        below = self._vertical_neighbour(row, column, down=True, editable_only=True)
        if below is not None:
            return below
        later = next((p for p in self._editable if p[0] > row), None)
        return later if later is not None else self._tab_target(row, column, True)

    def _vertical_neighbour(self, row: int, column: int, down: bool, editable_only: bool) -> tuple[int, int] | None:
        """The nearest value cell above/below whose columns include `column`."""
        editable = set(self._editable)
        candidates = [
            (b.row, b.col)
            for b in self._value_boxes
            if b.col <= column < b.col + b.colspan
            and (b.row > row if down else b.row < row)
            and (not editable_only or (b.row, b.col) in editable)
        ]
        if not candidates:
            return None
        return min(candidates) if down else max(candidates)

    def _horizontal_neighbour(self, row: int, column: int, right: bool) -> tuple[int, int] | None:
        in_row = [(b.row, b.col) for b in self._value_boxes if b.row == row]
        if right:
            return next((p for p in in_row if p[1] > column), None)
        return next((p for p in reversed(in_row) if p[1] < column), None)

    def _cursor_target(self, action: QAbstractItemView.CursorAction, row: int, column: int) -> tuple[int, int] | None:
        """Where a cursor movement from (row, column) lands; None to stay.

        From a label or header (or no current cell) any forward movement goes to the first
        value cell after it in reading order, any backward one to the last before it.
        """
        action_type = QAbstractItemView.CursorAction
        if action == action_type.MoveNext:
            return self._tab_target(row, column, True)
        if action == action_type.MovePrevious:
            return self._tab_target(row, column, False)
        values = [(b.row, b.col) for b in self._value_boxes]
        if (row, column) not in self._cell_at:
            forward = action in (
                action_type.MoveDown,
                action_type.MoveRight,
                action_type.MovePageDown,
                action_type.MoveEnd,
            )
            if forward:
                return next((p for p in values if p > (row, column)), None)
            return next((p for p in reversed(values) if p < (row, column)), None)
        if action == action_type.MoveDown:
            return self._vertical_neighbour(row, column, down=True, editable_only=False)
        if action == action_type.MoveUp:
            return self._vertical_neighbour(row, column, down=False, editable_only=False)
        if action == action_type.MoveRight:
            return self._horizontal_neighbour(row, column, right=True)
        if action == action_type.MoveLeft:
            return self._horizontal_neighbour(row, column, right=False)
        if action == action_type.MoveHome:
            return next((p for p in values if p[0] == row), None)
        if action == action_type.MoveEnd:
            return next((p for p in reversed(values) if p[0] == row), None)
        if action in (action_type.MovePageDown, action_type.MovePageUp):
            step = max(1, self.grid.viewport().height() // max(1, self.grid.rowHeight(row)))
            target_row = row + step if action == action_type.MovePageDown else row - step
            same_column = [p for p in values if p[1] == column] or values
            return min(same_column, key=lambda p: (abs(p[0] - target_row), p[1]))
        return None
