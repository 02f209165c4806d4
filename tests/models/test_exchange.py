"""The exchange file (issue 2, point 5): round trips, migration of version 1, and every
kind of bad file refused with a clear message while nothing is changed."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from models.exchange import (
    CURRENT_VERSION,
    MAX_BYTES,
    ExchangeError,
    dumps_exchange,
    read_exchange,
    schema_path,
    to_document,
    write_exchange,
)
from models.rules import validate
from tests.conftest import FIXTURES, SAMPLES


def _write(tmp_path: Path, document, name="report.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(ExchangeError) as raised:
        read_exchange(path)
    return str(raised.value)


@pytest.fixture
def sample_document():
    return json.loads((SAMPLES / "national-2021-example.json").read_text(encoding="utf-8"))


def test_the_schema_is_valid_and_every_written_file_follows_it(clean_national_2021, legacy_hengyang_2013):
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for report in (clean_national_2021, legacy_hengyang_2013):
        jsonschema.validate(json.loads(dumps_exchange(report)), schema)


def test_round_trip_keeps_everything(tmp_path, clean_national_2021):
    path = tmp_path / "copy.json"
    write_exchange(clean_national_2021, path)
    again, notices = read_exchange(path)
    assert notices == []
    assert again.cells == clean_national_2021.cells
    assert again.texts == clean_national_2021.texts
    assert (again.organization, again.year, again.title, again.issuer, again.date, again.contact, again.preface) == (
        clean_national_2021.organization,
        clean_national_2021.year,
        clean_national_2021.title,
        clean_national_2021.issuer,
        clean_national_2021.date,
        clean_national_2021.contact,
        clean_national_2021.preface,
    )
    assert to_document(again) == to_document(clean_national_2021)


def test_file_is_readable_utf8_with_money_as_decimal_text_and_blank_as_null(clean_national_2021):
    clean_national_2021.set("requests", "new", "research", None)
    text = dumps_exchange(clean_national_2021).decode("utf-8")
    assert "示例市人民政府办公室" in text, "Chinese stays readable, not \\uXXXX"
    document = json.loads(text)
    assert document["format"] == "national-2021"
    assert document["format_version"] == CURRENT_VERSION
    assert document["tables"]["proactive"]["fees"]["fee_amount"] == "1523.46"
    assert document["tables"]["requests"]["new"]["research"] is None
    assert document["tables"]["requests"]["new"]["natural"] == 186


def test_title_override_survives_and_a_generated_title_stays_generated(tmp_path, legacy_hengyang_2013):
    path = tmp_path / "h.json"
    write_exchange(legacy_hengyang_2013, path)
    again, _ = read_exchange(path)
    assert again.title_override == "衡阳市2013年政府信息公开年度报告"
    again.organization = "衡阳市人民政府办公室"
    assert again.title == "衡阳市2013年政府信息公开年度报告"


def test_notes_on_warnings_round_trip(tmp_path, clean_national_2021):
    clean_national_2021.notes["N-04@section=problems"] = "本年度无突出问题。"
    path = tmp_path / "n.json"
    write_exchange(clean_national_2021, path)
    again, _ = read_exchange(path)
    assert again.notes == {"N-04@section=problems": "本年度无突出问题。"}


def test_renamed_rows_round_trip(tmp_path, legacy_hengyang_2013):
    legacy_hengyang_2013.row_labels["requests"] = {"25": "（5）“不予公开范围1”数"}
    path = tmp_path / "h.json"
    write_exchange(legacy_hengyang_2013, path)
    again, _ = read_exchange(path)
    assert again.row_label("requests", "25") == "（5）“不予公开范围1”数"


# -- version 1: the label-keyed fixtures ------------------------------------------------


def test_published_report_converted_to_an_exchange_file_checks_without_error(tmp_path, real_report_huaian_2024):
    """淮安市 2024 is a sound published report: converted, it has no error (its excerpts
    leave 五 empty and no date is given, which are warnings)."""
    path = tmp_path / "huaian.json"
    write_exchange(real_report_huaian_2024, path)
    converted, notices = read_exchange(path)
    assert notices == []
    assert json.loads(path.read_text(encoding="utf-8"))["format_version"] == CURRENT_VERSION
    findings = validate(converted)
    assert [f for f in findings if f.severity == "error"] == []
    assert sorted(f.rule for f in findings) == ["F-03", "N-04"]
    assert converted.get("proactive", "fees", "fee_amount") == Decimal("96171.6")
    assert converted.get("requests", "other.unpaid_fee", "natural") == 6
    assert converted.get("review_litigation", "cases", "direct.total") == 26
    assert converted.texts["other"].endswith("全年收取政府信息公开信息处理费3940元。")
    assert converted.preface.startswith("本报告由淮安市人民政府办公室")


def test_version_one_with_the_2019_single_row_is_migrated_with_a_warning():
    report, notices = read_exchange(FIXTURES / "real-report-hongze-2023.json")
    assert [(n.severity, n.rule, n.location.row) for n in notices] == [("warning", "IM-01", "other")]
    assert "（六）其他处理" in notices[0].message
    # The single row was 0 in every column, so every sub-row is 0 too.
    for sub_row in ("other.no_correction", "other.unpaid_fee", "other.other"):
        assert report.get("requests", sub_row, "total") == 0


def test_a_zero_written_as_text_in_the_single_row_is_still_zero(tmp_path):
    document = json.loads((FIXTURES / "real-report-hongze-2023.json").read_text(encoding="utf-8"))
    document["tables"]["三"]["（六）其他处理"]["自然人"] = "0"
    report, _ = read_exchange(_write(tmp_path, document))
    assert report.get("requests", "other.no_correction", "natural") == 0


def test_a_non_zero_single_row_goes_to_other_and_leaves_the_split_blank(tmp_path):
    document = json.loads((FIXTURES / "real-report-hongze-2023.json").read_text(encoding="utf-8"))
    document["tables"]["三"]["（六）其他处理"]["自然人"] = 4
    report, notices = read_exchange(_write(tmp_path, document))
    assert report.get("requests", "other.other", "natural") == 4
    assert report.get("requests", "other.no_correction", "natural") is None
    assert report.get("requests", "other.no_correction", "business") == 0
    assert [n.rule for n in notices] == ["IM-01"]


def test_version_one_with_an_unknown_label_is_refused(tmp_path):
    document = json.loads((FIXTURES / "real-report-huaian-2024.json").read_text(encoding="utf-8"))
    document["tables"]["三"]["（三）不予公开/2.其他法律行政止公开"] = document["tables"]["三"].pop(
        "（三）不予公开/2.其他法律行政法规禁止公开"
    )
    message = _refusal(_write(tmp_path, document))
    assert "（三）不予公开/2.其他法律行政止公开/自然人" in message
    assert "找不到对应的单元格" in message


# -- bad files --------------------------------------------------------------------------


def test_newer_version_is_refused(tmp_path, sample_document):
    sample_document["format_version"] = CURRENT_VERSION + 1
    message = _refusal(_write(tmp_path, sample_document))
    assert f"format_version {CURRENT_VERSION + 1}" in message
    assert "请先升级本软件" in message


def test_unknown_format_is_refused(tmp_path, sample_document):
    sample_document["format"] = "provincial-2024"
    assert "未知的报告格式“provincial-2024”" in _refusal(_write(tmp_path, sample_document))


def test_broken_json_names_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "national-2021",\n "year": 2024,,}', encoding="utf-8")
    assert "不是有效的 JSON：第 2 行第 15 列附近有错（字段名应放在双引号中）" in _refusal(path)


def test_file_over_5_mb_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.json"
    with open(path, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    assert "不能超过 5 MB" in _refusal(path)


def test_not_utf8_is_refused(tmp_path):
    path = tmp_path / "gbk.json"
    path.write_bytes('{"format": "national-2021", "organization": "淮安市"}'.encode("gbk"))
    assert "不是 UTF-8 编码" in _refusal(path)


def test_missing_file_and_a_folder(tmp_path):
    assert "找不到文件" in _refusal(tmp_path / "nope.json")
    assert "是一个文件夹" in _refusal(tmp_path)


def test_top_level_must_be_an_object(tmp_path):
    assert "应为一个 JSON 对象" in _refusal(_write(tmp_path, [1, 2]))


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: d.update(year="2024"), "year：年度应为 2000 至 2100 之间的整数（例如 2024），现为 \"2024\""),
        (lambda d: d.update(year=1999), "year：年度应为 2000 至 2100 之间的整数（例如 2024），现为 1999"),
        (lambda d: d.pop("organization"), "顶层：缺少字段“organization”"),
        (lambda d: d.update(colour="red"), "顶层：无法识别的字段“colour”"),
        (lambda d: d["tables"]["requests"]["new"].update(natural=[1]), "tables › requests › new › natural：应为整数（件数）"),
        (lambda d: d["tables"]["requests"]["new"].update(natural=2.5), "tables › requests › new › natural：应为整数（件数）、数字文字（金额，例如 \"96171.6\"）或 null（空白），现为 2.5"),
        (lambda d: d["tables"]["requests"]["new"].update(natural="1" * 101), "单元格的文字太长（101 个字符）"),
        (lambda d: d.update(date="2025/01/20"), "date：日期应写成 YYYY-MM-DD"),
        (lambda d: d.update(date="2025-02-30"), "date：日期 2025-02-30 不存在"),
        (lambda d: d["tables"]["requests"]["new"].update(natural=-1), "表三 一、本年新收政府信息公开申请数量·自然人：件数不能为负数（-1）"),
        (lambda d: d["tables"]["requests"]["new"].update(natural="3.5"), "应填写整数，不能是小数（3.5）"),
        (lambda d: d["tables"]["proactive"]["fees"].update(fee_amount="96171.6万元"), "表二 行政事业性收费·本年收费金额（单位：万元）：应填写数字"),
        (lambda d: d["tables"]["requests"].update(granted_all={"natural": 1}), "tables › requests › granted_all：表三 收到和处理政府信息公开申请情况 中没有可填数的这一行"),
        (lambda d: d["tables"]["requests"]["new"].update(people=1), "tables › requests › new › people"),
        (lambda d: d["tables"].update(table5={}), "tables › table5：格式 national-2021 中没有这张表"),
        (lambda d: d["texts"].update(seven="x"), "texts › seven：格式 national-2021 中没有这一部分"),
        (lambda d: d.update(row_labels={"requests": {"new": "收到"}}), "是规定的名称，不能改名"),
        (lambda d: d.update(organization=["淮安市"]), "organization：应为文字"),
    ],
)
def test_wrong_content_is_refused_with_a_message_naming_the_place(tmp_path, sample_document, change, expected):
    change(sample_document)
    path = _write(tmp_path, sample_document)
    before = path.read_bytes()
    assert expected in _refusal(path)
    assert path.read_bytes() == before, "reading changes nothing"


def test_each_missing_field_is_named_once(tmp_path, sample_document):
    del sample_document["organization"], sample_document["year"]
    with pytest.raises(ExchangeError) as raised:
        read_exchange(_write(tmp_path, sample_document))
    assert raised.value.problems == ["顶层：缺少字段“organization”“year”"]


def test_a_blank_renamed_label_is_refused(tmp_path, legacy_hengyang_2013):
    document = to_document(legacy_hengyang_2013)
    document["row_labels"] = {"requests": {"25": "  "}}
    assert "行名不能为空" in _refusal(_write(tmp_path, document))


def test_all_problems_are_listed_at_once(tmp_path, sample_document):
    sample_document["tables"]["requests"]["new"]["natural"] = -1
    sample_document["tables"]["requests"]["new"]["business"] = "十二"
    with pytest.raises(ExchangeError) as raised:
        read_exchange(_write(tmp_path, sample_document))
    assert len(raised.value.problems) == 2


def test_control_characters_are_removed_everywhere_with_a_notice(tmp_path, sample_document):
    sample_document["texts"]["overview"] = "总体\x07情况"
    sample_document["preface"] = "编制\x00说明"
    sample_document["organization"] = "示例市\x0b人民政府办公室"
    sample_document["title"] = "示例市人民政府办公室\n2024年政府信息公开工作年度报告"
    report, notices = read_exchange(_write(tmp_path, sample_document))
    assert report.texts["overview"] == "总体情况"
    assert report.preface == "编制说明"
    assert report.organization == "示例市人民政府办公室"
    assert report.title_override == "", "a title that is the generated one once cleaned is not an override"
    assert [(n.rule, n.location.as_dict()) for n in notices] == [
        ("IN-01", {"field": "organization"}),
        ("IN-01", {"field": "preface"}),
        ("IN-01", {"section": "overview"}),
    ]


def test_blank_cells_may_be_left_out(tmp_path, sample_document):
    del sample_document["tables"]["review_litigation"]
    report, _ = read_exchange(_write(tmp_path, sample_document))
    assert report.get("review_litigation", "cases", "review.total") is None
    assert {f.rule for f in validate(report)} == {"T4-02"}


def test_a_failed_write_leaves_the_previous_file(tmp_path, clean_national_2021, monkeypatch):
    path = tmp_path / "report.json"
    write_exchange(clean_national_2021, path)
    before = path.read_bytes()

    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    clean_national_2021.organization = "改过的名称"
    with pytest.raises(OSError):
        write_exchange(clean_national_2021, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"], "no temporary file is left behind"


def test_a_trusted_document_with_wrong_types_still_gets_the_full_check(sample_document):
    """The store reads its own documents without the schema; a hand edit that breaks
    the types is still refused with the schema's message, not a crash."""
    from models.exchange import load_document

    sample_document["organization"] = 12
    with pytest.raises(ExchangeError, match="organization：应为文字"):
        load_document(sample_document, trusted=True)
    sample_document["organization"] = "示例"
    sample_document["tables"]["requests"]["new"]["natural"] = -1
    with pytest.raises(ExchangeError, match="件数不能为负数"):
        load_document(sample_document, trusted=True)


def test_trusted_reading_gives_the_same_report(clean_national_2021):
    from models.exchange import load_document

    document = to_document(clean_national_2021)
    trusted, _ = load_document(json.loads(json.dumps(document)), trusted=True)
    checked, _ = load_document(json.loads(json.dumps(document)))
    assert to_document(trusted) == to_document(checked)
