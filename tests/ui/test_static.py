"""Source checks of the app: no literal Chinese in page code, every catalog key present in both
languages with the same placeholders, every widget with an explicit key."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from riskmodel.i18n import catalog
from tests.ui.conftest import REPO_ROOT

UI = REPO_ROOT / "riskmodel" / "ui"
# The pages and modules of this area (leader_* and network_view belong to other areas and test themselves).
OWN = sorted(
    [
        UI / "shell.py",
        UI / "__init__.py",
        *UI.glob("components/*.py"),
        *UI.glob("pages/expert_*.py"),
        *UI.glob("pages/organizer_*.py"),
        *UI.glob("pages/admin_*.py"),
        REPO_ROOT / "app.py",
    ]
)
OWN = [p for p in OWN if p.name not in ("exports.py", "network_evidence.py")]
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
WIDGETS = {
    "button",
    "download_button",
    "form_submit_button",
    "text_input",
    "text_area",
    "number_input",
    "selectbox",
    "multiselect",
    "radio",
    "checkbox",
    "toggle",
    "slider",
    "select_slider",
    "file_uploader",
    "data_editor",
    "date_input",
    "time_input",
    "segmented_control",
    "pills",
    "color_picker",
    "popover",
    "tabs",
    "expander",
}


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                ids.add(id(first.value))
    return ids


@pytest.mark.parametrize("path", OWN, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_no_chinese_literals_in_ui_code(path: Path):
    """Visible text comes from the catalog; Chinese may appear in docstrings and comments only."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstring_nodes(tree)
    found = [
        (n.lineno, n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs and CJK.search(n.value)
    ]
    assert not found, found


@pytest.mark.parametrize("path", OWN, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_every_widget_has_a_key(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    missing = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WIDGETS:
            receiver = node.func.value
            if isinstance(receiver, ast.Attribute) and receiver.attr == "column_config":
                continue
            if not any(k.arg == "key" for k in node.keywords):
                missing.append((node.lineno, node.func.attr))
    assert not missing, missing


def _used_keys() -> set[str]:
    pattern = re.compile(r"""["']((?:ui|common)\.[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)+)["']""")
    keys = set()
    for path in OWN:
        keys |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return keys


PREFIXES = {
    "ui.domain.state",
    "ui.domain.project_type",
    "ui.domain.stage",
    "ui.domain.role",
    "ui.domain.measure_status",
    "ui.domain.phase",
    "ui.domain.round_status",
    "common.level",
    "common.verdict",
}


def test_catalog_keys_used_by_the_pages_exist_in_both_languages():
    zh, en = catalog("zh"), catalog("en")
    missing = sorted(k for k in _used_keys() - PREFIXES if k not in zh or k not in en)
    assert not missing, missing


def test_ui_catalogs_match_with_the_same_placeholders():
    zh = {k: v for k, v in catalog("zh").items() if k.startswith("ui.")}
    en = {k: v for k, v in catalog("en").items() if k.startswith("ui.")}
    assert set(zh) == set(en), sorted(set(zh) ^ set(en))

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    differ = [k for k in zh if fields(zh[k]) != fields(en[k])]
    assert not differ, differ


def test_english_ui_catalog_has_no_chinese_except_names():
    """The English catalog may name Chinese terms in brackets (e.g. 稳评工作台, 万元) but never be Chinese only."""
    en = {k: v for k, v in catalog("en").items() if k.startswith("ui.")}
    chinese_only = [
        k
        for k, v in en.items()
        if CJK.search(v) and not re.search(r"[A-Za-z]", v) and not k.startswith("ui.shell.language")
    ]
    assert not chinese_only, chinese_only


def test_domain_values_have_translations():
    from riskmodel.questionnaire import LEVELS, PROJECT_TYPES, VERDICTS
    from riskmodel.services.projects import STAGES
    from riskmodel.store.models import MEASURE_STATUSES, ROLES, STATES

    en = catalog("en")
    for prefix, values in (
        ("ui.domain.project_type", PROJECT_TYPES),
        ("ui.domain.stage", STAGES),
        ("ui.domain.state", STATES),
        ("ui.domain.role", ROLES),
        ("ui.domain.measure_status", MEASURE_STATUSES),
        ("common.level", LEVELS),
        ("common.verdict", VERDICTS),
    ):
        for value in values:
            assert f"{prefix}.{value}" in en, (prefix, value)
