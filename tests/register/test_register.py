"""The register: import with row-level errors (nothing stored unless all valid), re-import by code,
relinking audited, states, and the gate (未评先决, decisions departing from the filed verdict)."""

from __future__ import annotations

import pytest

from riskmodel.errors import NotFoundError
from riskmodel.services import audit, filing, register
from riskmodel.services.register_coverage import coverage, gate_entries
from riskmodel.services.validation import RowsInvalid
from riskmodel.services.views.register import ImportCounts
from tests.register.conftest import SYSTEM, conclude, matter

HEADER = "code,title,kind,checkpoint,department,region,year,planned_decision_date,track\n"


def _file(tmp_path, text: str, name: str = "matters.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_an_import_with_bad_rows_names_each_row_and_value_and_stores_nothing(store, tmp_path):
    path = _file(
        tmp_path,
        HEADER
        + "M-1,旧城改造,重大项目,项目立项,住建局,东湖区,2026,2026-05-01,普通\n"
        + "M-2,水价调整,重大政策,政策出台,发改委,滨江市,2026,,\n"
        + "M-3,马拉松,重大活动,政策出台,体育局,南港区,26,2026-13-01,快速\n"
        + "M-1,重复,其他,项目立项,住建局,东湖区,2026,,\n",
    )
    with pytest.raises(RowsInvalid) as info:
        register.import_matters(store, SYSTEM, path)
    text = info.value.message("zh")
    assert "第 3 行" in text and "重大政策" in text
    assert "第 4 行" in text and "“26”" in text and "2026-13-01" in text and "快速" in text
    assert "第 5 行" in text and "M-1" in text
    assert register.list_matters(store) == []


def test_a_reimport_updates_by_code_and_never_duplicates(store, tmp_path):
    first = _file(tmp_path, HEADER + "M-1,旧城改造,重大项目,项目立项,住建局,东湖区,2026,2026-05-01,普通\n")
    assert register.import_matters(store, SYSTEM, first) == ImportCounts(rows=1, created=1, updated=0)
    second = _file(
        tmp_path,
        HEADER
        + "M-1,旧城改造（调整）,重大项目,项目立项,住建局,东湖区,2026,2026-08-01,简易\n"
        + "M-2,水价调整,重大决策,政策出台,发改委,滨江市,2026,2026/9/1,\n",
        name="again.csv",
    )
    assert register.import_matters(store, SYSTEM, second) == ImportCounts(rows=2, created=1, updated=1)
    rows = {m.code: m for m in register.list_matters(store)}
    assert len(rows) == 2 and rows["M-1"].title == "旧城改造（调整）" and rows["M-1"].track == "简易"
    assert rows["M-2"].planned_decision_date == "2026-09-01"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_bom_and_gb18030_files_with_chinese_headers_import(store, tmp_path, encoding):
    text = "编号,事项名称,类别,关口,决策或申报单位,地区,年度,计划决策日期,程序\nM-9,公交票价调整,重大决策,政策出台,交通局,北川县,2026,2026年7月1日,普通\n"
    path = _file(tmp_path, text, encoding=encoding)
    assert register.import_matters(store, SYSTEM, path).created == 1
    assert register.get_matter(store, "M-9").planned_decision_date == "2026-07-01"


def test_an_assessment_belongs_to_one_matter_and_relinking_moves_it_in_the_audit_trail(store):
    c = conclude(store)
    matter(store, "M-1")
    matter(store, "M-2", title="另一事项")
    register.link_assessment(store, SYSTEM, "M-1", c.assessment_id)
    out = register.link_assessment(store, SYSTEM, "M-2", c.assessment_id)
    assert out.moved_from == "M-1"
    assert register.get_matter(store, "M-1").assessment_ids == ()
    assert register.get_matter(store, "M-2").assessment_ids == (c.assessment_id,)
    moves = [e for e in audit.list_audit(store, SYSTEM, entity="register_matter") if e.action == "register.relink"]
    assert moves and moves[0].details["moved_from"] == "M-1"
    with pytest.raises(NotFoundError):
        register.link_assessment(store, SYSTEM, "NOPE", c.assessment_id)


def test_states_follow_links_verdicts_filings_and_the_decision(store):
    c = conclude(store)
    matter(store, "M-1")
    assert register.get_matter(store, "M-1").state == "应评"
    register.link_assessment(store, SYSTEM, "M-1", c.assessment_id)
    assert register.get_matter(store, "M-1").state == "已评估"
    filing.submit(store, c.organizer, c.assessment_id)
    filing.decide(store, c.reviewer, c.assessment_id, accept=True)
    assert register.get_matter(store, "M-1").state == "已备案"
    m = register.decide(store, SYSTEM, "M-1", "实施", "2026-07-01")
    assert m.state == "已决策" and not m.decided_without_assessment


def test_the_gate_flags_a_decision_without_a_filed_assessment_and_keeps_the_flag(store):
    c = conclude(store)
    matter(store, "M-1")
    register.link_assessment(store, SYSTEM, "M-1", c.assessment_id)  # assessed, not filed yet
    m = register.decide(store, SYSTEM, "M-1", "实施", "2026-05-01")
    assert m.decided_without_assessment
    filing.submit(store, c.organizer, c.assessment_id)
    filing.decide(store, c.reviewer, c.assessment_id, accept=True)
    again = register.decide(store, SYSTEM, "M-1", "实施", "2026-06-01")
    assert again.decided_without_assessment  # deciding first is not undone by a later filing
    assert [g.code for g in gate_entries(store, 2026)] == ["M-1"]
    assert coverage(store, 2026).total.decided_without_assessment == 1


def test_the_gate_flags_a_decision_that_departs_from_the_filed_verdict(store):
    c = conclude(store)
    matter(store, "M-1")
    register.link_assessment(store, SYSTEM, "M-1", c.assessment_id)
    filing.submit(store, c.organizer, c.assessment_id)
    filing.decide(store, c.reviewer, c.assessment_id, accept=True)
    verdict = register.get_matter(store, "M-1").filed_verdict
    other = next(d for d in ("实施", "不予实施") if d != verdict)
    m = register.decide(store, SYSTEM, "M-1", other, "2026-07-01")
    assert m.decision_departs and not m.decided_without_assessment
    assert gate_entries(store, 2026)[0].flag == "decision_departs"
    same = register.decide(store, SYSTEM, "M-1", verdict, "2026-07-02")
    assert not same.decision_departs


def test_coverage_counts_required_assessed_filed_and_rates_by_department_and_region(store):
    c = conclude(store)
    matter(store, "M-1")
    matter(store, "M-2", department="发改委", region="滨江市")
    matter(store, "M-3", year=2025)
    register.link_assessment(store, SYSTEM, "M-1", c.assessment_id)
    register.decide(store, SYSTEM, "M-2", "暂缓实施", "2026-03-01")
    cov = coverage(store, 2026)
    assert (cov.total.required, cov.total.assessed, cov.total.filed) == (2, 1, 0)
    assert cov.total.coverage_rate == 0.5 and cov.total.filing_rate == 0.0
    assert cov.total.decisions["暂缓实施"] == 1
    deps = {r.name: r for r in cov.by_department}
    assert deps["发改委"].decided_without_assessment == 1 and deps["发改委"].filing_rate is None
    assert sorted(r.name for r in cov.by_region) == ["东湖区", "滨江市"]
