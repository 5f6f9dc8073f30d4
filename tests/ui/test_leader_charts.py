"""The leader area without a server: chart builders, Table 1 / Table 2 views, filters, the catalog, and
that the leader pages hold no Chinese UI literals (every visible string comes from the catalog)."""

from __future__ import annotations

import ast
import re
import string
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from riskmodel.i18n import catalog, t
from riskmodel.ui import charts

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
LEADER_FILES = tuple(
    str(p.relative_to(ROOT))
    for pattern in ("riskmodel/ui/chart*.py", "riskmodel/ui/pages/leader_*.py", "riskmodel/ui/components/leader_*.py")
    for p in sorted(ROOT.glob(pattern))
) + tuple(f"riskmodel/ui/components/dashboard_{name}.py" for name in ("data", "filters", "charts", "table"))

DIMS = [
    {
        "id": "PRO",
        "name_zh": "专业",
        "name_en": "Professional",
        "before": {"score": 3.2, "level": "中"},
        "after": {"score": 2.1, "level": "低"},
    },
    {
        "id": "LEG",
        "name_zh": "法律",
        "name_en": "Legal",
        "before": {"score": 2.4, "level": "低"},
        "after": {"score": 2.0, "level": "低"},
    },
    {
        "id": "PUB",
        "name_zh": "民意",
        "name_en": "Public opinion",
        "before": {"score": 3.9, "level": "高"},
        "after": {"score": 2.8, "level": "中"},
    },
]
INDICATORS = [
    {
        "id": "A1",
        "dimension": "PRO",
        "name_zh": "选址",
        "name_en": "Siting",
        "area": "生态环境影响",
        "stage": "前期",
        "mean": 3.6,
        "cv": 0.31,
        "cv_flag": True,
        "probability": 3.6,
        "impact": 4.2,
        "grade": "g4",
        "after": {"mean": 2.2, "grade": "g2", "cv": 0.1, "cv_flag": False},
    },
    {
        "id": "A2",
        "dimension": "PRO",
        "name_zh": "技术",
        "name_en": "Technology",
        "area": None,
        "stage": None,
        "mean": 2.1,
        "cv": 0.12,
        "cv_flag": False,
        "probability": 2.0,
        "impact": 1.4,
        "grade": "g2",
        "after": {"mean": 1.9, "grade": "g1"},
    },
    {
        "id": "B1",
        "dimension": "LEG",
        "name_zh": "程序",
        "name_en": "Procedure",
        "area": None,
        "stage": None,
        "mean": None,
        "cv": None,
        "cv_flag": False,
    },
]


def _portfolio(n: int = 30) -> pd.DataFrame:
    months = ["2024-01", "2024-02", "2024-05", "2024-06"]
    levels = ["高", "中", "低", None]
    verdicts = ["不予实施", "暂缓实施", "调整方案后实施", "实施", None]
    return pd.DataFrame(
        {
            "month": [months[i % 4] for i in range(n)],
            "level_shown": [levels[i % 4] for i in range(n)],
            "verdict": [verdicts[i % 5] for i in range(n)],
            "dim.PRO": [1 + (i % 5) for i in range(n)],
            "dim.LEG": [2 + (i % 3) for i in range(n)],
            "label": [f"P{i}" for i in range(n)],
        }
    )


def _axis_titles(fig: go.Figure) -> list[str]:
    layout = fig.layout
    titles = [layout.xaxis.title.text, layout.yaxis.title.text]
    return [x for x in titles if x]


# --- chart builders ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "build",
    [
        lambda lang: charts.monthly_trend(_portfolio(), lang, by="level"),
        lambda lang: charts.monthly_trend(_portfolio(), lang, by="verdict"),
        lambda lang: charts.counts_bar({"高": 2, "中": 3}, lang, kind="level"),
        lambda lang: charts.counts_bar({"实施": 2}, lang, kind="verdict"),
        lambda lang: charts.level_dimension_heatmap(_portfolio(), [("dim.PRO", "专业"), ("dim.LEG", "法律")], lang),
        lambda lang: charts.project_dimension_heatmap(_portfolio(), [("dim.PRO", "专业"), ("dim.LEG", "法律")], lang),
        lambda lang: charts.measures_comparison(INDICATORS, lang),
        lambda lang: charts.level_probability_bar(
            {"低": 0.1, "中": 0.6, "高": 0.3}, {"低": 0.8, "中": 0.2, "高": 0.0}, lang
        ),
        lambda lang: charts.verdict_probability_bar(
            {"不予实施": 0.0, "暂缓实施": 0.2, "调整方案后实施": 0.8, "实施": 0.0}, lang
        ),
        lambda lang: charts.cv_chart(INDICATORS, lang, cv_max=0.25),
    ],
)
def test_builders_return_figures_with_chinese_and_english_axis_titles(build):
    zh = build("zh")
    assert isinstance(zh, go.Figure) and zh.data
    titles = _axis_titles(zh)
    assert titles and all(CJK.search(x) for x in titles), titles
    en = build("en")
    titles = _axis_titles(en)
    assert titles and not any(CJK.search(x) for x in titles), titles


def test_radar_has_before_and_after_with_translated_names():
    fig = charts.dimension_radar(DIMS, "zh", scale=(1, 5))
    assert [tr.name for tr in fig.data] == ["措施前", "措施后"]
    assert list(fig.data[0].theta) == ["专业", "法律", "民意", "专业"]  # closed polygon
    assert list(fig.layout.polar.radialaxis.range) == [1, 5]
    en = charts.dimension_radar(DIMS, "en")
    assert [tr.name for tr in en.data] == ["Before measures", "After measures"]
    assert "Public opinion" in en.data[0].theta


def test_trend_fills_missing_months_and_stacks_in_level_order():
    fig = charts.monthly_trend(_portfolio(), "zh", by="level")
    months = list(fig.data[0].x)
    assert months == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
    assert [tr.name for tr in fig.data] == ["低风险", "中风险", "高风险", "未定级"]
    total = sum(sum(tr.y) for tr in fig.data)
    assert total == 30
    assert fig.layout.barmode == "stack"


def test_level_heatmap_rows_are_high_to_low_with_counts():
    fig = charts.level_dimension_heatmap(_portfolio(), [("dim.PRO", "专业")], "zh")
    assert list(fig.data[0].y) == ["高风险", "中风险", "低风险"]
    assert fig.data[0].text[0][0] and list(fig.data[0].customdata[:, 0]) == [8, 8, 7]


def test_empty_inputs_give_an_annotated_empty_figure():
    empty = pd.DataFrame(columns=["month", "level_shown", "verdict"])
    for fig in (
        charts.monthly_trend(empty, "zh"),
        charts.dimension_radar([], "zh"),
        charts.measures_comparison([], "zh"),
        charts.level_probability_bar(None, None, "zh"),
        charts.level_dimension_heatmap(empty, [("dim.PRO", "专业")], "zh"),
    ):
        assert not fig.data
        assert fig.layout.annotations and CJK.search(fig.layout.annotations[0].text)


# --- Table 1 / Table 2 and filters --------------------------------------------------------------
PI_QV = {
    "method": "probability_impact",
    "cv_max": 0.25,
    "probability_scale": [
        {"level": i, "label": {"zh": z, "en": e}}
        for i, (z, e) in enumerate(
            [("很低", "very low"), ("较低", "low"), ("中等", "medium"), ("较高", "high"), ("很高", "very high")],
            start=1,
        )
    ],
    "impact_scale": [
        {"level": i, "label": {"zh": z, "en": e}}
        for i, (z, e) in enumerate(
            [("可忽略", "negligible"), ("较小", "minor"), ("中等", "moderate"), ("较大", "major"), ("严重", "severe")],
            start=1,
        )
    ],
    "grades": {
        "g1": {"zh": "微小", "en": "minimal"},
        "g2": {"zh": "较小", "en": "minor"},
        "g4": {"zh": "较大", "en": "major"},
    },
    "scale": None,
    "indicators": {"A1": {"stage": {"zh": "前期", "en": "Preparation"}, "area": "生态环境影响"}},
}


def test_factor_table_is_the_table_1_view():
    from riskmodel.ui.components.leader_factors import factor_table

    result = {"indicators": INDICATORS, "dimensions": DIMS}
    table, total = factor_table(result, PI_QV, "zh")
    assert total == 2  # the unrated factor is left out
    assert list(table.columns) == ["seq", "type", "stage", "factor", "probability", "impact", "degree", "note"]
    first = table.iloc[0]
    assert (first["seq"], first["type"], first["stage"], first["factor"]) == (1, "生态环境影响", "前期", "选址")
    assert first["probability"] == "较高（3.6）" and first["impact"] == "较大（4.2）"
    assert first["degree"] == "较大（3.60）"
    assert "措施后 较小" in first["note"] and "变异系数 0.31" in first["note"]
    second = table.iloc[1]
    assert second["type"] == "专业"  # no NDRC area: the dimension names the risk type
    en, _ = factor_table(result, PI_QV, "en")
    assert en.iloc[0]["type"] == "Ecological and environmental impact" and en.iloc[0]["stage"] == "Preparation"
    assert en.iloc[0]["probability"] == "high (3.6)" and "after measures minor" in en.iloc[0]["note"]
    top1, total = factor_table(result, PI_QV, "zh", top=1)
    assert len(top1) == 1 and total == 2


def test_measures_table_is_the_table_2_view():
    from riskmodel.services.views.dashboard import DetailMeasure
    from riskmodel.ui.components.leader_measures import measures_table

    rows = [DetailMeasure(1, "A1", "公开选址比选", "前期", "立项前", "区政府", "规划局", "实施中")]
    table = measures_table(rows, {"indicators": INDICATORS}, "zh")
    assert list(table.columns) == [
        "seq",
        "phase",
        "factor",
        "measure",
        "deadline",
        "responsible",
        "assisting",
        "status",
    ]
    assert table.iloc[0]["factor"] == "选址" and table.iloc[0]["seq"] == 1


def test_period_presets():
    from riskmodel.ui.components.dashboard_filters import period_bounds

    today = date(2025, 6, 15)
    assert period_bounds("all", None, today) == (None, None)
    assert period_bounds("this_year", None, today) == (date(2025, 1, 1), date(2025, 12, 31))
    assert period_bounds("last_year", None, today) == (date(2024, 1, 1), date(2024, 12, 31))
    assert period_bounds("last_12m", None, today) == (date(2024, 6, 15), today)
    assert period_bounds("custom", (date(2024, 2, 1),), today) == (date(2024, 2, 1), date(2024, 2, 1))


# --- catalog and literals -------------------------------------------------------------------------
def test_ui_leader_catalog_has_both_languages_with_the_same_placeholders():
    zh = {k: v for k, v in catalog("zh").items() if k.startswith("ui_leader.")}
    en = {k: v for k, v in catalog("en").items() if k.startswith("ui_leader.")}
    assert zh and set(zh) == set(en)
    fmt = string.Formatter()
    for key in zh:
        a = {f for _, f, _, _ in fmt.parse(zh[key]) if f}
        b = {f for _, f, _, _ in fmt.parse(en[key]) if f}
        assert a == b, key
        assert not CJK.search(en[key]), key  # no Chinese left in the English texts


def test_catalog_keys_used_by_the_leader_code_exist():
    zh = catalog("zh")
    used: set[str] = set()
    for rel in LEADER_FILES:
        text = (ROOT / rel).read_text(encoding="utf-8")
        prefix = "ui_leader.chart." if "/chart" in rel else "ui_leader."
        for m in re.finditer(r'\b(?:lt|chart_text)\(f?"([a-z_.0-9]+)"|lt_in\(code, "([a-z_.0-9]+)"', text):
            used.add(prefix + (m.group(1) or m.group(2)))
    assert len(used) > 60
    missing = sorted(k for k in used if k not in zh)
    assert not missing, missing


def _string_literals(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


@pytest.mark.parametrize("rel", LEADER_FILES)
def test_no_chinese_literals_in_leader_code(rel):
    bad = [(line, s) for line, s in _string_literals(ROOT / rel) if CJK.search(s)]
    assert not bad, bad


def test_level_and_verdict_labels_come_from_the_common_catalog():
    assert charts.level_label("高", "zh") == t("common.level.高", "zh")
    assert charts.level_label(None, "en") == t("ui_leader.chart.unrated", "en")
    assert charts.verdict_label("暂缓实施", "en") == "Postpone"
    assert charts.verdict_label(None, "zh") == t("ui_leader.chart.pending", "zh")
