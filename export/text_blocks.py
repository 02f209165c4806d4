"""How narrative text becomes paragraphs, and which part of a line is a heading.

Clerks write run-in headings the way GB/T 9704 and the sample report do
("（一）主动公开。2024年，…"): only the heading gets the heading font (docs/design-notes.md §6.1),
so each line is split into its heading part and its body part here, in plain Python.
"""

from __future__ import annotations

import re

from msgspec import Struct

from models.values import clean_text

_CIRCLED = {chr(0x3220 + i): f"（{n}）" for i, n in enumerate("一二三四五六七八九十")}
"""㈠…㈩ (one glyph each, as in the sample) → （一）…（十）, the form GB/T 9704 prescribes."""

_LEVEL2 = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")
_LEVEL3 = re.compile(r"^\d{1,2}[.．]")
RUN_IN_MAX = 40
"""A run-in heading ends at the first 。 within this many characters."""


class Block(Struct, frozen=True):
    """One paragraph: an optional heading part, then body text."""

    heading: str
    body: str
    level: int
    """2 for （一）, 3 for 1., 0 for plain text."""


def normalise_line(line: str, keep_circled: bool = False) -> str:
    if not keep_circled:
        for glyph, replacement in _CIRCLED.items():
            line = line.replace(glyph, replacement)
    return line.strip()


def blocks(text: str, keep_circled: bool = False) -> list[Block]:
    """The paragraphs of a narrative text: one per non-empty line."""
    cleaned, _removed = clean_text(text)
    result = []
    for raw in cleaned.split("\n"):
        line = normalise_line(raw, keep_circled)
        if not line:
            continue
        level = 2 if _LEVEL2.match(line) else 3 if _LEVEL3.match(line) else 0
        if level:
            stop = line.find("。", 0, RUN_IN_MAX)
            if stop >= 0:
                result.append(Block(line[: stop + 1], line[stop + 1 :], level))
                continue
            if len(line) <= RUN_IN_MAX and "，" not in line:
                result.append(Block(line, "", level))
                continue
        result.append(Block("", line, 0))
    return result
