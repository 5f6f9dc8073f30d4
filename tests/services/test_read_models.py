"""No service hands a page a bare dict (issue 14, item 1: typed read models at the service boundary).

Every ``services.<module>.<function>(`` that a module under ``riskmodel/ui`` (or ``app.py``) calls is looked up
and its return annotation read: a ``dict`` is allowed only when its values are read models (a mapping by
id), a ``list`` only of read models, never ``dict[str, Any]`` or a bare ``dict`` — so a renamed key fails
here and in mypy, not on a page at run time.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import types
import typing
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UI_FILES = [ROOT / "app.py", *sorted((ROOT / "riskmodel" / "ui").rglob("*.py"))]


def _service_calls() -> set[tuple[str, str]]:
    """(service module, function) pairs the UI calls, from the UI's imports of ``riskmodel.services``."""
    found: set[tuple[str, str]] = set()
    for path in UI_FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases: dict[str, str] = {}  # local name → service module
        functions: dict[str, tuple[str, str]] = {}  # local name → (module, function)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                for a in node.names:
                    if node.module == "riskmodel.services":
                        aliases[a.asname or a.name] = a.name
                    elif node.module.startswith("riskmodel.services.") and ".views" not in node.module:
                        module = node.module.removeprefix("riskmodel.services.")
                        functions[a.asname or a.name] = (module, a.name)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call | ast.Attribute | ast.Name):
                continue
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
                found.add((aliases[node.value.id], node.attr))
            elif isinstance(node, ast.Name) and node.id in functions:
                found.add(functions[node.id])
    return found


def _is_read_model(tp: object) -> bool:
    tp = typing.get_origin(tp) or tp
    return isinstance(tp, type) and (dataclasses.is_dataclass(tp) or hasattr(tp, "model_fields"))


def _bare_dict(tp: object) -> bool:
    """True when ``tp`` hands out a dict keyed by text (directly, in a list or optional)."""
    if tp is dict:
        return True
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return any(_bare_dict(a) for a in args if a is not type(None))
    if origin is dict:
        return not (len(args) == 2 and (_is_read_model(args[1]) or args[1] in (int, float, str, bool)))
    if origin in (list, tuple, set, frozenset, typing.Sequence):
        return any(_bare_dict(a) for a in args if a is not Ellipsis)
    return False


CALLS = sorted(_service_calls())


def test_the_ui_calls_services():
    assert len(CALLS) > 50  # the scan finds the calls (else the test below checks nothing)


@pytest.mark.parametrize(("module", "name"), CALLS, ids=[f"{m}.{n}" for m, n in CALLS])
def test_a_service_function_a_page_calls_returns_a_read_model_not_a_bare_dict(module, name):
    mod = importlib.import_module(f"riskmodel.services.{module}")
    fn = getattr(mod, name, None)
    if not isinstance(fn, types.FunctionType) or fn.__module__ != mod.__name__:
        return  # a constant, a class or a re-exported name: not a service function of this module
    hints = typing.get_type_hints(fn)
    assert "return" in hints, f"services.{module}.{name} has no return annotation"
    assert not _bare_dict(hints["return"]), f"services.{module}.{name} returns {hints['return']}"
