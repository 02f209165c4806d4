"""The Qt application: Chinese for Qt's own buttons and dialogs, one place to start.

The translator must stay referenced for as long as the application lives, or Qt's
buttons silently fall back to English (docs/design-notes.md §3.2): it is kept on the module.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

UI_FONTS = ["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei"]
"""Sans-serif Chinese faces for the interface, tried in order after the system font:
without them fontconfig may pick a calligraphic 楷体 face for Chinese text."""

READ_ONLY_TEXT = "#4d4d4d"
"""Text of disabled widgets: a report waiting for review or approved opens with its pages
disabled, and the style's own pale grey (about 1.8:1 on the field) left the supervisor
squinting at what they approve (issue 14 point 10). This grey reads at about 7.5:1 and
still differs from the black of text that can be edited. Buttons keep the pale grey:
there it says “cannot be pressed”.
"""

READ_ONLY_PLACEHOLDER = "#6e6e6e"
"""Placeholder text of disabled fields (a generated title is shown that way): lighter
than typed text, still legible (about 4.8:1)."""

_translators: list[QTranslator] = []


def install_chinese(app: QApplication) -> bool:
    """Load qtbase_zh_CN from PySide6's translations; True when it was found."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = False
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, path):
            app.installTranslator(translator)
            _translators.append(translator)
            loaded = True
    return loaded


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, created once, in Chinese."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = _construct(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("nianbao")
    app.setApplicationDisplayName("年报")
    app.setOrganizationName("nianbao")
    font = QFont(app.font())
    font.setFamilies([app.font().family(), *UI_FONTS])
    app.setFont(font)
    readable_read_only_text(app)
    app.setProperty("chinese_loaded", install_chinese(app))
    return app


def readable_read_only_text(app: QApplication) -> None:
    """Disabled text and labels in READ_ONLY_TEXT (the palette, not a style sheet: a style
    sheet on the application restyles every widget and slows every window's start)."""
    palette = app.palette()
    colour = QColor(READ_ONLY_TEXT)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, colour)
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.PlaceholderText, QColor(READ_ONLY_PLACEHOLDER))
    app.setPalette(palette)


def _construct(argv: list[str]) -> QApplication:
    """QApplication(argv), with Qt's fatal start-up failure said in Chinese.

    When its platform plugin cannot reach a display, Qt aborts the process from inside
    the constructor, after English lines that blame a library; nothing can be caught.
    Its messages are held back while the application is built: a fatal one ends the
    process with the Chinese explanation (exit code 1); the others are passed on as they
    were once the application stands.
    """
    held: list[tuple[QtMsgType, str]] = []

    def hold(kind: QtMsgType, _context: object, text: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            from ui.display import no_display_message

            detail = "Qt 无法加载图形平台插件，可能没有图形显示，或缺少 Qt 所需的系统库"
            print(no_display_message(detail), file=sys.stderr, flush=True)
            os._exit(1)
        held.append((kind, text))

    previous = qInstallMessageHandler(hold)
    try:
        app = QApplication(argv)
    finally:
        qInstallMessageHandler(previous)
    if held:
        from PySide6.QtCore import qCritical, qDebug, qInfo, qWarning

        emit = {QtMsgType.QtDebugMsg: qDebug, QtMsgType.QtInfoMsg: qInfo, QtMsgType.QtWarningMsg: qWarning}
        for kind, text in held:
            emit.get(kind, qCritical)(text)
    return app
