"""Tidying a text copied from a published web page: broken lines and ㈠-style numbers.

Published reports are often the clerk's starting point (衡阳 2013, tests/fixtures/): the
page wraps sentences with hard line breaks (“该制度包括⏎政府信息主动公开制度、…”), leaves
a list number alone on its line (“2.⏎突出结合。”) and numbers its parts with the enclosed
characters ㈠㈡ (or ⑴, ⒈) where the official text writes （一）（二）. Each line of a text
becomes a paragraph of the exported document, and only a paragraph starting “（一）” is
set as a second-level heading, so both spoil the document. The section page offers this
tidy-up in one click (undoable); nothing here runs without the clerk asking.

Lines are joined only where a sentence plainly goes on: the first line does not end a
sentence or a heading, and the next does not start a numbered part. A text that is not
pasted (each paragraph on its own line, ending in 。) is left as it is.
"""

from __future__ import annotations

import re

from msgspec import Struct

_CHINESE_NUMERALS = "一二三四五六七八九十"

ENCLOSED: dict[str, str] = {
    **{chr(0x3220 + i): f"（{numeral}）" for i, numeral in enumerate(_CHINESE_NUMERALS)},  # ㈠…㈩
    **{chr(0x2474 + i): f"（{i + 1}）" for i in range(20)},  # ⑴…⒇
    **{chr(0x2488 + i): f"{i + 1}." for i in range(20)},  # ⒈…⒛
}
"""Enclosed numbers a web page uses for list markup, in the official way of writing them.
Circled digits (①) are left alone: reports use them on purpose."""

_ENCLOSED = re.compile("[" + "".join(ENCLOSED) + "]")

_NUMBERED_START = re.compile(
    r"^\s*(?:[" + "".join(ENCLOSED) + r"]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+\s*[.．、]|第[一二三四五六七八九十\d]+[章节条部分])"
)
"""The start of a numbered part (一、 （一） ㈠ 1. 第一条…): a line starting so is never joined
to the line before it."""

_MARKER_ONLY = re.compile(
    r"^\s*(?:[" + "".join(ENCLOSED) + r"]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+\s*[.．、])\s*$"
)
"""A list number left alone on its line: it belongs to the line after it."""

_GOES_ON = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9，、,（(《“‘]$")
"""A line ending so has not finished its sentence (no 。！？；：, no closing bracket)."""

HEADING_LENGTH = 20
"""A numbered line this short without a full stop is a heading (“㈠全面部署工作”), not a
sentence cut in two."""


class Tidied(Struct, frozen=True):
    """The tidied text and what was changed, for the clerk to read before and after."""

    text: str
    joined_lines: int
    numbers: int

    @property
    def summary(self) -> str:
        """“合并 2 处句中断行，改写 5 个“㈠”式编号”; empty when nothing would change."""
        parts = []
        if self.joined_lines:
            parts.append(f"合并 {self.joined_lines} 处句中断行")
        if self.numbers:
            parts.append(f"把 {self.numbers} 个“㈠”式编号改为“（一）”式")
        return "，".join(parts)


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    return bool(_NUMBERED_START.match(stripped)) and len(stripped) <= HEADING_LENGTH and not re.search(r"[。！？；]", stripped)


def _joins(line: str, following: str) -> bool:
    if not line.strip() or not following.strip() or _NUMBERED_START.match(following):
        return False
    if _MARKER_ONLY.match(line):
        return True
    return bool(_GOES_ON.search(line.rstrip())) and not _is_heading(line)


def tidy_pasted_text(text: str) -> Tidied:
    """Join the lines a web page broke inside a sentence and write ㈠ as （一）."""
    lines = text.split("\n")
    joined = 0
    out = [lines[0]]
    for following in lines[1:]:
        if _joins(out[-1], following):
            left, right = out[-1].rstrip(), following.lstrip()
            space = " " if left[-1:].isascii() and left[-1:].isalpha() and right[:1].isascii() and right[:1].isalpha() else ""
            out[-1] = left + space + right
            joined += 1
        else:
            out.append(following)
    result, numbers = _ENCLOSED.subn(lambda m: ENCLOSED[m.group(0)], "\n".join(out))
    return Tidied(result, joined, numbers)
