"""PySide6, imported with a cheaper check of every module imported after it.

PySide6 replaces Python's import with one that, for each module name imported from then
on, reads the module's whole source with inspect.getsource to see whether it mentions
"PySide6" (for its optional `from __feature__ import snake_case`, which we do not use).
That costs some 10 ms at start-up; reading the file's bytes answers the same question
several times faster. The check lives in PySide6's private shibokensupport.feature: if a
PySide6 version lacks it, nothing is changed and only the speed-up is lost.
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401  (installs the import hook and its check)

_feature = sys.modules.get("shibokensupport.feature")
_original = getattr(_feature, "_mod_uses_pyside", None)


def mentions_pyside(module: ModuleType) -> bool:
    """The hook's question, answered from the file's bytes where there is a source file."""
    path = getattr(module, "__file__", None)
    if isinstance(path, str) and path.endswith(".py"):
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return False
    return bool(_original(module)) if _original is not None else False


if _feature is not None and _original is not None:
    _feature._mod_uses_pyside = mentions_pyside
