"""Checks of the narrative texts: numbers against the tables, pasted debris, dates.

The section texts are free prose, so these rules never try to understand a sentence.
They look for keywords declared in the format files (docs/design-notes.md §1.5, narrative
checks), read a number in a short window after them and compare it with the cells the
format names; debris and dates are plain pattern look-ups. They live apart from
models/rules.py because they read text, not cells, and register their own rule kinds
(rules.register_kind): text_numbers (N-01, L-07), text_percentages (N-02),
fee_statement (N-03), text_claims (N-05), pasted_debris (P-01), text_dates (D-01).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from collections.abc import Iterator

from msgspec import Struct

from models.findings import SEVERITIES, Finding, Location, Number, Severity
from models.formats import Cell, FormatError, ReportFormat, _Entry
from models.report import Report, fill_template
from models.resources import resources_dir
from models.rules import Rule, register_kind, findings_so_far
from models.values import format_value

SENTENCE_ENDS = "。；;！？!?\n"
"""Characters a window never crosses: a number after them belongs to another clause."""

_NUMBER = re.compile(r"\d+(?:[,，]\d{3})*")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")
_FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


# -- reading the texts -------------------------------------------------------------------


def _texts(report: Report, sections: tuple[str, ...] | None, preface: bool) -> Iterator[tuple[str | None, str]]:
    """(section id or None for the 编制说明, text) for every text a rule reads."""
    if preface and report.preface:
        yield None, report.preface
    for section in report.format.sections:
        if sections is None or section.id in sections:
            text = report.texts.get(section.id, "")
            if text:
                yield section.id, text


def _location(section: str | None) -> Location:
    return Location(section=section) if section is not None else Location(field="preface")


@lru_cache(maxsize=256)
def _sentence_ends(text: str) -> tuple[int, ...]:
    """Positions of the sentence ends of a text, found once per text (texts repeat
    across rules and keystrokes)."""
    return tuple(i for i, ch in enumerate(text) if ch in SENTENCE_ENDS)


def _clause_start(text: str, position: int) -> int:
    """Where the clause holding `position` starts (just after the last sentence end)."""
    ends = _sentence_ends(text)
    before = bisect_left(ends, position)
    return ends[before - 1] + 1 if before else 0


def _clause_end(text: str, position: int) -> int:
    ends = _sentence_ends(text)
    after = bisect_left(ends, position)
    return ends[after] if after < len(ends) else len(text)


def _tables_in_error(report: Report) -> set[str]:
    """Tables that some error-level cell rule (a sum, a blank cell) finds wrong.

    The text rules compare with a table only when the table itself is sound: while it
    is in error its numbers are not yet the ones the text should quote, the clerk fixes
    the error first, and a text warning would only double every arithmetic error.
    """
    earlier = findings_so_far(report)
    if earlier is not None:  # inside validate: the arithmetic rules have run already
        return {f.location.table for f in earlier if f.severity == "error" and f.location.table}
    tables: set[str] = set()
    for rule in report.format.rules:
        if rule.severity != "error" or rule.uses_previous or isinstance(rule, _TextRule):
            continue
        for finding in rule.check(report):
            if finding.location.table:
                tables.add(finding.location.table)
    return tables


@lru_cache(maxsize=256)
def _normalised(text: str) -> str:
    """Full-width digits as ASCII; cached, since several rules read the same texts."""
    return text.translate(_FULLWIDTH_DIGITS)


@lru_cache(maxsize=64)
def _keyword_pattern(keywords: frozenset[str]) -> re.Pattern[str]:
    """One pattern for all keywords, longest first, compiled once per rule's keyword set."""
    return re.compile("|".join(re.escape(k) for k in sorted(keywords, key=lambda k: (-len(k), k))))


# -- cell references ---------------------------------------------------------------------


class CellSum(Struct, frozen=True):
    """Cells the text names together; their sum is the value (blank counts as 0)."""

    table: str
    cells: tuple[Cell, ...]
    name: str | None = None

    def value(self, report: Report) -> Number:
        total: Number = 0
        for cell in self.cells:
            value = report.cells[cell]
            if value is not None:
                total += value
        return total

    def describe(self, report: Report) -> str:
        if self.name:
            return self.name
        return " + ".join(report.cell_name(*cell) for cell in self.cells)

    def show_value(self, report: Report) -> str:
        """The sum, with its terms when there are a few unnamed ones: “46（26 + 20）”."""
        total = format_value(self.value(report))
        if len(self.cells) == 1 or self.name:
            return total
        terms = " + ".join(format_value(report.cells[c] or 0) for c in self.cells)
        return f"{total}（{terms}）"

    def table_name(self, report: Report) -> str:
        return report.format.table(self.table).name


def _cells(entry: _Entry, fmt: ReportFormat, data: object, where: str) -> CellSum:
    """A cell reference: {"table": id, "rows": [ids], "columns": [ids], "name"?: text}.

    Every row × column pair that the table has is summed; a row or column id that the
    table does not have at all is an error in the format file.
    """
    ref = entry.child(data, where)
    table_id = ref.get("table", str)
    if not fmt.has_table(table_id):
        ref.fail(f"引用了不存在的表“{table_id}”")
    table = fmt.table(table_id)
    rows, columns = ref.get("rows", list), ref.get("columns", list)
    for row in rows:
        if not isinstance(row, str) or not table.has_row(row):
            ref.fail(f"引用了表“{table_id}”中不存在的行“{row}”")
    for column in columns:
        if not isinstance(column, str) or not table.has_column(column):
            ref.fail(f"引用了表“{table_id}”中不存在的列“{column}”")
    cells = tuple((table_id, r, c) for r in rows for c in columns if table.has_cell(r, c))
    if not cells:
        ref.fail("没有可比较的单元格")
    return CellSum(table=table_id, cells=cells, name=ref.get("name", str, None))


def _strings(entry: _Entry, key: str, default: Any = ...) -> tuple[str, ...]:
    values = entry.get(key, list, default)
    if values is None:
        return ()
    for value in values:
        if not isinstance(value, str) or not value:
            entry.fail(f"“{key}”应为非空文字的列表")
    return tuple(values)


def _check_placeholders(entry: _Entry, key: str, allowed: set[str]) -> str:
    message = entry.get(key, str, empty=False)
    for name in re.findall(r"\{(\w+)\}", message):
        if name not in allowed:
            entry.fail(f"“{key}”中的占位符“{{{name}}}”不适用")
    return str(message)


# -- keywords in a text --------------------------------------------------------------------


class Phrase(Struct, frozen=True):
    """Keywords that name some cells, optionally only after a context word in the clause.

    Attributes:
        after: the phrase applies only when the latest context word (any phrase's
            `after` word) before it in the same clause is one of these: “其中结果维持25件”
            after “行政诉讼46件” names the litigation cells, after “行政复议” the review cells.
        number_before: also accept a number written just before the keyword
            (“另有103件顺延到下年度答复”), used for the carried-forward phrases.
        of: for percentages, the cells the share is taken of (any of them may fit).
    """

    keywords: tuple[str, ...]
    cells: CellSum
    after: tuple[str, ...] = ()
    number_before: bool = False
    of: tuple[CellSum, ...] = ()


def _read_phrases(entry: _Entry, fmt: ReportFormat, percentages: bool) -> tuple[Phrase, ...]:
    phrases = []
    for index, raw in enumerate(entry.items("phrases")):
        p = entry.child(raw, f"phrases[{index}]")
        of: tuple[CellSum, ...] = ()
        if percentages:
            of = tuple(_cells(p, fmt, ref, f"of[{i}]") for i, ref in enumerate(p.get("of", list)))
            if not of:
                p.fail("“of”至少要有一组单元格")
        phrases.append(
            Phrase(
                keywords=_strings(p, "keywords"),
                cells=_cells(p, fmt, p.get("cells", dict), "cells"),
                after=_strings(p, "after", ()),
                number_before=p.get("number_before", bool, False),
                of=of,
            )
        )
    if not phrases:
        entry.fail("“phrases”不能为空")
    return tuple(phrases)


class _Hit(Struct, frozen=True):
    start: int
    end: int
    keyword: str


def _hits_of(text: str, pattern: re.Pattern[str] | None) -> list[_Hit]:
    """Keyword occurrences found by a rule's precompiled keyword pattern."""
    if pattern is None:
        return []
    return [_Hit(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]


_PhraseIndex = tuple[dict[str, tuple["Phrase", ...]], frozenset[str], re.Pattern[str] | None]
_PHRASE_INDEXES: dict[int, tuple[tuple["Phrase", ...], _PhraseIndex]] = {}


def _phrase_index(phrases: tuple[Phrase, ...]) -> _PhraseIndex:
    """For a rule's phrases: the phrases of each keyword, every context word, and one
    pattern finding all keywords.

    Built once per rule (its phrases are fixed at load) and found by the identity of the
    rule's tuple, not by hashing it: re-validation runs on every keystroke
    (benchmarks/bench_validate.py).
    """
    entry = _PHRASE_INDEXES.get(id(phrases))
    if entry is not None and entry[0] is phrases:
        return entry[1]
    by_keyword: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        for keyword in phrase.keywords:
            by_keyword.setdefault(keyword, []).append(phrase)
    keywords = frozenset(k for p in phrases for k in (*p.keywords, *p.after))
    index: _PhraseIndex = (
        {k: tuple(v) for k, v in by_keyword.items()},
        frozenset(w for p in phrases for w in p.after),
        _keyword_pattern(keywords) if keywords else None,
    )
    _PHRASE_INDEXES[id(phrases)] = (phrases, index)
    return index


def _phrase_for(phrases: tuple[Phrase, ...], text: str, hits: list[_Hit], index: int) -> Phrase | None:
    """The phrase a keyword hit stands for, given the context words before it."""
    hit = hits[index]
    by_keyword, context_words, _pattern = _phrase_index(phrases)
    candidates = by_keyword.get(hit.keyword, ())
    if not candidates:
        return None
    clause_start = _clause_start(text, hit.start)
    context = next(
        (h.keyword for h in reversed(hits[:index]) if h.start >= clause_start and h.keyword in context_words),
        None,
    )
    for phrase in candidates:
        if phrase.after and context in phrase.after:
            return phrase
    return next((p for p in candidates if not p.after), None)


def _window(text: str, hits: list[_Hit], index: int, size: int) -> tuple[int, int]:
    """After a keyword: up to `size` characters, the clause end or the next keyword."""
    start = hits[index].end
    end = min(start + size, _clause_end(text, start))
    if index + 1 < len(hits):
        end = min(end, hits[index + 1].start)
    return start, end


def _number_after(text: str, start: int, end: int, units: tuple[str, ...]) -> tuple[int, int, int] | None:
    """(value, start, end incl. unit) of the first number in [start, end) followed by a unit."""
    for match in _NUMBER.finditer(text, start, end):
        rest = text[match.end():match.end() + 4].lstrip()
        unit = next((u for u in units if rest.startswith(u)), None)
        if unit is None:
            continue
        unit_end = text.index(unit, match.end()) + len(unit)
        return int(re.sub(r"[,，]", "", match.group(0))), match.start(), unit_end
    return None


def _number_before(text: str, position: int, units: tuple[str, ...]) -> tuple[int, int] | None:
    """(value, start) of a number + unit written right before `position` (“103件顺延”)."""
    segment_start = max(0, position - 16)
    for unit in units:
        match = re.search(r"(\d+)\s*" + re.escape(unit) + r"\s*$", text[segment_start:position])
        if match:
            return int(match.group(1)), segment_start + match.start()
    return None


def _phrase_hits(
    report: Report, phrases: tuple[Phrase, ...], sections: tuple[str, ...] | None
) -> Iterator[tuple[str | None, str, list[_Hit], int, Phrase]]:
    """Each keyword hit in the texts that stands for one of the phrases, with its context.

    Hits whose cells (or bases) lie in a table an arithmetic rule found wrong are left
    out: the clerk fixes the table first (see _tables_in_error).
    """
    skip = _tables_in_error(report)
    pattern = _phrase_index(phrases)[2]
    for section, raw in _texts(report, sections, preface=False):
        text = _normalised(raw)
        hits = _hits_of(text, pattern)
        for index in range(len(hits)):
            phrase = _phrase_for(phrases, text, hits, index)
            if phrase is None or phrase.cells.table in skip or any(b.table in skip for b in phrase.of):
                continue
            yield section, text, hits, index, phrase


# -- the rules ---------------------------------------------------------------------------


class _TextRule(Rule, frozen=True):
    """Marks the rules of this module, which never feed _tables_in_error."""


class TextNumbersRule(_TextRule, frozen=True):
    """Numbers the texts quote next to a cell's keywords equal the tables (N-01, L-07).

    Only a number followed by one of the declared units (件, 条) within `window`
    characters after the keyword, in the same clause and before the next keyword, is
    read; a keyword with no such number is skipped, so prose without figures never warns.
    """

    phrases: tuple[Phrase, ...] = ()
    units: tuple[str, ...] = ()
    window: int = 12
    sections: tuple[str, ...] | None = None

    def check(self, report: Report) -> Iterator[Finding]:
        for section, text, hits, index, phrase in _phrase_hits(report, self.phrases, self.sections):
            hit = hits[index]
            start, end = _window(text, hits, index, self.window)
            found = _number_after(text, start, end, self.units)
            if found is not None:
                number, quote = found[0], text[hit.start:found[2]]
            elif phrase.number_before:
                before = _number_before(text, hit.start, self.units)
                if before is None:
                    continue
                number, quote = before[0], text[before[1]:hit.end]
            else:
                continue
            if number == phrase.cells.value(report):
                continue
            yield self.finding(
                _location(section),
                {
                    "section": report.section_name(section),
                    "quote": quote,
                    "number": number,
                    "table": phrase.cells.table_name(report),
                    "cells": phrase.cells.describe(report),
                    "value": phrase.cells.show_value(report),
                },
                expected=phrase.cells.value(report),
                actual=number,
            )


def _percent(part: Number, base: Number, places: int, rounding: str) -> Decimal:
    exact = Decimal(part) * 100 / Decimal(base)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=rounding)


class TextPercentagesRule(_TextRule, frozen=True):
    """Percentages after a cell's keywords equal the share recomputed from the tables (N-02).

    The share is part ÷ base for any of the declared bases (of 办结 or of 新收, as reports
    differ), rounded to the places the text gives. A figure that equals the truncated
    share instead, or is within 0.01 percentage points, gets `truncation_severity`.
    A window holding “分别” is skipped: “分别占52.6%和11.8%” lists shares out of order.
    """

    phrases: tuple[Phrase, ...] = ()
    window: int = 20
    sections: tuple[str, ...] | None = None
    truncation_severity: Severity = "info"
    truncation_message: str = ""

    def check(self, report: Report) -> Iterator[Finding]:
        for section, text, hits, index, phrase in _phrase_hits(report, self.phrases, self.sections):
            hit = hits[index]
            start, end = _window(text, hits, index, self.window)
            if "分别" in text[start:end]:
                continue
            match = _PERCENT.search(text, start, end)
            if match is None:
                continue
            finding = self._compare(report, section, phrase, Decimal(match.group(1)), text[hit.start:match.end()])
            if finding is not None:
                yield finding

    def _compare(self, report: Report, section: str | None, phrase: Phrase, quoted: Decimal, quote: str) -> Finding | None:
        places = max(0, -int(quoted.as_tuple().exponent))
        part = phrase.cells.value(report)
        bases = [b for b in phrase.of if b.value(report)]
        if not bases:
            return None
        truncated = False
        for base in bases:
            if _percent(part, base.value(report), places, ROUND_HALF_UP) == quoted:
                return None
            exact = Decimal(part) * 100 / Decimal(base.value(report))
            if abs(exact - quoted) <= Decimal("0.01"):
                truncated = True
        base = bases[0]
        values: dict[str, object] = {
            "section": report.section_name(section),
            "quote": quote,
            "percent": format(quoted, "f"),
            "computed": format(_percent(part, base.value(report), places, ROUND_HALF_UP), "f"),
            "part": format_value(part),
            "base": format_value(base.value(report)),
            "part_cells": phrase.cells.describe(report),
            "base_cells": base.describe(report),
            "table": phrase.cells.table_name(report),
        }
        if truncated:
            return Finding(self.truncation_severity, self.id, _location(section), fill_template(self.truncation_message, values))
        return self.finding(_location(section), values)


class FeeStatementRule(_TextRule, frozen=True):
    """A section states whether 信息处理费 was charged (N-03, national-2021 六).

    A statement is a clause holding a keyword (信息处理费) and either an amount or count
    (a number followed by 元 or 件) or an explicit “未收取”. An empty section has none.
    """

    section: str = ""
    keywords: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    none_phrases: tuple[str, ...] = ()

    def check(self, report: Report) -> Iterator[Finding]:
        text = _normalised(report.texts.get(self.section, ""))
        for clause in re.split(f"[{re.escape(SENTENCE_ENDS)}]", text):
            if not any(k in clause for k in self.keywords):
                continue
            if any(p in clause for p in self.none_phrases):
                return
            if _number_after(clause, 0, len(clause), self.units) is not None:
                return
        yield self.finding(Location(section=self.section), {"section": report.section_name(self.section)})


class Claim(Struct, frozen=True):
    phrases: tuple[str, ...]
    cells: CellSum


class TextClaimsRule(_TextRule, frozen=True):
    """The text says all was finished or upheld while the tables say otherwise (N-05)."""

    claims: tuple[Claim, ...] = ()
    sections: tuple[str, ...] | None = None

    def check(self, report: Report) -> Iterator[Finding]:
        for claim in self.claims:
            value = claim.cells.value(report)
            if not value:
                continue
            for section, text in _texts(report, self.sections, preface=False):
                phrase = next((p for p in claim.phrases if p in text), None)
                if phrase is None:
                    continue
                yield self.finding(
                    _location(section),
                    {
                        "section": report.section_name(section),
                        "quote": phrase,
                        "table": claim.cells.table_name(report),
                        "cells": claim.cells.describe(report),
                        "value": claim.cells.show_value(report),
                    },
                )


class DebrisPattern(Struct, frozen=True):
    description: str
    phrase: str | None = None
    regex: re.Pattern[str] | None = None

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        if self.phrase is not None:
            start = text.find(self.phrase)
            while start >= 0:
                yield start, start + len(self.phrase)
                start = text.find(self.phrase, start + len(self.phrase))
        elif self.regex is not None:
            for match in self.regex.finditer(text):
                if match.end() > match.start():
                    yield match.start(), match.end()


_JOINERS = re.compile(r"[ \t\u3000,，、;；|]*")
"""What may separate two spans of one kind of debris shown as one (“雷速体育,雷速直播”):
never a line break, so that one warning never quotes several paragraphs."""


_DEBRIS_FOUND: dict[tuple[int, str], tuple[tuple[DebrisPattern, ...], tuple[tuple[int, int, str], ...]]] = {}


class DebrisFound(Struct, frozen=True):
    """One distinct piece of debris in a text, with every place it occurs.

    A page's spam is usually pasted several times (衡阳 2013: three times); the clerk
    needs to know what it is, how often and where, once, not three identical lines.
    """

    text: str
    description: str
    spans: tuple[tuple[int, int], ...]
    """(start, end) character offsets of each occurrence, in order."""


def find_debris(text: str, patterns: tuple[DebrisPattern, ...]) -> list[tuple[str, str]]:
    """(text found, descriptions) for each debris span, in order; see _find_debris."""
    return [(text[start:end], description) for start, end, description in _debris_spans(text, patterns)]


def distinct_debris(text: str, patterns: tuple[DebrisPattern, ...]) -> list[DebrisFound]:
    """Each distinct debris text once, in the order of its first occurrence."""
    found: dict[str, DebrisFound] = {}
    for start, end, description in _debris_spans(text, patterns):
        piece = text[start:end]
        earlier = found.get(piece)
        spans = (earlier.spans if earlier else ()) + ((start, end),)
        found[piece] = DebrisFound(piece, earlier.description if earlier else description, spans)
    return list(found.values())


def paragraph_number(text: str, position: int) -> int:
    """The paragraph (1-based) a character offset falls in, as the clerk counts them:
    one paragraph per line, blank lines not counted."""
    lines = text[:position].split("\n")
    return sum(1 for line in lines[:-1] if line.strip()) + 1


def describe_places(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """“在第2段”, or “共 3 处，在第1、3段”: enough to find every occurrence."""
    paragraphs = sorted({paragraph_number(text, start) for start, _end in spans})
    where = "在第" + "、".join(str(p) for p in paragraphs) + "段"
    return where if len(spans) == 1 else f"共 {len(spans)} 处，{where}"


def _debris_spans(text: str, patterns: tuple[DebrisPattern, ...]) -> tuple[tuple[int, int, str], ...]:
    """_find_debris, remembered per text and pattern set (by identity: hashing the
    patterns would cost more than the search), since every keystroke re-validates the
    same texts."""
    key = (id(patterns), text)
    remembered = _DEBRIS_FOUND.get(key)
    if remembered is None or remembered[0] is not patterns:
        if len(_DEBRIS_FOUND) > 512:
            _DEBRIS_FOUND.clear()
        remembered = (patterns, _find_debris(text, patterns))
        _DEBRIS_FOUND[key] = remembered
    return remembered[1]


def _find_debris(text: str, patterns: tuple[DebrisPattern, ...]) -> tuple[tuple[int, int, str], ...]:
    """(start, end, descriptions) for each debris span.

    Overlapping matches (a URL found by two patterns) are one span, and so are matches
    of the same kind separated only by punctuation or spaces, so that the spam pair
    “雷速体育,雷速直播” is one warning, as the clerk sees it.
    """
    spans = sorted((s, e, p.description) for p in patterns for s, e in p.spans(text))
    merged: list[list[Any]] = []
    for start, end, description in spans:
        if merged and (
            start <= merged[-1][1] or (description in merged[-1][2] and _JOINERS.fullmatch(text[merged[-1][1]:start]))
        ):
            merged[-1][1] = max(merged[-1][1], end)
            if description not in merged[-1][2]:
                merged[-1][2].append(description)
        else:
            merged.append([start, end, [description]])
    return tuple((s, e, "；".join(d)) for s, e, d in merged)


class PastedDebrisRule(_TextRule, frozen=True):
    """Page chrome, addresses and spam copied from a web page (P-01, docs/design-notes.md §1.7).

    The patterns come from a data file (resources/debris-patterns.json) so that a clerk's
    office can add what its own site leaves behind; see load_debris_patterns. One finding
    per distinct piece of debris in a text, saying how often and in which paragraphs; its
    span is the first occurrence, which a click selects.
    """

    patterns: tuple[DebrisPattern, ...] = ()

    def check(self, report: Report) -> Iterator[Finding]:
        for section, text in _texts(report, None, preface=True):
            for found in distinct_debris(text, self.patterns):
                values = {
                    "section": report.section_name(section),
                    "text": found.text,
                    "description": found.description,
                    "count": len(found.spans),
                    "where": describe_places(text, found.spans),
                }
                yield Finding(self.severity, self.id, _location(section), fill_template(self.message, values), span=found.spans[0])


class TextDatesRule(_TextRule, frozen=True):
    """Full dates in the texts outside the report year and the year after (D-01, info).

    Only full dates (年月日) count, never bare years or 年月: texts rightly recall
    earlier years (“从2008年起，我办编制了…”, “2008年4月成立”), while a full date
    outside the statistics period and the writing year is more often a slip
    (a last year's report copied over). The year after is allowed because the report
    is written then (a 2024 report dated “2025年1月20日”). The 编制说明 is read too.
    """

    def check(self, report: Report) -> Iterator[Finding]:
        if report.year is None:
            return
        for section, text in _texts(report, None, preface=True):
            for match in _FULL_DATE.finditer(_normalised(text)):
                year = int(match.group(1))
                if year in (report.year, report.year + 1):
                    continue
                yield self.finding(
                    _location(section),
                    {
                        "section": report.section_name(section),
                        "date": f"{year}年{int(match.group(2))}月{int(match.group(3))}日",
                        "year": report.year,
                        "next_year": report.year + 1,
                    },
                )


# -- the debris pattern file -------------------------------------------------------------


class _PatternEntry(_Entry):
    """An entry of the debris pattern file; errors name that file, not a format file."""

    def fail(self, problem: str) -> None:
        raise FormatError(f"网页残留模式文件 {self.file.name} 有误（条目 {self.where}）：{problem}")

    def child(self, data: object, where: str) -> _Entry:
        return _PatternEntry(self.file, data, f"{self.where} › {where}")


def load_debris_patterns(path: Path) -> tuple[DebrisPattern, ...]:
    """Read the debris pattern file: {"patterns": [{"phrase" | "regex", "description"}]}.

    Raises:
        FormatError: the file is missing, not JSON, or an entry is wrong (named).
    """
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FormatError(f"找不到网页残留模式文件 {path}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FormatError(f"网页残留模式文件 {path.name} 不是有效的 UTF-8 JSON（{error}）") from None
    top = _PatternEntry(path, raw, "顶层")
    patterns = []
    for index, item in enumerate(top.items("patterns")):
        entry = top.child(item, f"patterns[{index}]")
        description = entry.get("description", str, empty=False)
        phrase, regex = entry.get("phrase", str, None), entry.get("regex", str, None)
        if (phrase is None) == (regex is None):
            entry.fail("应有“phrase”（原文短语）或“regex”（正则表达式）之一，且只能有一个")
        if phrase is not None:
            if not phrase.strip():
                entry.fail("“phrase”不能为空")
            patterns.append(DebrisPattern(description=description, phrase=phrase))
        else:
            try:
                compiled = re.compile(regex)
            except re.error as error:
                entry.fail(f"正则表达式有误：{error}")
                raise AssertionError from None  # unreachable: fail raises
            if compiled.match(""):
                entry.fail("正则表达式不能匹配空文字")
            patterns.append(DebrisPattern(description=description, regex=compiled))
    if not patterns:
        top.fail("“patterns”不能为空")
    return tuple(patterns)


@lru_cache(maxsize=8)
def _debris_patterns(path: Path) -> tuple[DebrisPattern, ...]:
    return load_debris_patterns(path)


# -- compiling the entries ---------------------------------------------------------------


def _sections(entry: _Entry, fmt: ReportFormat) -> tuple[str, ...] | None:
    sections = _strings(entry, "sections", None)
    for section in sections or ():
        if not fmt.has_section(section):
            entry.fail(f"引用了不存在的部分“{section}”")
    return sections or None


def _compile_numbers(entry: _Entry, fmt: ReportFormat, base: dict[str, Any]) -> Rule:
    return TextNumbersRule(
        **base,
        phrases=_read_phrases(entry, fmt, percentages=False),
        units=_strings(entry, "units"),
        window=entry.get("window", int, 12),
        sections=_sections(entry, fmt),
    )


_PERCENT_PLACEHOLDERS = {"section", "quote", "percent", "computed", "part", "base", "part_cells", "base_cells", "table"}


def _compile_percentages(entry: _Entry, fmt: ReportFormat, base: dict[str, Any]) -> Rule:
    severity = entry.get("truncation_severity", str, "info")
    if severity not in SEVERITIES:
        entry.fail(f"未知的严重程度“{severity}”")
    return TextPercentagesRule(
        **base,
        phrases=_read_phrases(entry, fmt, percentages=True),
        window=entry.get("window", int, 20),
        sections=_sections(entry, fmt),
        truncation_severity=severity,
        truncation_message=_check_placeholders(entry, "truncation_message", _PERCENT_PLACEHOLDERS),
    )


def _compile_fee(entry: _Entry, fmt: ReportFormat, base: dict[str, Any]) -> Rule:
    section = entry.get("section", str)
    if not fmt.has_section(section):
        entry.fail(f"引用了不存在的部分“{section}”")
    return FeeStatementRule(
        **base,
        section=section,
        keywords=_strings(entry, "keywords"),
        units=_strings(entry, "units"),
        none_phrases=_strings(entry, "none_phrases"),
    )


def _compile_claims(entry: _Entry, fmt: ReportFormat, base: dict[str, Any]) -> Rule:
    claims = []
    for index, raw in enumerate(entry.items("claims")):
        c = entry.child(raw, f"claims[{index}]")
        claims.append(Claim(phrases=_strings(c, "phrases"), cells=_cells(c, fmt, c.get("cells", dict), "cells")))
    if not claims:
        entry.fail("“claims”不能为空")
    return TextClaimsRule(**base, claims=tuple(claims), sections=_sections(entry, fmt))


def _compile_debris(entry: _Entry, _fmt: ReportFormat, base: dict[str, Any]) -> Rule:
    name = entry.get("patterns", str, empty=False)
    path = resources_dir() / name
    if path.parent != resources_dir() or not name.endswith(".json"):
        entry.fail("“patterns”应为 resources 文件夹中的一个 .json 文件名")
    return PastedDebrisRule(**base, patterns=_debris_patterns(path))


def _compile_dates(_entry: _Entry, _fmt: ReportFormat, base: dict[str, Any]) -> Rule:
    return TextDatesRule(**base)


register_kind("text_numbers", {"section", "quote", "number", "table", "cells", "value"}, _compile_numbers)
register_kind("text_percentages", _PERCENT_PLACEHOLDERS, _compile_percentages)
register_kind("fee_statement", {"section"}, _compile_fee)
register_kind("text_claims", {"section", "quote", "table", "cells", "value"}, _compile_claims)
register_kind("pasted_debris", {"section", "text", "description", "count", "where"}, _compile_debris)
register_kind("text_dates", {"section", "date", "year", "next_year"}, _compile_dates)
