"""The report text follows the verdict and the decision rule (issue 9 item 7, findings 5–8 and 12).

Each test builds a report context from an assessment input, so no database is needed; the demo reports
are checked the same way in ``test_demo_exports.py``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from riskmodel.engine.inputs import parse_assessment
from riskmodel.engine.result import AssessmentResult
from riskmodel.questionnaire import get_questionnaire
from riskmodel.reports.context import VerdictInfo, context_from_input
from riskmodel.reports.outline import Image, Para, Table, build_outline, conclusion_problems
from tests.reports.fixtures import score_assessment

REPORTS = Path(__file__).resolve().parents[2] / "riskmodel" / "reports"


def _ctx(lang: str = "zh", verdict: VerdictInfo | None = None, **changes):
    data = score_assessment(draws=60)
    data.update(changes)
    q = get_questionnaire("four-dimension")
    return context_from_input(parse_assessment(data), q, lang=lang, verdict=verdict)


def _verdict(verdict: str, level: str = "中", residual: str = "中", **extra) -> VerdictInfo:
    return VerdictInfo(
        level=level,
        residual_level=residual,
        verdict=verdict,
        rationale="经审查，项目选址争议未化解。",
        signer="王主任",
        signed_at="2026-11-20T10:00:00",
        **extra,
    )


def _paras(blocks) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Para)]


def _chapter3(blocks) -> list[str]:
    texts = []
    seen = False
    for b in blocks:
        text = getattr(b, "text", "")
        if text.startswith("三、"):
            seen = True
        if seen and isinstance(b, Para):
            texts.append(text)
    return texts


@pytest.fixture(scope="module")
def rejected():
    return _ctx(verdict=_verdict("不予实施"))


def test_a_rejected_report_never_recommends_implementation(rejected):
    # finding 6: a signed 不予实施 report said "风险等级为中风险：建议在落实全部防范化解措施后实施"
    text = "\n".join(_chapter3(build_outline(rejected)))
    assert "不予实施" in text
    for phrase in ("后实施", "可以实施", "方可推进", "建议实施"):
        assert phrase not in text, phrase
    assert conclusion_problems(rejected, build_outline(rejected)) == []


@pytest.mark.parametrize("verdict", ["实施", "调整方案后实施", "暂缓实施", "不予实施"])
def test_the_emergency_plan_and_advice_follow_each_verdict(verdict):
    ctx = _ctx(verdict=_verdict(verdict))
    blocks = build_outline(ctx)
    assert conclusion_problems(ctx, blocks) == []
    advice = "\n".join(_chapter3(blocks))
    assert ctx.tr(f"report.recommend.verdict.{verdict}") in advice


def test_a_proposed_verdict_is_followed_as_well_and_marked_as_not_issued():
    ctx = _ctx()
    blocks = build_outline(ctx)
    assert conclusion_problems(ctx, blocks) == []
    text = "\n".join(_chapter3(blocks))
    assert ctx.tr(f"report.recommend.verdict.{ctx.result.verdict}") in text
    assert "尚待评估主体审查签发" in text


def _percent_columns(table: Table) -> list[list[float]]:
    cols = []
    for j in range(len(table.headers)):
        cells = [row[j] for row in table.rows]
        if cells and all(re.fullmatch(r"\d+\.\d%", c) for c in cells):
            cols.append([float(c[:-1]) for c in cells])
    return cols


def test_every_percentage_column_in_the_report_sums_to_100():
    # finding 7: "不予实施 100.0%；暂缓实施 0.1%"
    ctx = _ctx()
    checked = 0
    for block in build_outline(ctx):
        if isinstance(block, Table):
            for col in _percent_columns(block):
                assert round(sum(col), 6) == 100.0, (block.caption, col)
                checked += 1
        if isinstance(block, Para) and "各评估结论出现的概率" in block.text:
            values = [float(v) for v in re.findall(r"(\d+\.\d)%", block.text)]
            assert round(sum(values), 6) == 100.0, block.text
    assert checked >= 4  # panel weights, dimension weights, survey, level probabilities


def test_every_figure_and_phase_table_is_labelled_before_or_after_measures():
    # finding 8: an after-measure probability table shown under "措施前风险等级", unlabelled
    ctx = _ctx()
    phase_tables = {
        ctx.tr(k)
        for k in (
            "report.risk.dim_table",
            "report.consensus.table",
            "report.survey.table_before",
            "report.survey.table_after",
            "report.uncertainty.table",
            "report.table2.caption_after",
        )
    }
    checked = 0
    for block in build_outline(ctx, {"radar": b"", "factors": b"", "compare": b""}):
        if isinstance(block, Image) or (
            isinstance(block, Table) and (block.kind == "table1" or block.caption in phase_tables)
        ):
            label = block.caption + " ".join(getattr(block, "headers", []))
            assert "措施前" in label or "措施后" in label, block.caption
            checked += 1
    assert checked >= 8


def test_factors_and_index_that_rise_after_measures_are_flagged():
    # finding 12: risk that rises after measures passed without comment
    data = score_assessment(draws=0)
    for r in data["ratings"]:
        if r["indicator"] == "LEG-01" and r["phase"] == "after":
            r["score"] = 5
    ctx = context_from_input(parse_assessment(data), get_questionnaire("four-dimension"))
    assert "LEG-01" in ctx.result.rising.factors
    name = ctx.indicator_name("LEG-01")
    blocks = build_outline(ctx)
    assert any("上升" in p and name in p for p in _paras(blocks))
    after = next(b for b in blocks if isinstance(b, Table) and b.kind == "table1" and "措施后" in b.caption)
    row = next(r for r in after.rows if r[3] == name)
    assert "上升" in row[-1]


def test_the_main_factor_rule_is_stated_and_followed():
    # finding 12: 主要风险因素 chosen by an unstated rule
    ctx = _ctx()
    blocks = build_outline(ctx)
    text = _paras(blocks)
    rule = next(p for p in text if p.startswith("主要风险因素按评判标准确定"))
    assert "中风险" in rule
    listed = [p for p in text if re.match(r"\d+\. ", p) and "措施前风险程度" in p]
    assert len(listed) == len(ctx.result.main_factors)
    for p, fid in zip(listed, ctx.result.main_factors):
        assert ctx.indicator_name(fid) in p


def test_one_crowd_figure_with_its_source_and_the_simulation_as_labelled_evidence():
    # finding 5: two crowd sizes on one page with nothing relating them
    ctx = _ctx(group_event_people=30, mobilisation={"expected_people": 260, "p_ge_100": 1.0, "p_ge_200": 0.9})
    text = _paras(build_outline(ctx))
    crowd = [p for p in text if "人" in p and ("群体性事件" in p or "动员" in p)]
    figure = [p for p in crowd if "专家组估计" in p]
    assert figure and "30" in figure[0]
    evidence = [p for p in crowd if "动员模拟" in p]
    assert evidence and all("佐证" in p and "不参与" in p for p in evidence)
    assert any("相差" in p for p in text)  # the divergence warning


def test_the_uncertainty_basis_is_said_in_words():
    # finding 3: one or two experts resampled as if a panel
    data = score_assessment(draws=60)
    data["experts"] = data["experts"][:2]
    keep = {e["id"] for e in data["experts"]}
    data["ratings"] = [r for r in data["ratings"] if r["expert"] in keep]
    ctx = context_from_input(parse_assessment(data), get_questionnaire("four-dimension"))
    assert ctx.result.uncertainty_basis == "weights"
    assert any("仅对权重" in p for p in _paras(build_outline(ctx)))
    full = _ctx()
    assert any("对专家和权重" in p for p in _paras(build_outline(full)))


def test_exclusions_with_reasons_and_the_deviation_justification_are_printed():
    ctx = _ctx(
        verdict=_verdict(
            "实施", residual="高", computed_verdict="不予实施", deviation_reason="省里已同意专项安置方案。"
        ),
        exclusions=[{"indicator": "PRO-01", "reason": "本项目不涉及征地。"}],
    )
    text = "\n".join(_paras(build_outline(ctx)))
    assert "本项目不涉及征地。" in text and ctx.indicator_name("PRO-01") in text
    assert "偏离说明：省里已同意专项安置方案。" in text


def test_a_deviation_without_a_justification_says_so():
    ctx = _ctx(verdict=_verdict("实施", residual="高", computed_verdict="不予实施"))
    text = "\n".join(_paras(build_outline(ctx)))
    assert "未记录偏离说明" in text


def test_the_result_sha256_is_printed():
    ctx = _ctx()
    assert ctx.result_sha256 and any(ctx.result_sha256 in p for p in _paras(build_outline(ctx)))
    signed = _ctx(verdict=_verdict("不予实施", result_sha256=ctx.result_sha256))
    assert signed.result_sha256_source == "verdict"
    assert any(ctx.result_sha256 in p and "签发记录" in p for p in _paras(build_outline(signed)))


def test_a_verdict_signed_on_another_result_is_flagged_with_both_digests():
    ctx = _ctx(verdict=_verdict("不予实施", result_sha256="ab" * 32))
    note = next(p for p in _paras(build_outline(ctx)) if "ab" * 32 in p)
    assert ctx.result_sha256 in note and "不一致" in note


def test_the_outline_reads_a_typed_result(rejected):
    # issue 14: the engine's AssessmentResult reaches the outline as a typed object, not a dict
    assert isinstance(rejected.result, AssessmentResult)
    src = (REPORTS / "outline.py").read_text(encoding="utf-8")
    assert not re.search(r"\b(r|result|ind|i|d|ge|k|s|stats|b|a)\.get\(", src)
    assert "ctx.result[" not in src and 'r["' not in src


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_context_and_dbsource_do_not_import_each_other():
    assert "riskmodel.reports.dbsource" not in _imports(REPORTS / "context.py")
