"""What several commands print alike: JSON, and a stored time."""

from __future__ import annotations

import json
from typing import Any


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def shown_time(iso: str) -> str:
    return iso[:16].replace("T", " ")
