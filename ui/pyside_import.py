"""PySide6, imported with a cheaper check of every module imported after it.

PySide6 replaces Python's import with one that, for each module name imported from then
on, reads the module's whole source with inspect.getsource to see whether it mentions
"PySide6": only such a module may select an optional `from __feature__ import
snake_case` (which we do not use). That costs some 10 ms at start-up. The module, fully
imported by then, answers the same question from the names it holds: a module that has
imported nothing from PySide6 cannot have selected a feature of it. No file is opened.
The check lives in PySide6's private shibokensupport.feature: if a PySide6 version lacks
it, nothing is changed and only the speed-up is lost.
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401  (installs the import hook and its check)

_feature = sys.modules.get("shibokensupport.feature")
_original = getattr(_feature, "_mod_uses_pyside", None)
_PYSIDE = ("PySide6", "shiboken6", "__feature__")


def uses_pyside(module: ModuleType) -> bool:
    """The hook's question, answered from the module's names: is one a PySide6 module or class?

    Modules without Python source (PySide6's own, compiled ones) get PySide6's answer.
    """
    path = getattr(module, "__file__", None)
    if not (isinstance(path, str) and path.endswith(".py")):
        return bool(_original(module)) if _original is not None else False
    for value in list(vars(module).values()):
        if isinstance(value, ModuleType):
            origin = value.__name__
        elif isinstance(value, type):  # PySide6's classes, enums and Signal
            origin = value.__module__
        else:
            continue
        if isinstance(origin, str) and origin.startswith(_PYSIDE):
            return True
    return False


if _feature is not None and _original is not None:
    _feature._mod_uses_pyside = uses_pyside
