"""Where each report was left in the wizard, so that reopening resumes there.

A preference of this machine's window, not part of the report: it is kept in its own
small file in the data folder, written atomically, and losing it costs nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from models.atomic_file import write_atomic

FILE_NAME = "ui-state.json"


class ResumeState:
    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / FILE_NAME

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.get("last_page", {}).items()} if isinstance(data, dict) else {}

    def last_page(self, report_id: str) -> str | None:
        return self._read().get(report_id)

    def remember(self, report_id: str, page_key: str) -> None:
        pages = self._read()
        if pages.get(report_id) == page_key:
            return
        pages[report_id] = page_key
        try:
            write_atomic(self.path, json.dumps({"last_page": pages}, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass  # a read-only or full folder: resuming on the first page is no loss
