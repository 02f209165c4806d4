"""Where the data files live.

Kept in one place because a frozen build (PyInstaller, issue 8) moves resources/ next to
the executable, and every loader must follow.
"""

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The resources/ folder of the source tree, or of a frozen build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
