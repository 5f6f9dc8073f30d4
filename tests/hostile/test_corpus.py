"""Every file of the hostile corpus gets its expected outcome through every importer that reads tables —
a clear message naming the file (and the row where there is one) in both languages, never a crash, a hang
or a silently shortened table."""

from __future__ import annotations

import pytest

from riskmodel.cli import main as cli
from riskmodel.errors import ValidationError
from riskmodel.network.io import read_table as read_network_table
from riskmodel.services import imports
from riskmodel.services.validation import RowsInvalid
from tests.hostile.corpus import CASES, Case

BY_NAME = {c.name: c for c in CASES}


@pytest.fixture(scope="module")
def built() -> dict[str, bytes]:
    return {c.name: c.build() for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_survey_importer_meets_each_hostile_file_as_expected(case: Case, built):
    data = built[case.name]
    if case.expect == "ok":
        counts = imports.parse_survey_file(case.name, data)
        assert {k: counts.model_dump()[k] for k in case.counts} == case.counts
        return
    with pytest.raises(ValidationError) as exc:
        imports.parse_survey_file(case.name, data)
    assert exc.value.key == case.expect
    if case.row_key:
        assert isinstance(exc.value, RowsInvalid) and exc.value.problems[0].key == case.row_key
    for lang in ("zh", "en"):
        message = exc.value.message(lang)
        assert case.name in message and "{" not in message and len(message) < 20_000


def test_a_report_of_thousands_of_bad_rows_lists_a_hundred_and_counts_the_rest(built):
    with pytest.raises(RowsInvalid) as exc:
        imports.parse_survey_file("many-bad-rows.csv", built["many-bad-rows.csv"])
    assert len(exc.value.problems) == imports.MAX_PROBLEMS + 1
    assert exc.value.params["count"] == 5_000
    assert "4900" in exc.value.message("en").replace(",", "")


@pytest.mark.parametrize("name", [c.name for c in CASES if c.expect.startswith("security.files.")], ids=lambda n: n)
def test_the_network_importer_reads_through_the_same_hardened_reader(name, built):
    table = read_network_table(built[name], name)
    assert table.rows == [] and len(table.problems) == 1
    key = table.problems[0].key
    expected = BY_NAME[name].expect
    if expected in ("security.files.bad_xlsx",):
        expected = "network.import.unreadable"
    assert key == expected
    assert name in table.problems[0].message("zh")


def test_the_xlsx_dimension_tag_is_not_trusted(built):
    header, rows = imports.read_table("wrong-dimension.xlsx", built["wrong-dimension.xlsx"])
    assert header == ["attitude", "household"] and len(rows) == 10


@pytest.mark.parametrize("name", ["gbk.csv", "field-140k.csv", "superscript.csv", "huge-count.csv", "zip-bomb.xlsx"])
def test_the_command_line_prints_one_message_for_each_hostile_file(name, built, store, tmp_path, capsys):
    from tests.store.conftest import make_setup

    setup = make_setup(store)
    path = tmp_path / name
    path.write_bytes(built[name])
    code = cli(["--db", store.url, "import-survey", "--assessment", str(setup.assessment_id), str(path)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    if BY_NAME[name].expect == "ok":
        assert code == 0
    else:
        assert code == 1 and name in captured.err and "参考编号" not in captured.err
