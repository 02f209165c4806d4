"""Web-page debris pasted into the texts (P-01: page chrome, addresses and injected spam
copied from a published page) and its pattern file."""

from __future__ import annotations

import json

import pytest

from models.formats import FormatError
from models.resources import resources_dir
from models.rules import validate
from models.text_checks import find_debris, load_debris_patterns
from tests.conftest import FIXTURES


def _seed() -> str:
    return (FIXTURES / "published-hengyang-2013.txt").read_text(encoding="utf-8")


def debris(report):
    return [(f.severity, f.location.as_dict(), f.message) for f in validate(report) if f.rule == "P-01"]


def test_the_seed_text_gives_exactly_its_debris(legacy_hengyang_2013):
    """The raw 一、概述 carries the spam three times (in ㈠ and twice in ㈣): one warning
    saying so, and where; the last line is the page's QR chrome."""
    lines = _seed().splitlines()
    start, end = lines.index("一、概述"), lines.index("二、主动公开政府信息情况")
    report = legacy_hengyang_2013
    report.set_text("overview", "\n".join(lines[start + 1:end]))
    report.set_text("problems", report.texts["problems"] + "\n" + lines[-1])
    assert debris(report) == [
        (
            "warning",
            {"section": "overview"},
            "一、概述 中有从网页复制带入的内容“雷速体育,雷速直播”（网页被注入的体育直播广告），共 3 处，在第2、5段，请删除",
        ),
        (
            "warning",
            {"section": "problems"},
            "七、主要问题和改进措施 中有从网页复制带入的内容“扫一扫在手机打开当前页”（网页的“手机扫码打开”按钮文字），在第4段，请删除",
        ),
    ]


def test_clean_samples_have_no_debris(clean_national_2021, legacy_hengyang_2013, real_report_huaian_2024):
    for report in (clean_national_2021, legacy_hengyang_2013, real_report_huaian_2024):
        assert debris(report) == []


@pytest.mark.parametrize(
    "text, found",
    [
        ("详见http://www.example.gov.cn/xxgk/index.html。", [("http://www.example.gov.cn/xxgk/index.html", "网址")]),
        ("【字体：大 中 小】正文", [("【字体：大 中 小】", "网页的字号切换按钮")]),
        ("正文。打印本页 关闭窗口", [("打印本页", "网页的“打印”按钮文字"), ("关闭窗口", "网页的“关闭窗口”按钮文字")]),
        ("全年新收政府信息公开申请213件。", []),
    ],
)
def test_pattern_kinds(text, found):
    patterns = load_debris_patterns(resources_dir() / "debris-patterns.json")
    assert find_debris(text, patterns) == found


def test_debris_in_the_preface_is_found(clean_national_2021):
    clean_national_2021.preface += "扫一扫在手机打开当前页"
    assert [f[1] for f in debris(clean_national_2021)] == [{"field": "preface"}]


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"patterns": [{"phrase": "x"}]}, "条目 顶层 › patterns[0]）：缺少“description”"),
        ({"patterns": [{"phrase": "x", "regex": "y", "description": "d"}]}, "patterns[0]）：应有“phrase”"),
        ({"patterns": [{"regex": "(", "description": "d"}]}, "patterns[0]）：正则表达式有误"),
        ({"patterns": [{"regex": "a*", "description": "d"}]}, "正则表达式不能匹配空文字"),
        ({"patterns": []}, "“patterns”不能为空"),
        ([], "应为一个对象"),
    ],
)
def test_a_malformed_pattern_file_names_the_file_and_the_entry(tmp_path, data, expected):
    path = tmp_path / "debris-patterns.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(FormatError) as raised:
        load_debris_patterns(path)
    assert "网页残留模式文件 debris-patterns.json 有误" in str(raised.value)
    assert expected in str(raised.value)


def test_broken_json_pattern_file(tmp_path):
    path = tmp_path / "debris-patterns.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(FormatError, match="debris-patterns.json 不是有效的 UTF-8 JSON"):
        load_debris_patterns(path)
