"""Turning what a clerk types (or a file holds) into cell values, and cleaning texts.

Clerks type on Chinese keyboards and paste from Excel, WPS and web pages: full-width
digits, thousands separators and stray spaces are normal there and are accepted. What
would change the meaning (a sign, a fraction in a count, a word) is refused with a
message, never guessed. Blank stays None: blank is not 0 (docs/design-notes.md §1.3).
"""

from __future__ import annotations

import re
import unicodedata
import datetime
from decimal import Decimal

Value = int | Decimal | None

VALUE_KINDS = ("count", "signed_count", "money")
MONEY_MAX_DECIMALS = 6

_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")
# Characters that are not allowed in XML 1.0 (hence not in a .docx) or that a clerk
# cannot see: C0/C1 controls other than tab and newline, lone surrogates, U+FFFE/U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class InputError(ValueError):
    """A value that cannot be put into a cell. The message is Chinese and says why."""


def _normalise_number_text(raw: str) -> str:
    # NFKC maps full-width digits, the full-width comma, point, plus and minus to ASCII.
    text = unicodedata.normalize("NFKC", raw).strip()
    text = text.replace("\u2212", "-").replace(" ", "")
    if _GROUPED.match(text):
        text = text.replace(",", "")
    return text


def parse_value(kind: str, raw: object) -> Value:
    """Parse a cell value of the given kind from typed text or a JSON value.

    Raises:
        InputError: with a Chinese message saying what is wrong with the value.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise InputError("应填写数字，不能是真/假值")
    if isinstance(raw, str):
        text = _normalise_number_text(raw)
        if text == "":
            return None
        if not _PLAIN.match(text):
            if re.match(r"^[+-]?[\d,]+(\.\d+)?$", text):
                raise InputError(f"千位分隔符的位置不对（“{raw.strip()}”）")
            raise InputError(f"应填写数字，不能填写文字（“{raw.strip()}”）：没有发生的事项填 0，需要说明的情况请写在本部分的正文中")
        number = Decimal(text)
    elif isinstance(raw, int):
        number = Decimal(raw)
    elif isinstance(raw, Decimal):
        if not raw.is_finite():
            raise InputError("应填写数字")
        number = raw
    elif isinstance(raw, float):
        raise InputError("金额请以文字形式保存（例如 \"96171.6\"），以免丢失精度")
    else:
        raise InputError("应填写数字")

    if kind == "money":
        if number < 0:
            raise InputError(f"金额不能为负数（{raw}）")
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > MONEY_MAX_DECIMALS:
            raise InputError(f"金额最多保留 {MONEY_MAX_DECIMALS} 位小数（{raw}）")
        return number
    if number != number.to_integral_value():
        raise InputError(f"应填写整数，不能是小数（{raw}）")
    if kind == "count" and number < 0:
        raise InputError(f"件数不能为负数（{raw}）")
    return int(number)


_DATE = re.compile(r"^(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$")


def parse_date(raw: str) -> datetime.date | None:
    """A date as clerks write it: “2025年1月20日”, “2025-01-20”, “2025.1.20”; blank is None.

    Raises:
        InputError: the text is not a date, or not a day that exists.
    """
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return None
    match = _DATE.match(text)
    if not match:
        raise InputError(f"日期应写成“2025年1月20日”或“2025-01-20”（现为“{raw.strip()}”）")
    year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise InputError(f"日期 {year}年{month}月{day}日 不存在") from None


def format_value(value: Value) -> str:
    """The text a cell shows; blank shows as the empty string."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def clean_text(text: str) -> tuple[str, int]:
    """Remove control characters from a narrative text.

    Returns:
        The cleaned text (line ends normalised to "\\n") and how many characters were
        removed, so that the caller can tell the clerk.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned, removed = _CONTROL.subn("", text)
    return cleaned, removed
