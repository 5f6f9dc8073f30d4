"""The shape of the app's code: thin modules, one direction of imports (pages → shell and components,
components → services), no page or component repeating the workflow's state rules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.ui.conftest import REPO_ROOT

UI = REPO_ROOT / "riskmodel" / "ui"
MAX_LINES = 350
MODULES = sorted(UI.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_no_ui_module_is_over_350_lines(path: Path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines; split it into components"


@pytest.mark.parametrize("path", sorted((UI / "components").glob("*.py")), ids=lambda p: p.name)
def test_components_do_not_import_the_shell_or_pages(path: Path):
    found = {n for n in _imports(path) if n.startswith(("riskmodel.ui.shell", "riskmodel.ui.pages"))}
    assert not found, f"{path.name} imports {sorted(found)}"
