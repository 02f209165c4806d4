"""The one-click tidy-up of a text pasted from a web page (issue 14, point 9): lines broken
inside a sentence are joined, ㈠-style numbers are written （一）, and a text that is not
pasted is left alone."""

from __future__ import annotations

import pytest

from models.paste_cleanup import tidy_pasted_text
from tests.conftest import FIXTURES


def _seed_part(first: str, after: str) -> str:
    lines = (FIXTURES / "published-hengyang-2013.txt").read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[lines.index(first) + 1:lines.index(after)])


def test_the_published_hengyang_overview_is_tidied():
    tidied = tidy_pasted_text(_seed_part("一、概述", "二、主动公开政府信息情况"))
    paragraphs = tidied.text.split("\n")
    assert [p[:4] for p in paragraphs[1:]] == ["（一）全", "（二）加", "（三）开", "（四）编", "（五）建"]
    assert paragraphs[-1].endswith("该制度包括政府信息主动公开制度、政府信息依申请公开制度、政府信息公开审核制度、政府信息公开保密审查制度、信息公开工作年度报告制度、政府信息公开社会评议办法、政府信息公开责任追究办法等制度。")
    assert (tidied.joined_lines, tidied.numbers) == (1, 5)
    assert tidied.summary == "合并 1 处句中断行，把 5 个“㈠”式编号改为“（一）”式"


def test_a_number_left_alone_on_its_line_goes_with_its_sentence():
    tidied = tidy_pasted_text(_seed_part("七、主要问题和改进措施", "八、附表"))
    assert "\n2.突出结合。主要是突出与党务公开结合。" in tidied.text
    assert tidied.joined_lines == 2


@pytest.mark.parametrize(
    "text, tidied",
    [
        ("主要开展了以下工作:\n㈠全面部署工作", "主要开展了以下工作:\n（一）全面部署工作"),
        ("㈠全面部署工作\n为了全面部署……。", "（一）全面部署工作\n为了全面部署……。"),
        ("⑴第一项；⒉第二项。", "（1）第一项；2.第二项。"),
        ("全年受理申请 12\n件。", "全年受理申请 12件。"),
        ("the web\npage", "the web page"),
        ("一是加强领导，\n二是完善制度。", "一是加强领导，二是完善制度。"),
        ("①保持不变。", "①保持不变。"),
    ],
)
def test_what_is_joined_and_rewritten(text, tidied):
    assert tidy_pasted_text(text).text == tidied


@pytest.mark.parametrize(
    "text",
    [
        "本年度共收到申请 5 件。\n全部按时办结。",
        "（一）主动公开情况\n今年主动公开信息138条。",
        "全年主动公开信息。\n\n下一段。",
        "主要开展了以下工作：\n1.建立制度。",
        "",
    ],
)
def test_a_text_that_is_not_pasted_is_left_alone(text):
    tidied = tidy_pasted_text(text)
    assert (tidied.text, tidied.summary) == (text, "")
