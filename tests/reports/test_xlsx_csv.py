"""Spreadsheets: they open with openpyxl, user text never becomes a formula, numbers stay numbers; CSV the same."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from riskmodel.reports.csv_export import render_assessment_csv, render_portfolio_csv
from riskmodel.reports.xlsx import render_portfolio_xlsx
from tests.reports.fixtures import INJECTION

SHEETS = ["概要", "专家评分", "指标统计", "维度", "表1风险因素", "表2防范化解措施", "民意调查", "专家组", "网络摘要"]


def _wb(data: bytes):
    return load_workbook(io.BytesIO(data))


def _rows(ws):
    return list(ws.iter_rows(values_only=False))


def test_sheets(score_xlsx):
    assert _wb(score_xlsx).sheetnames == SHEETS


def test_rating_comment_formula_is_plain_text(score_xlsx):
    ws = _wb(score_xlsx)["专家评分"]
    header = [c.value for c in _rows(ws)[0]]
    col = header.index("意见")
    comments = {}
    for row in _rows(ws)[1:]:
        cell = row[col]
        if cell.value is not None:
            comments[cell.value.lstrip("'")] = cell
    cell = comments[INJECTION]
    assert cell.data_type == "s"
    assert not cell.value.startswith("=")
    assert cell.value == "'" + INJECTION or cell.quotePrefix
    for text in ("+1 建议增加防护距离", "-2", "@SUM(A1)", "\tx"):
        c = comments[text]
        assert c.data_type == "s" and c.value == "'" + text
    # no cell anywhere in the workbook is a formula
    for sheet in _wb(score_xlsx).worksheets:
        for row in sheet.iter_rows():
            for c in row:
                assert c.data_type != "f", (sheet.title, c.coordinate, c.value)


def test_numbers_stay_numbers(score_xlsx):
    ws = _wb(score_xlsx)["专家评分"]
    header = [c.value for c in _rows(ws)[0]]
    scores = [row[header.index("分值")] for row in _rows(ws)[1:]]
    assert scores and all(c.data_type == "n" and isinstance(c.value, (int, float)) for c in scores)
    rounds = [row[header.index("轮次")].value for row in _rows(ws)[1:]]
    assert set(rounds) == {1}
    agg = _wb(score_xlsx)["指标统计"]
    means = [row[5].value for row in agg.iter_rows(min_row=2)]
    assert means and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in means)


def test_experts_only_by_code(score_xlsx):
    wb = _wb(score_xlsx)
    values = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
    assert "专家A" in values
    assert not any("zhang.san" in v or "li.si" in v for v in values)


def test_measure_text_neutralised_and_table2_columns(score_xlsx):
    ws = _wb(score_xlsx)["表2防范化解措施"]
    header = [c.value for c in _rows(ws)[0]]
    assert header[:7] == ["序号", "风险发生阶段", "风险因素", "主要措施", "实施时间和要求", "责任主体", "协助单位"]
    measures = [row[3].value for row in _rows(ws)[1:]]
    assert "'" + INJECTION in measures


def test_network_sheet_says_when_there_is_none(score_xlsx):
    ws = _wb(score_xlsx)["网络摘要"]
    assert "未录入" in str(ws.cell(2, 1).value)


def test_csv_ratings_neutralised_numbers_plain(score_ctx):
    data = render_assessment_csv(score_ctx, "ratings")
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens UTF-8 Chinese correctly
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = rows[0]
    comment, score = header.index("意见"), header.index("分值")
    comments = {r[comment] for r in rows[1:] if r[comment]}
    assert "'" + INJECTION in comments and INJECTION not in comments
    assert "'-2" in comments and "'@SUM(A1)" in comments and "'\tx" in comments
    assert all(r[score].lstrip("-").replace(".", "").isdigit() for r in rows[1:])


def test_csv_other_tables(score_ctx):
    for table in ("aggregates", "measures", "table1", "survey", "panel", "summary", "network", "dimensions"):
        rows = list(csv.reader(io.StringIO(render_assessment_csv(score_ctx, table).decode("utf-8-sig"))))
        assert len(rows) >= 2, table


PORTFOLIO = [
    {
        "project_code": "P-1",
        "project": '=HYPERLINK("http://example.com","x")',
        "region": "东区",
        "type": "征地拆迁",
        "stage": "项目立项",
        "investment_wan": 5000.0,
        "assessment_id": 1,
        "state": "已出结论",
        "questionnaire": "four-dimension",
        "created_at": "2025-01-03T08:00:00",
        "last_round_at": None,
        "verdict_at": "2025-02-01T09:00:00",
        "level": "高",
        "residual_level": "中",
        "verdict": "暂缓实施",
        "verdict_issued": True,
        "index": 3.6,
        "residual_index": -2,
        "stale": False,
    },
    {
        "project_code": "P-2",
        "project": "西区学校",
        "region": "西区",
        "type": "重大工程",
        "stage": "项目立项",
        "investment_wan": None,
        "assessment_id": 2,
        "state": "草稿",
        "questionnaire": "four-dimension",
        "created_at": "2025-01-09T08:00:00",
        "level": None,
        "residual_level": None,
        "verdict": None,
        "verdict_issued": False,
        "index": None,
        "residual_index": None,
        "stale": None,
    },
]


def test_portfolio_xlsx():
    wb = _wb(render_portfolio_xlsx(PORTFOLIO, "zh"))
    ws = wb["项目汇总"]
    header = [c.value for c in ws[1]]
    for col in ("项目名称", "所在地区", "项目类型", "风险等级", "措施后风险等级", "评估结论", "签发日期", "创建日期"):
        assert col in header
    row = dict(zip(header, ws[2]))
    assert row["项目名称"].value == "'" + PORTFOLIO[0]["project"] and row["项目名称"].data_type == "s"
    assert row["风险等级"].value == "高风险"
    assert row["措施后风险指数"].value == -2 and row["措施后风险指数"].data_type == "n"
    assert row["签发日期"].value == "2025-02-01"
    counts = {(r[0], r[1]): r[2] for r in wb["统计"].iter_rows(min_row=2, values_only=True)}
    assert counts[("合计", 2)] is None or ("合计", 2) in counts


def test_portfolio_csv_english():
    rows = list(csv.reader(io.StringIO(render_portfolio_csv(PORTFOLIO, "en").decode("utf-8-sig"))))
    assert "Risk level" in rows[0] and "Region" in rows[0]
    assert rows[1][1].startswith("'=")
    assert rows[1][rows[0].index("Risk level")] == "High risk"
