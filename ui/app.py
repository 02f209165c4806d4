"""The Qt application: Chinese for Qt's own buttons and dialogs, one place to start.

The translator must stay referenced for as long as the application lives, or Qt's
buttons silently fall back to English (docs/design-notes.md §3.2): it is kept on the module.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

UI_FONTS = ["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei"]
"""Sans-serif Chinese faces for the interface, tried in order after the system font:
without them fontconfig may pick a calligraphic 楷体 face for Chinese text."""

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
    app.setProperty("chinese_loaded", install_chinese(app))
    return app


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
