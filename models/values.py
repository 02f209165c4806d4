"""Turning what a clerk types (or a file holds) into cell values, and cleaning texts.

Clerks type on Chinese keyboards and paste from Excel, WPS and web pages: full-width
digits, thousands separators and stray spaces are normal there and are accepted. What
would change the meaning (a sign, a fraction in a count, a word) is refused with a
message, never guessed. Blank stays None: blank is not 0 (docs/design-notes.md §1.3).

The test of every rule here is what the clerk reads back (issue 14, point 3): a value is
stored only when the clerk, reading what they typed, would read that same number or day.
So only characters that look like what they stand for are translated (full-width “１２”
is 12); anything a reader could take two ways (“1 2”, “1,2”), or that Unicode folds into
a digit the clerk did not write (“1²”, “①②”, Arabic-Indic “٣”), is refused with a
message, never turned into another valid value.
"""

from __future__ import annotations

import calendar
import datetime
import re
from decimal import Decimal

Value = int | Decimal | None

VALUE_KINDS = ("count", "signed_count", "money")
MONEY_MAX_DECIMALS = 6
MAX_INTEGER_DIGITS = 15
"""Beyond this a number is a slip (a pasted ID, a doubled paste), and Excel itself keeps no
more than 15 significant digits; a longer one would not survive the round trip anyway."""

# The characters a Chinese IME or a web page puts where an ASCII one was meant, and
# which a reader sees as that character: full-width digits, comma, point, plus, minus,
# slash, and the minus sign (U+2212) of Word and web pages. Deliberately not NFKC, which
# also folds superscripts, circled and mathematical digits into plain ones (“1²” → “12”).
_SAME_READING = str.maketrans(
    {
        **{chr(0xFF10 + digit): str(digit) for digit in range(10)},
        "\uff0c": ",",
        "\uff0e": ".",
        "\uff0b": "+",
        "\uff0d": "-",
        "\u2212": "-",
        "\uff0f": "/",
        "\u3000": " ",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\t": " ",
    }
)
# Invisible in every editor, pasted from web pages: the text reads the same without them.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_GROUPED = re.compile(r"^[+-]?[0-9]{1,3}(?P<sep>[, ])[0-9]{3}((?P=sep)[0-9]{3})*(\.[0-9]+)?$")
_PLAIN = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?$")
# Characters that are not allowed in XML 1.0 (hence not in a .docx) or that a clerk
# cannot see: C0/C1 controls other than tab and newline, lone surrogates, U+FFFE/U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class InputError(ValueError):
    """A value that cannot be put into a cell. The message is Chinese and says why."""


def _as_read(raw: str) -> str:
    """The text as the clerk reads it: full-width forms as ASCII, no invisible characters,
    no blanks around it (inner blanks stay: they may separate two numbers)."""
    return _INVISIBLE.sub("", raw.translate(_SAME_READING)).strip(" \r\n")


def _quoted(raw: str) -> str:
    """What a message quotes of the typed text: as typed, except that a character no
    screen or terminal can show (a lone surrogate from a file) is shown as “\ufffd”."""
    return _CONTROL.sub("\ufffd", raw.strip())


def _normalise_number_text(raw: str) -> str:
    text = _as_read(raw)
    if _GROUPED.match(text):
        text = text.replace(",", "").replace(" ", "")
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
            if re.match(r"^[+-]?[0-9,]+(\.[0-9]+)?$", text):
                raise InputError(f"千位分隔符的位置不对（“{_quoted(raw)}”）")
            if re.match(r"^[+-]?[0-9., ]+$", text):
                raise InputError(f"数字中间有空格（“{_quoted(raw)}”）：是一个数还是几个数？请只填一个数")
            raise InputError(f"应填写数字，不能填写文字（“{_quoted(raw)}”）：没有发生的事项填 0，需要说明的情况请写在本部分的正文中")
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

    # adjusted(), not len(str(int(number))): 1E+100000 from a file must not be expanded.
    integer_digits = number.adjusted() + 1 if number else 0
    if integer_digits > MAX_INTEGER_DIGITS:
        raise InputError(f"数字太大（{integer_digits} 位整数），请核对：表中的数不会超过 {MAX_INTEGER_DIGITS} 位")
    if number == 0:
        number = number.copy_abs()  # “-0” reads as 0, and must show as 0
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


# 年月(日) or one separator used twice (“2025-1-20”, “2025.1.20”, “2025/1/20”); a mix
# (“2025.1-20”) is not how anybody writes a day, so it is not guessed at.
_DATE = re.compile(r"^([0-9]{4}) *(?:年 *([0-9]{1,2}) *月 *([0-9]{1,2}) *日?|([./-]) *([0-9]{1,2}) *\4 *([0-9]{1,2}))$")


def parse_date(raw: str) -> datetime.date | None:
    """A date as clerks write it: “2025年1月20日”, “2025-01-20”, “2025.1.20”; blank is None.

    Only a text that reads as one day is a date; a day that does not exist (“2014年2月30日”)
    is refused, never moved to a day that does.

    Raises:
        InputError: the text is not a date, or not a day that exists; the message quotes
            the text as typed and says why.
    """
    text = _as_read(raw)
    if not text:
        return None
    typed = _quoted(raw)
    match = _DATE.match(text)
    if not match:
        raise InputError(f"“{typed}”不是日期：应写成“2025年1月20日”或“2025-01-20”")
    year = int(match.group(1))
    month, day = (int(match.group(2)), int(match.group(3))) if match.group(2) else (int(match.group(5)), int(match.group(6)))
    if year < datetime.MINYEAR:
        raise InputError(f"“{typed}”这一天不存在：没有 0 年")
    if not 1 <= month <= 12:
        raise InputError(f"“{typed}”这一天不存在：一年只有 12 个月")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise InputError(f"“{typed}”这一天不存在：{year}年{month}月只有 {days} 天")
    return datetime.date(year, month, day)


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
