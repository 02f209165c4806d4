"""Journey test, sizes (issue 14, points 2 and 16): for each page of each format, with the
report empty and full of errors, the wizard on a 1366×768 screen fits the screen, frame
included, and a table page's grid shows at least 10 rows.

The checks are in tests/ui/sizing_at_1366x768.py, run here in a child pytest: the
offscreen plugin's screen (800×800 by default) is set when Qt starts, from a
configuration file named in QT_QPA_PLATFORM, so only a fresh process can have the
clerk's 1366×768 screen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import EVENT_CAP_SECONDS, ROOT

CHILD = Path(__file__).with_name("sizing_at_1366x768.py")


def test_every_page_of_every_format_fits_a_1366x768_screen(tmp_path):
    config = tmp_path / "screen-1366x768.json"
    config.write_text(
        json.dumps({"screens": [{"name": "1366x768", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}),
        encoding="utf-8",
    )
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    child = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(CHILD)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=EVENT_CAP_SECONDS * 10,
    )
    assert child.returncode == 0, child.stdout[-6000:] + child.stderr[-2000:]
    assert "7 passed" in child.stdout, child.stdout  # the screen check and 3 formats × 2 reports
