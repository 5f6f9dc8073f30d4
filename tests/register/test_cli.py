"""The commands of issue 11, with their JSON keys exactly as the issue writes them."""

from __future__ import annotations

import json

from riskmodel import cli
from riskmodel.services import experts
from tests.register.conftest import conclude


def _run(capsys, url, *argv) -> tuple[int, str, str]:
    code = cli.main(["--db", url, *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_register_coverage_experts_and_filing_commands_print_the_contracted_keys(store, tmp_path, capsys):
    url = store.url
    c = conclude(store)
    path = tmp_path / "m.csv"
    path.write_text(
        "code,title,kind,checkpoint,department,region,year,planned_decision_date,track\n"
        "M-1,旧城改造,重大项目,项目立项,住建局,东湖区,2026,2026-05-01,普通\n"
        "M-2,水价,重大决策,政策出台,发改委,滨江市,2026,,\n",
        encoding="utf-8",
    )
    assert _run(capsys, url, "register", "import", str(path))[0] == 0
    assert _run(capsys, url, "register", "link", "M-1", "--assessment", str(c.assessment_id))[0] == 0
    code, out, _ = _run(capsys, url, "register", "list", "--json")
    assert code == 0 and [m["code"] for m in json.loads(out)] == ["M-1", "M-2"]

    code, out, _ = _run(capsys, url, "filing", "check", "--assessment", str(c.assessment_id), "--json")
    data = json.loads(out)
    assert list(data) == ["items"] and all(list(i) == ["item", "passed", "detail"] for i in data["items"])
    assert _run(capsys, url, "filing", "submit", "--assessment", str(c.assessment_id))[0] == 0
    assert (
        _run(capsys, url, "filing", "decide", "--assessment", str(c.assessment_id), "--accept", "--reason", "齐全")[0]
        == 0
    )
    code, _, err = _run(
        capsys, url, "filing", "decide", "--assessment", str(c.assessment_id), "--return", "--reason", "x"
    )
    assert code == 1 and err  # an accepted filing stays accepted

    assert _run(capsys, url, "register", "decide", "M-2", "--decision", "实施", "--date", "2026-07-01")[0] == 0
    code, out, _ = _run(capsys, url, "coverage", "--year", "2026", "--json")
    cov = json.loads(out)
    assert list(cov) == [
        "required",
        "assessed",
        "filed",
        "decided_without_assessment",
        "coverage_rate",
        "filing_rate",
        "by_department",
        "by_region",
    ]
    assert (cov["required"], cov["assessed"], cov["filed"], cov["decided_without_assessment"]) == (2, 1, 1, 1)
    assert cov["coverage_rate"] == 0.5 and cov["filing_rate"] == 1.0
    assert {d["department"] for d in cov["by_department"]} == {"住建局", "发改委"}


def test_experts_draw_and_replay_commands(store, tmp_path, capsys):
    from tests.store.conftest import make_setup

    setup = make_setup(store, add_to_panel=False)
    path = tmp_path / "e.csv"
    path.write_text(
        "username,name,category,field,organisation,title,years,available\n"
        + "".join(
            f"x{i},专家{i},{('社科研究', '工程技术', '综合管理')[i % 3]},领域{i},单位{i},,5,是\n" for i in range(9)
        ),
        encoding="utf-8",
    )
    url = store.url
    assert _run(capsys, url, "experts", "import", str(path))[0] == 0
    aid = str(setup.assessment_id)
    assert _run(capsys, url, "experts", "conflict", "--expert", "x1", "--assessment", aid, "--reason", "亲属")[0] == 0
    code, out, _ = _run(capsys, url, "experts", "draw", "--assessment", aid, "--json")
    d = json.loads(out)
    assert list(d) == ["draw_id", "panel", "recused", "pool_size", "pool_hash", "seed"]
    assert d["recused"] == [{"username": "x1", "reason": "declared_conflict"}] and "x1" not in d["panel"]
    assert d["pool_size"] == 9 and len(d["panel"]) == 3
    code, out, _ = _run(capsys, url, "experts", "replay", "--draw", str(d["draw_id"]), "--json")
    assert code == 0 and json.loads(out)["panel"] == d["panel"]
    code, _, err = _run(capsys, url, "experts", "draw", "--assessment", aid)
    assert code == 1 and "理由" in err
    assert experts.list_draws(store, setup.assessment_id)[0].drawn_by == "system"


def test_a_bad_register_file_exits_1_naming_rows(store, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(
        "code,title,kind,checkpoint,department,region,year\nM-1,甲,乱写,项目立项,单位,地区,2026\n", encoding="utf-8"
    )
    code, _, err = _run(capsys, store.url, "register", "import", str(path))
    assert code == 1 and "第 2 行" in err and "乱写" in err


def test_the_portfolio_export_carries_the_coverage_sheet(store, tmp_path, capsys):
    from openpyxl import load_workbook

    from riskmodel.services import register
    from riskmodel.services.register_coverage import coverage
    from tests.register.conftest import SYSTEM, matter

    conclude(store)
    matter(store, "M-1")
    matter(store, "M-2", department="=HYPERLINK(1)")  # a formula-looking department stays text
    register.decide(store, SYSTEM, "M-2", "实施", "2026-04-01")
    out = tmp_path / "p.xlsx"
    assert _run(capsys, store.url, "export-portfolio", "-o", str(out))[0] == 0
    ws = load_workbook(out)["应评尽评"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    total = coverage(store, 2026).total
    assert rows[0][:8] == [2026, "合计", "2026", total.required, total.assessed, total.filed, 1, 0]
    assert any(r[2] == "'=HYPERLINK(1)" for r in rows)
