"""Writing a file so that it is either the old or the new one, never half of each.

A report file is weeks of work; a crash, a kill or a full disk must not leave it
truncated (stack-notes.md §1.1). The store (issue 4) uses the same primitive.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

REPLACE_RETRIES = 5


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to path through a temporary file in the same folder and os.replace.

    os.replace is retried briefly on PermissionError because on Windows an antivirus or
    indexer may hold the target for a moment. On any failure the temporary file is
    removed and the previous file is left as it was.
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        for attempt in range(REPLACE_RETRIES):
            try:
                os.replace(tmp_name, path)
                break
            except PermissionError:
                if attempt == REPLACE_RETRIES - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
