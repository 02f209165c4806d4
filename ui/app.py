"""The Qt application: Chinese for Qt's own buttons and dialogs, one place to start.

The translator must stay referenced for as long as the application lives, or Qt's
buttons silently fall back to English (docs/design-notes.md §3.2): it is kept on the module.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
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
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("nianbao")
    app.setApplicationDisplayName("年报")
    app.setOrganizationName("nianbao")
    font = QFont(app.font())
    font.setFamilies([app.font().family(), *UI_FONTS])
    app.setFont(font)
    app.setProperty("chinese_loaded", install_chinese(app))
    return app
