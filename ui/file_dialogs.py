"""Choosing a file, in Chinese throughout.

Qt's own file dialog (the one used wherever the desktop offers none, as on most Linux
desktops) is translated by qtbase_zh_CN except for two labels, “Look in:” and “Files
of type:” (issue 14 point 14): every label is set here. Where the platform has its own
dialog (Windows, macOS), that one is used and speaks the system's language; the labels
set here then name its buttons.
"""

from __future__ import annotations

from PySide6.QtCore import QFileInfo
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

LABELS = {
    QFileDialog.DialogLabel.LookIn: "查找范围(&I)：",
    QFileDialog.DialogLabel.FileName: "文件名称(&N)：",
    QFileDialog.DialogLabel.FileType: "文件类型(&T)：",
    QFileDialog.DialogLabel.Reject: "取消",
}


class ChineseTypes(QFileIconProvider):
    """The 类型 column: Qt names a folder “Folder” and an unknown file “XYZ File”, words
    qtbase_zh_CN does not translate; the system's file types (“JSON 文档”) come as they are."""

    def type(self, info: QFileInfo) -> str:  # noqa: A003 - Qt's name
        if info.isDir():
            return "文件夹"
        name = super().type(info)
        if name == "File" or name.endswith(" File"):
            return f"{info.suffix().upper()} 文件" if info.suffix() else "文件"
        return name


def file_dialog(parent: QWidget | None, title: str, start: str, filters: str, *, save: bool = False) -> QFileDialog:
    """A file dialog with every label in Chinese; start is a folder or a proposed file."""
    dialog = QFileDialog(parent, title, start, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    for label, text in LABELS.items():
        dialog.setLabelText(label, text)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, "保存(&S)" if save else "打开(&O)")
    # Kept on the dialog: the dialog does not own its icon provider.
    dialog.types = ChineseTypes()  # type: ignore[attr-defined]
    dialog.setIconProvider(dialog.types)  # type: ignore[attr-defined]
    return dialog


def _chosen(dialog: QFileDialog) -> list[str]:
    return dialog.selectedFiles() if dialog.exec() == QFileDialog.DialogCode.Accepted else []


def open_file(parent: QWidget | None, title: str, folder: str, filters: str) -> str:
    """One existing file, or "" when the dialog was cancelled."""
    dialog = file_dialog(parent, title, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return next(iter(_chosen(dialog)), "")


def open_files(parent: QWidget | None, title: str, folder: str, filters: str) -> list[str]:
    """Several existing files; [] when the dialog was cancelled."""
    dialog = file_dialog(parent, title, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _chosen(dialog)


def save_file(parent: QWidget | None, title: str, proposed: str, filters: str, suffix: str) -> str:
    """Where to write a new file (the dialog asks before replacing one); "" when cancelled.

    suffix: added when the name typed has none (“年报” → “年报.docx”).
    """
    dialog = file_dialog(parent, title, proposed, filters, save=True)
    dialog.setDefaultSuffix(suffix)
    return next(iter(_chosen(dialog)), "")
