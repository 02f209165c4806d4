"""Input normalisation (issue 2, point 4): what clerks type is accepted when the meaning
is clear, refused with a Chinese message when it is not, and blank stays blank."""

from decimal import Decimal

import pytest

from models.values import InputError, clean_text, format_value, parse_value


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("138", 138),
        ("１３８", 138),  # full-width digits from a Chinese IME
        (" 3119 ", 3119),
        ("\u30003119\u3000", 3119),  # ideographic spaces around
        ("1,808,595", 1808595),
        ("１，８０８，５９５", 1808595),  # full-width thousands separators
        ("0", 0),
        ("", None),
        ("   ", None),
        (None, None),
        (42, 42),
        (Decimal("12.0"), 12),
    ],
)
def test_counts_accept_what_clerks_type(typed, expected):
    assert parse_value("count", typed) == expected


def test_blank_is_not_zero():
    assert parse_value("count", "") is None
    assert parse_value("count", "0") == 0
    assert parse_value("money", "") is None


@pytest.mark.parametrize(
    "typed, message",
    [
        ("-3", "件数不能为负数（-3）"),
        ("－3", "件数不能为负数（－3）"),
        ("2.5", "应填写整数，不能是小数（2.5）"),
        ("22（其中修订16件）", "应填写数字，不能填写文字（“22（其中修订16件）”）"),
        ("251000元", "不能填写文字"),
        ("12,34", "千位分隔符的位置不对（“12,34”）"),
        ("1e5", "不能填写文字"),
        (True, "不能是真/假值"),
        (Decimal("2.5"), "应填写整数，不能是小数（2.5）"),
    ],
)
def test_counts_refuse_with_a_message(typed, message):
    with pytest.raises(InputError) as raised:
        parse_value("count", typed)
    assert message in str(raised.value)


def test_signed_counts_take_a_decrease():
    assert parse_value("signed_count", "-12") == -12
    assert parse_value("signed_count", "－１２") == -12
    with pytest.raises(InputError, match="不能是小数"):
        parse_value("signed_count", "-1.5")


@pytest.mark.parametrize(
    "typed, expected",
    [("96171.6", "96171.6"), ("7730.28", "7730.28"), ("59237.2449", "59237.2449"), ("96,171.60", "96171.60"), ("０.５", "0.5")],
)
def test_money_keeps_what_the_clerk_typed(typed, expected):
    value = parse_value("money", typed)
    assert isinstance(value, Decimal)
    assert format_value(value) == expected


@pytest.mark.parametrize(
    "typed, message",
    [("-1.5", "金额不能为负数"), ("1.1234567", "最多保留 6 位小数"), ("一百", "不能填写文字"), (1.5, "以文字形式保存")],
)
def test_money_refuses_with_a_message(typed, message):
    with pytest.raises(InputError, match=message):
        parse_value("money", typed)


def test_control_characters_are_removed_and_counted():
    text, removed = clean_text("第一段\x00\x07内容\r\n第二段\x1b\tA\ufffe")
    assert text == "第一段内容\n第二段\tA"
    assert removed == 4


def test_clean_text_leaves_ordinary_chinese_text_alone():
    text = "（一）主动公开。2024年，共公开“三安全一稳定”相关信息 & <目录>。😀"
    assert clean_text(text) == (text, 0)


@pytest.mark.parametrize(
    "typed, expected",
    [("2025年1月20日", (2025, 1, 20)), ("2025-01-20", (2025, 1, 20)), ("２０２５．１．２０", (2025, 1, 20)), (" 2014年3 月21日 ", (2014, 3, 21)), ("", None)],
)
def test_dates_as_clerks_write_them(typed, expected):
    import datetime

    from models.values import parse_date

    assert parse_date(typed) == (datetime.date(*expected) if expected else None)


@pytest.mark.parametrize("typed, message", [("2025年2月30日", "“2025年2月30日”这一天不存在：2025年2月只有 28 天"), ("明年", "“明年”不是日期：应写成")])
def test_dates_that_are_refused(typed, message):
    from models.values import parse_date

    with pytest.raises(InputError, match=message):
        parse_date(typed)
