"""The Word report opens with python-docx and follows the NDRC 428 outline with the exact table columns."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn

from riskmodel.reports.charts import all_charts
from riskmodel.reports.docx import render_docx

TABLE1 = ["序号", "风险类型", "发生阶段", "风险因素", "风险概率", "影响程度", "风险程度", "备注"]
TABLE2 = ["序号", "风险发生阶段", "风险因素", "主要措施", "实施时间和要求", "责任主体", "协助单位", "控制节点"]
CHAPTERS = [
    "一、基本情况",
    "二、评估内容",
    "三、评估结论",
    "四、应急预案",
    "五、专家评审意见",
    "附件",
]  # 四–附件: issue 10


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


def _headers(table) -> list[str]:
    return [c.text for c in table.rows[0].cells]


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def test_title_chapters_and_sections(score_docx, score_ctx):
    doc = _open(score_docx)
    titles = [p.text for p in doc.paragraphs if p.style.name == "Title"]
    assert titles == ["城东垃圾焚烧发电项目社会稳定风险评估报告"]
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert h1 == ["编制说明", *CHAPTERS]
    h2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    for section in (
        "（一）项目概况",
        "（二）评估依据",
        "（三）评估主体和参与人员",
        "（四）评估过程和方法",
        "（一）调查及意见采纳",
        "（二）风险识别和估计",
        "（三）防范化解措施",
        "（四）落实措施后的风险等级",
        "（一）主要风险因素",
        "（三）风险等级和评估结论",
        "（五）应急预案和建议",
    ):
        assert section in h2
    assert doc.core_properties.title == score_ctx.title


def test_table1_before_and_after_and_table2_have_exact_columns(score_docx, score_ctx):
    doc = _open(score_docx)
    headers = [_headers(t) for t in doc.tables]
    assert headers.count(TABLE1) == 2  # before and after measures
    assert headers.count(TABLE2) == 2  # proposed, and as assessed (经评估) after measures
    t1 = next(t for t in doc.tables if _headers(t) == TABLE1)
    assert len(t1.rows) == 1 + len(score_ctx.result.indicators)
    t2 = next(t for t in doc.tables if _headers(t) == TABLE2)
    rows = [[c.text for c in r.cells] for r in t2.rows[1:]]
    assert len(rows) == len(score_ctx.measures)
    assert rows[0][2] == "环境影响（大气、水、噪声、固废）"  # indicator id shown by its name
    assert rows[2][2] == "群众对补偿标准的攀比"  # free-text factor kept
    # the header row repeats on every page
    assert t1.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_level_verdict_and_probabilities_are_stated(score_docx, score_ctx):
    text = "\n".join(_texts(_open(score_docx)))
    r = score_ctx.result
    assert f"落实措施前的风险等级为{'中风险' if r.level == '中' else ''}" in text or "风险等级为" in text
    assert "落实防范化解措施后的风险等级为" in text
    assert "计算得出的评估结论建议为" in text
    assert "各风险等级出现的概率" in text or "不确定性分析" in text
    assert "肯德尔协调系数" in text
    assert "评估主体（盖章）" in text


def test_experts_appear_only_by_code(score_docx):
    doc = _open(score_docx)
    everything = "\n".join(_texts(doc)) + "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "专家A" in everything
    for name in ("zhang.san", "li.si", "qian.qi"):
        assert name not in everything


def test_runs_set_the_east_asian_font(score_docx):
    doc = _open(score_docx)
    runs = [r for p in doc.paragraphs for r in p.runs if r.text.strip()]
    assert runs
    for run in runs:
        rfonts = run._element.rPr.find(qn("w:rFonts"))
        assert rfonts is not None and rfonts.get(qn("w:eastAsia")), run.text
    normal = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == "仿宋"  # GB/T 9704 body; headings 黑体 and 楷体


def test_charts_are_embedded(score_docx):
    doc = _open(score_docx)
    assert len(doc.inline_shapes) == 3


def test_english_version_has_english_headings(score_ctx):
    ctx = score_ctx.with_lang("en")
    doc = _open(render_docx(ctx, all_charts(ctx)))
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert h1 == [
        "Preparation note",
        "1. Basic information",
        "2. Assessment",
        "3. Conclusions",
        "4. Emergency plans",
        "5. Expert review",
        "Annexes",
    ]
    headers = [_headers(t) for t in doc.tables]
    assert ["No.", "Risk type", "Stage", "Risk factor", "Probability", "Impact", "Risk degree", "Remarks"] in headers
    title = [p.text for p in doc.paragraphs if p.style.name == "Title"][0]
    assert title.startswith("Social Stability Risk Assessment Report")


def test_probability_impact_questionnaire_fills_probability_and_impact(pi_ctx):
    doc = _open(render_docx(pi_ctx, {}))
    t1 = next(t for t in doc.tables if _headers(t) == TABLE1)
    first = [c.text for c in t1.rows[1].cells]
    assert first[1] == "政策规划和审批程序"  # 风险类型 = NDRC area
    assert first[2] == "前期"
    assert first[4].startswith(("较高", "中等")) and first[5] != "—"
    assert "（" in first[6]  # degree with its grade label
    h2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert "（二）合法性、合理性、可行性、可控性结论" in h2
