"""What the windows remember for one data folder: the main window's place and size, and
the export page's folder and PDF choice (issue 14 points 12 and 14).

Like ui/resume.py, preferences of this machine's windows, not part of any report: a small
file of their own in the data folder (offline, and each data folder keeps its own),
written atomically; losing it costs nothing but the defaults.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from models.atomic_file import write_atomic

FILE_NAME = "ui-preferences.json"


class Preferences:
    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / FILE_NAME

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _update(self, **values: Any) -> None:
        data = self._read()
        if all(data.get(key) == value for key, value in values.items()):
            return
        data.update(values)
        try:
            write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError:
            pass  # a read-only or full folder: the defaults next time are no loss

    # -- the main window -----------------------------------------------------------------

    def window_geometry(self) -> bytes | None:
        """What QWidget.saveGeometry gave when the main window last closed."""
        value = self._read().get("main_window")
        if not isinstance(value, str):
            return None
        try:
            return bytes.fromhex(value)
        except ValueError:
            return None

    def remember_window_geometry(self, geometry: bytes) -> None:
        self._update(main_window=geometry.hex())

    # -- the export page -----------------------------------------------------------------

    def export_folder(self) -> Path | None:
        """The folder of the last export, while it exists."""
        value = self._read().get("export_folder")
        if isinstance(value, str) and value and Path(value).is_dir():
            return Path(value)
        return None

    def remember_export_folder(self, folder: Path) -> None:
        self._update(export_folder=str(folder))

    def export_pdf(self) -> bool:
        return self._read().get("export_pdf") is True

    def remember_export_pdf(self, wanted: bool) -> None:
        self._update(export_pdf=wanted)
