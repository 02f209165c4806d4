"""The year decides the format (issue 14, point 5): a national-2021 report for 2013 could
be created and its format never changed; now the formats' own years choose, and a
mismatch is refused with the reason, naming the right format."""

from __future__ import annotations

import pytest

from models.formats import all_formats, format_for_year, format_mismatch
from tests.test_main import run


@pytest.mark.parametrize(
    "year, format_id",
    [(2008, "legacy-2013"), (2013, "legacy-2013"), (2018, "legacy-2013"), (2019, "national-2019"), (2020, "national-2019"), (2021, "national-2021"), (2099, "national-2021")],
)
def test_each_year_has_the_format_whose_years_hold_it(year, format_id):
    assert format_for_year(year).id == format_id
    assert format_mismatch(format_id, year) == ""


def test_no_year_fits_two_formats():
    for year in range(2000, 2101):
        fitting = [f.id for f in all_formats().values() if not format_mismatch(f.id, year)]
        assert len(fitting) <= 1, (year, fitting)


def test_a_year_before_any_format_has_none():
    assert format_for_year(2007) is None
    assert format_mismatch("legacy-2013", 2007).startswith("2007年没有适用的报告格式")


def test_a_mismatch_names_the_right_format():
    assert format_mismatch("national-2021", 2013) == (
        "2013年的报告应使用“政府信息公开年度报告（2013年及以前的附表格式）”（legacy-2013，适用于2008—2018年）："
        "national-2021 只适用于2021年起的报告"
    )
    assert "national-2019" in format_mismatch("national-2021", 2020)
    assert "national-2021" in format_mismatch("legacy-2013", 2024)


def test_the_command_line_refuses_the_mismatch_with_the_same_reason(tmp_path):
    out = tmp_path / "新.json"
    refused = run("new", "--format", "national-2021", "--org", "衡阳市人民政府", "--year", "2013", "-o", str(out))
    assert refused.returncode == 1
    assert refused.stderr.strip() == format_mismatch("national-2021", 2013)
    assert not out.exists(), "nothing written"
    made = run("new", "--format", "legacy-2013", "--org", "衡阳市人民政府", "--year", "2013", "-o", str(out))
    assert made.returncode == 0 and out.exists()


def test_starting_from_last_year_takes_the_format_of_the_new_year(tmp_path):
    """A 2018 legacy report carried into 2019 becomes national-2019, not legacy-2013."""
    last, new = tmp_path / "2018.json", tmp_path / "2019.json"
    assert run("new", "--format", "legacy-2013", "--org", "示例县人民政府", "--year", "2018", "-o", str(last)).returncode == 0
    made = run("new", "--from", str(last), "-o", str(new))
    assert made.returncode == 0, made.stderr
    assert "national-2019" in made.stdout
    forced = run("new", "--from", str(last), "--format", "legacy-2013", "-o", str(tmp_path / "x.json"))
    assert forced.returncode == 1
    assert forced.stderr.strip() == format_mismatch("legacy-2013", 2019)
