"""Where the issuer and the date go at the end (GB/T 9704-2012, 7.3.5.2, no seal).

The name is set two characters from the right; the date on the next line starts two
characters to the right of the name's first character; when the date is the longer,
the date is set two characters from the right and the name moves left to match.
Right indents are computed in characters of the body font, counting half-width digits
and Latin letters as half a character.
"""

from __future__ import annotations

import datetime


def chinese_date(date: datetime.date) -> str:
    """“2025年1月20日”: Arabic numerals, no zero padding (7.3.5.4)."""
    return f"{date.year}年{date.month}月{date.day}日"


def width_in_chars(text: str) -> float:
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def right_indents(name: str, date: str) -> tuple[float, float]:
    """The right indents (in characters) of the name line and of the date line."""
    name_width, date_width = width_in_chars(name), width_in_chars(date)
    name_indent = 2.0
    date_indent = name_indent + name_width - 2 - date_width
    if date_indent < 2.0:
        date_indent = 2.0
        name_indent = date_indent + date_width + 2 - name_width
    return name_indent, date_indent
