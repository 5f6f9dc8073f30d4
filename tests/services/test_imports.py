"""import-ratings and import-survey: every bad row reported with its number, nothing stored unless all valid."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from riskmodel.errors import ValidationError
from riskmodel.services import assessments, imports, rounds, surveys
from riskmodel.services.validation import RowsInvalid
from tests.store.conftest import make_setup


def _csv(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def scoring(store):
    setup = make_setup(store)
    rounds.open_next_round(store, setup.organizer, setup.assessment_id)
    return setup


def test_good_csv_is_submitted_in_the_open_round(scoring, tmp_path):
    q = assessments.questionnaire_of(scoring.store, scoring.assessment_id)
    ids = q.indicator_ids()
    lines = ["indicator,phase,score,comment"] + [f"{i},before,3,意见{i}" for i in ids] + [f"{i},after,2," for i in ids]
    out = imports.import_ratings(
        scoring.store, scoring.experts[0], scoring.assessment_id, _csv(tmp_path, "r.csv", "\ufeff" + "\n".join(lines))
    )
    assert out.ratings == 2 * len(ids) and out.round == 1
    inp, _q, meta = assessments.assessment_input(scoring.store, scoring.assessment_id)
    assert meta["ratings_count"] == 2 * len(ids)
    assert any(r.comment == f"意见{ids[0]}" for r in inp.ratings)


def test_every_bad_row_is_reported_and_nothing_stored(scoring, tmp_path):
    q = assessments.questionnaire_of(scoring.store, scoring.assessment_id)
    a, b, c = q.indicator_ids()[:3]
    text = "\n".join(
        [
            "indicator,phase,score,comment",
            f"{a},before,3,",  # row 2 ok
            "XX-99,before,3,",  # row 3 unknown indicator
            f"{b},before,7,",  # row 4 out of range
            f"{c},before,,",  # row 5 missing value
            f"{a},before,4,",  # row 6 duplicate of row 2
            f"{b},after,abc,",  # row 7 not a number
            f"{c},during,2,",  # row 8 bad phase
        ]
    )
    with pytest.raises(RowsInvalid) as info:
        imports.import_ratings(
            scoring.store, scoring.experts[0], scoring.assessment_id, _csv(tmp_path, "bad.csv", text)
        )
    got = [(p.row, p.key.split(".")[-1]) for p in info.value.problems]
    assert got == [
        (3, "unknown_indicator"),
        (4, "out_of_range"),
        (5, "missing"),
        (6, "duplicate"),
        (7, "not_a_number"),
        (8, "bad_phase"),
    ]
    message = info.value.message("zh")
    assert "bad.csv" in message and "第 3 行" in message and "XX-99" in message
    assert assessments.assessment_input(scoring.store, scoring.assessment_id)[2]["ratings_count"] == 0


def test_wrong_columns_are_reported_on_row_one(scoring, tmp_path):
    with pytest.raises(RowsInvalid) as info:
        imports.import_ratings(
            scoring.store,
            scoring.experts[0],
            scoring.assessment_id,
            _csv(tmp_path, "cols.csv", "indicator,probability,impact,extra\nPRO-01,1,2,x\n"),
        )
    assert [(p.row, p.key.split(".")[-1]) for p in info.value.problems] == [
        (1, "missing_columns"),
        (1, "unknown_columns"),
    ]


def test_phase_not_offered(store, tmp_path, monkeypatch):
    setup = make_setup(store)
    q = assessments.questionnaire_of(store, setup.assessment_id)
    only_before = q.model_copy(update={"phases": ["before"]})
    monkeypatch.setattr(imports, "questionnaire_of", lambda st, aid: only_before)
    with pytest.raises(RowsInvalid) as info:
        imports.parse_ratings_file(
            store, setup.assessment_id, _csv(tmp_path, "p.csv", "indicator,phase,score\nPRO-01,after,3\n")
        )
    assert info.value.problems[0].key == "store.rows.phase_not_offered"


def test_xlsx_and_chinese_headers_and_probability_impact(store, tmp_path):
    setup = make_setup(store, questionnaire="four-properties")
    rounds.open_next_round(store, setup.organizer, setup.assessment_id)
    q = assessments.questionnaire_of(store, setup.assessment_id)
    wb = Workbook()
    ws = wb.active
    ws.append(["指标", "阶段", "概率", "影响", "意见"])
    for ind in q.indicator_ids():
        ws.append([ind, "措施前", 3, 4, None])
        ws.append([ind, "措施后", 2, 2, "落实后"])
    buf = io.BytesIO()
    wb.save(buf)
    path = tmp_path / "ratings.xlsx"
    path.write_bytes(buf.getvalue())
    out = imports.import_ratings(store, setup.experts[1], setup.assessment_id, path)
    assert out.ratings == 2 * len(q.indicator_ids())
    inp = assessments.assessment_input(store, setup.assessment_id)[0]
    assert {(r.probability, r.impact) for r in inp.ratings if r.phase == "before"} == {(3, 4)}
    ws.append(["LGL-01", "措施前", 6, 0, None])  # level 6 and 0 do not exist on a 5-level scale
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(RowsInvalid) as info:
        imports.parse_ratings_file(store, setup.assessment_id, "more.xlsx", buf.getvalue())
    assert [p.key.split(".")[-1] for p in info.value.problems] == ["duplicate", "out_of_range", "out_of_range"]
    assert info.value.problems[0].row == 2 * len(q.indicator_ids()) + 2


def test_survey_respondents_file(setup, tmp_path):
    text = "\n".join(
        [
            "respondent,attitude,group,household",
            "1,支持,直接,H1",
            "2,oppose,direct,H1",
            "3,中立,间接,",
            "4,support,indirect,H2",
        ]
    )
    out = imports.import_survey(setup.store, setup.organizer, setup.assessment_id, _csv(tmp_path, "s.csv", text))
    assert (out.support, out.neutral, out.oppose) == (2, 1, 1)
    assert (out.respondents_direct, out.respondents_indirect, out.households_covered) == (2, 2, 2)
    assert surveys.latest_survey(setup.store, setup.assessment_id).source == "s.csv"


def test_survey_respondents_file_bad_rows(setup, tmp_path):
    text = "respondent,attitude,group\n1,支持,直接\n1,maybe,直接\n3,,外地\n"
    with pytest.raises(RowsInvalid) as info:
        imports.import_survey(setup.store, setup.organizer, setup.assessment_id, _csv(tmp_path, "s.csv", text))
    assert [(p.row, p.key.split(".")[-1]) for p in info.value.problems] == [
        (3, "bad_attitude"),
        (3, "duplicate_respondent"),
        (4, "missing"),
        (4, "bad_group"),
    ]
    assert surveys.latest_survey(setup.store, setup.assessment_id) is None


def test_survey_counts_file(setup, tmp_path):
    good = "item,value\n支持,620\nneutral,80\noppose,300\nrespondents_direct,900\n覆盖户数,85\n"
    out = imports.import_survey(setup.store, setup.organizer, setup.assessment_id, _csv(tmp_path, "c.csv", good))
    assert (out.support, out.oppose, out.households_covered, out.respondents_indirect) == (
        620,
        300,
        85,
        None,
    )
    bad = "item,value\nsupport,-3\nsupport,5\nfoo,1\n"
    with pytest.raises(RowsInvalid) as info:
        imports.parse_survey_file(_csv(tmp_path, "c2.csv", bad))
    assert [(p.row, p.key.split(".")[-1]) for p in info.value.problems] == [
        (2, "bad_count"),
        (3, "duplicate_item"),
        (4, "bad_item"),
        (1, "missing_item"),
    ]


def test_unknown_file_type_and_missing_file(tmp_path):
    with pytest.raises(ValidationError):
        imports.parse_survey_file(tmp_path / "nope.csv")
    with pytest.raises(ValidationError):
        imports.parse_survey_file(_csv(tmp_path, "x.pdf", "x"))
    with pytest.raises(RowsInvalid):
        imports.parse_survey_file(_csv(tmp_path, "x.csv", "a,b\n1,2\n"))
