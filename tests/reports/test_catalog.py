"""The report catalog: same keys and placeholders in both languages; every key the code names exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

from riskmodel.i18n import catalog

ROOT = Path(__file__).resolve().parents[2]
CODE = [
    *ROOT.glob("riskmodel/reports/*.py"),
    ROOT / "riskmodel/commands/reports.py",
    ROOT / "riskmodel/ui/components/exports.py",
]


def _placeholders(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_same_keys_and_placeholders():
    zh = {k: v for k, v in catalog("zh").items() if k.startswith("report.")}
    en = {k: v for k, v in catalog("en").items() if k.startswith("report.")}
    assert zh.keys() == en.keys()
    for key in zh:
        assert _placeholders(zh[key]) == _placeholders(en[key]), key


def test_literal_keys_used_in_code_exist():
    zh = catalog("zh")
    used = set()
    for path in CODE:
        used |= set(re.findall(r"""["'](report\.[a-z0-9_.]+[a-z0-9_])["']""", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in zh and not k.endswith("_"))  # "…_" + suffix: dynamic
    assert not missing, missing


def test_dynamic_keys_exist():
    zh = catalog("zh")
    for prefix, names in {
        "report.table1.": (
            "no",
            "type",
            "stage",
            "factor",
            "probability",
            "impact",
            "degree",
            "remark",
            "caption_before",
            "caption_after",
        ),
        "report.table2.": ("no", "stage", "factor", "measure", "deadline", "responsible", "assisting", "node"),
        "report.table1.prob_": ("1", "2", "3", "4", "5"),
        "report.table1.impact_": ("1", "2", "3", "4", "5"),
        "report.recommend.verdict.": ("实施", "调整方案后实施", "暂缓实施", "不予实施"),
        "report.recommend.plan_": ("低", "中", "高"),
        "report.uncertainty.basis_": ("panel", "weights", "none"),
        "report.verdict.sha_": ("verdict", "computed"),
        "report.survey.summary_": ("before", "after"),
        "report.survey.table_": ("before", "after"),
        "report.consensus.kendall_": ("before", "after"),
        "report.exclusion.": ("all", "after"),
        "report.factors.order_": ("degree", "contribution"),
        "report.crowd.source_": ("panel",),
        "report.level.definition_": ("低", "中", "高"),
        "report.property.": ("低", "中", "高", "none"),
        "report.driver.": ("index", "factor_count", "survey", "group_event", "evidence"),
        "report.method.": ("score", "probability_impact"),
        "report.process.method_": ("score", "probability_impact"),
        "report.coverage.": ("direct", "indirect", "households"),
        "report.ui.": ("docx", "pdf", "xlsx", "json"),
    }.items():
        for name in names:
            assert prefix + name in zh, prefix + name
    from riskmodel.questionnaire.schema import NDRC_AREAS

    for area in NDRC_AREAS:
        assert f"report.area.{area}" in zh and f"report.area.{area}" in catalog("en")
