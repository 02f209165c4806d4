"""Properties that must hold for any input at all (issue 8, point 2), found by hypothesis.

The hand-written tests (test_values.py, test_exchange.py) list the inputs someone thought
of; clerks paste from Excel, WPS and web pages and edit exchange files by hand, so here
hypothesis makes up the inputs: full-width digits, separators, control characters,
emoji, random bytes, the sample exchange file with keys deleted and values replaced at
random. The promise is always the same: a value or a report comes back, or the one
documented refusal (InputError, ExchangeError) with a Chinese message; no other
exception ever reaches the clerk. An accepted report always exports to a .docx that
opens, and (for a few examples, LibreOffice being slow) converts to a PDF.

Settings are bounded so this file runs in well under a minute; database=None keeps
hypothesis from writing a .hypothesis folder into the checkout (a failure found once is
kept as an explicit @example instead). No verdict depends on the machine's speed: every
setting has deadline=None and suppresses HealthCheck.too_slow, the two checks by which
hypothesis fails a test for taking too long.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
import tempfile
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
from hypothesis import HealthCheck, example, given, reject, settings
from hypothesis import strategies as st

from export.docx_builder import export_docx
from export.pdf import convert_to_pdf
from models.exchange import ExchangeError, parse_exchange
from models.report import Report
from models.values import VALUE_KINDS, InputError, clean_text, parse_date, parse_value
from tests.conftest import SAMPLES

CJK = re.compile(r"[\u4e00-\u9fff]")
SAMPLE_BYTES = (SAMPLES / "national-2021-example.json").read_bytes()
SAMPLE_DOCUMENT: dict[str, Any] = json.loads(SAMPLE_BYTES)

CHEAP = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
EXCHANGE = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
EXPORT = settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
PDF = settings(
    max_examples=3, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)

# What a clerk's keyboard and clipboard hold, so that numbers (and near-numbers) come up
# often, not only once in a million random strings.
NUMBERISH = (
    "0123456789０１２３４５６７８９"
    ",，.．。+-＋－\u2212 \u3000\u00a0\t\n\r"
    "eE%￥元件万亿①½²٣"
    "\x00\x07\x1b\x7f\x85\u200b\ufeff😀"
)
typed_texts = st.one_of(
    st.text(),
    st.text(alphabet=NUMBERISH, max_size=20),
    st.from_regex(r"[+\-]?\d{1,3}(,\d{3})*(\.\d{1,8})?", fullmatch=True),
)
# Any character, lone surrogates and U+FFFE/U+FFFF included: st.text() leaves them out.
any_characters = st.characters(exclude_categories=())
any_texts = st.one_of(st.text(), st.text(alphabet=any_characters), st.text(alphabet=NUMBERISH))

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-10, 10**6), st.floats(), st.text(max_size=30)
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=15), children, max_size=5),
    max_leaves=15,
)


def _chinese(message: str) -> bool:
    return bool(message.strip()) and bool(CJK.search(message))


def _is_control(char: str) -> bool:
    """A character clean_text promises to remove (models/values._CONTROL), defined anew."""
    if char in "\t\n":
        return False
    return unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff"


def _encode(document: Any, ensure_ascii: bool) -> bytes:
    # ensure_ascii=False writes a lone surrogate as itself, which UTF-8 cannot hold:
    # surrogatepass writes the bytes a careless program would.
    return json.dumps(document, ensure_ascii=ensure_ascii).encode("utf-8", "surrogatepass")


def _visible(text: str) -> str:
    """The text without spaces and zero-width characters: what makes a text not blank."""
    return re.sub("[\u200b\u200c\u200d\u2060\ufeff]", "", unicodedata.normalize("NFKC", text)).strip()


def _read_or_refuse(data: bytes, trusted: bool = False) -> Report | None:
    """The report parse_exchange returns, or None after checking its refusal is Chinese."""
    try:
        report, notices = parse_exchange(data, "随机.json", trusted=trusted)
    except ExchangeError as error:
        assert error.problems, "a refusal lists at least one problem"
        assert all(_chinese(problem) for problem in error.problems), error.problems
        assert _chinese(str(error))
        return None
    assert isinstance(report, Report)
    assert all(_chinese(notice.message) for notice in notices)
    return report


# --- cell values -------------------------------------------------------------------


@CHEAP
@given(kind=st.sampled_from(VALUE_KINDS), typed=typed_texts)
@example(kind="count", typed="１，８０８，５９５")
@example(kind="money", typed="96171.6000001")
@example(kind="signed_count", typed="－３")
@example(kind="count", typed="\x1c")
def test_any_typed_text_is_a_value_of_its_kind_or_refused_in_chinese(kind, typed):
    """Whatever lands in a cell: an int (a Decimal for money) of the right sign, blank as
    None, or an InputError the page can show; never a crash of the wizard."""
    try:
        value = parse_value(kind, typed)
    except InputError as error:
        assert _chinese(str(error)), str(error)
        return
    if value is None:
        assert not _visible(typed), "only blank text is blank"
    elif kind == "money":
        assert isinstance(value, Decimal) and value.is_finite() and value >= 0
    else:
        assert type(value) is int
        if kind == "count":
            assert value >= 0


@CHEAP
@given(kind=st.sampled_from(VALUE_KINDS), raw=json_values | st.decimals())
def test_any_json_value_in_a_cell_is_a_value_or_refused_in_chinese(kind, raw):
    """An exchange file may hold anything where a number belongs (true, 1.5, a list)."""
    try:
        value = parse_value(kind, raw)
    except InputError as error:
        assert _chinese(str(error)), str(error)
        return
    assert value is None or type(value) in (int, Decimal)
    if kind != "signed_count" and value is not None:
        assert value >= 0


# --- texts and dates ---------------------------------------------------------------


@CHEAP
@given(text=any_texts)
@example(text="a\r\nb\rc\x00\ud800\ufffe\x85")
def test_clean_text_leaves_no_control_character_and_is_idempotent(text):
    """Control characters would make the .docx unreadable (XML 1.0 forbids them)."""
    cleaned, removed = clean_text(text)
    assert not any(_is_control(char) for char in cleaned)
    assert "\r" not in cleaned
    assert removed == len(text.replace("\r\n", "\n")) - len(cleaned)
    assert clean_text(cleaned) == (cleaned, 0)


date_like = st.from_regex(r"\d{1,5} ?[年./-] ?\d{1,3} ?[月./-] ?\d{1,3}日?", fullmatch=True)


@CHEAP
@given(raw=st.one_of(st.text(), date_like, st.dates().map(lambda d: f"{d.year}年{d.month}月{d.day}日")))
@example(raw="2025年2月30日")
@example(raw="0000-01-01")
@example(raw="２０２５．１．２０")
def test_parse_date_returns_a_date_or_refuses_in_chinese(raw):
    try:
        parsed = parse_date(raw)
    except InputError as error:
        assert _chinese(str(error)), str(error)
        return
    assert parsed is None or isinstance(parsed, datetime.date)
    if parsed is None:
        assert not _visible(raw)


# --- the exchange reader -----------------------------------------------------------


@EXCHANGE
@given(data=st.binary(max_size=2000))
@example(data=b"")
@example(data=b"\xef\xbb\xbf")
@example(data=b"[" * 100_000)
@example(data=b'{"format_version": NaN}')
@example(data=SAMPLE_BYTES[: len(SAMPLE_BYTES) // 2])
@example(data=b'{"format": "national-2021", "organization": ' + b"[" * 990 + b"]" * 990 + b"}")
# Found by hypothesis: a list holding a fraction (parsed as Decimal) where text belongs
# made the schema message itself fail with TypeError (models/exchange._shown).
@example(data=b'{"format": "national-2021", "organization": [0.5]}')
def test_any_bytes_are_a_report_or_refused_in_chinese(data):
    _read_or_refuse(data)


@EXCHANGE
@given(document=json_values, ensure_ascii=st.booleans(), trusted=st.booleans())
def test_any_json_is_a_report_or_refused_in_chinese(document, ensure_ascii, trusted):
    _read_or_refuse(_encode(document, ensure_ascii), trusted)


@st.composite
def mutated_samples(draw: st.DrawFn) -> Any:
    """The national-2021 sample with a few random deletions, replacements and additions.

    Each mutation walks from the top to a random depth, then deletes the key (or list
    item) it stopped at, replaces its value with any JSON value, or adds a key.
    """
    document: Any = copy.deepcopy(SAMPLE_DOCUMENT)
    for _ in range(draw(st.integers(1, 4))):
        parent: Any = None
        key: Any = None
        node = document
        while isinstance(node, (dict, list)) and node and draw(st.integers(0, 3)):
            key = draw(st.sampled_from(list(node) if isinstance(node, dict) else range(len(node))))
            parent, node = node, node[key]
        action = draw(st.sampled_from(["delete", "replace", "add"]))
        if parent is None:
            document = draw(json_values)
        elif action == "delete":
            del parent[key]
        elif action == "replace" or not isinstance(node, dict):
            parent[key] = draw(json_values)
        else:
            node[draw(st.text(max_size=15))] = draw(json_values)
    return document


@EXCHANGE
@given(document=mutated_samples(), ensure_ascii=st.booleans(), trusted=st.booleans())
def test_the_sample_with_random_changes_is_a_report_or_refused_in_chinese(document, ensure_ascii, trusted):
    """Hand edits of a real file: close enough to pass the first checks, wrong deeper in."""
    _read_or_refuse(_encode(document, ensure_ascii), trusted)


# --- accepted reports export ---------------------------------------------------------


def _cell_paths(document: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (table, row, column)
        for table, rows in document["tables"].items()
        for row, columns in rows.items()
        for column in columns
    ]


CELL_PATHS = _cell_paths(SAMPLE_DOCUMENT)
TEXT_FIELDS = ["organization", "title", "issuer", "contact", "preface"]


@st.composite
def accepted_reports(draw: st.DrawFn) -> Report:
    """A report parse_exchange accepts: the sample with texts and numbers replaced by
    anything a clerk might have typed or pasted, and optional fields left out."""
    document = copy.deepcopy(SAMPLE_DOCUMENT)
    for field in draw(st.lists(st.sampled_from(TEXT_FIELDS), max_size=3)):
        document[field] = draw(any_texts)
    for section in draw(st.lists(st.sampled_from(list(document["texts"])), max_size=3)):
        document["texts"][section] = draw(any_texts)
    for table, row, column in draw(st.lists(st.sampled_from(CELL_PATHS), max_size=8)):
        document["tables"][table][row][column] = draw(
            st.none() | st.integers(0, 10**15) | st.integers(0, 10**4).map(str) | st.just("１，２３４")
        )
    for field in draw(st.lists(st.sampled_from(["issuer", "contact", "preface", "date", "title", "texts"]), max_size=2)):
        document.pop(field, None)
    report = _read_or_refuse(_encode(document, ensure_ascii=True))
    if report is None:
        reject()  # refused, for a reason the reader tests check: not an export case
    return report


def _export_and_open(report: Report, folder: Path) -> Path:
    result = export_docx(report, folder / "年报.docx")
    assert result.path.exists()
    opened = docx.Document(str(result.path))
    assert opened.paragraphs, "the document has its paragraphs"
    return result.path


@EXPORT
@given(report=accepted_reports())
def test_an_accepted_report_always_exports_to_a_docx_that_opens(report):
    with tempfile.TemporaryDirectory() as folder:
        _export_and_open(report, Path(folder))


@PDF
@given(report=accepted_reports())
def test_an_accepted_report_converts_to_pdf(report):
    """LibreOffice is installed in CI (.ci/run); three examples, each a few seconds."""
    with tempfile.TemporaryDirectory() as folder:
        produced = convert_to_pdf(_export_and_open(report, Path(folder)))
        assert produced.read_bytes()[:5] == b"%PDF-"
