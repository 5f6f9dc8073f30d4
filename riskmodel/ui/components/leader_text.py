"""Texts of the leader drill-down: catalog lookups and the {zh, en} / number formatting its tabs share."""

from __future__ import annotations

from typing import Any

from riskmodel.i18n import t
from riskmodel.ui.components.text import tr


def lt(key: str, **params: Any) -> str:
    return tr(f"ui_leader.{key}", **params)


def text_in(value: Any, code: str) -> str:
    """A {zh, en} dict in the page language (Chinese when the English text is missing)."""
    if isinstance(value, dict):
        return str(value.get(code) or value.get("zh") or "")
    return "" if value is None else str(value)


def num(value: Any, digits: int = 2) -> str:
    if value is None:
        return t("ui_leader.common.none")
    try:
        return f"{float(value):.{digits}f}"
    except (TypeError, ValueError):
        return str(value)


def name_in(item: dict, code: str) -> str:
    return str(item.get("name_en") if code == "en" and item.get("name_en") else item.get("name_zh") or item.get("id"))


def lt_in(code: str, key: str, **params: Any) -> str:
    """A ``ui_leader`` text in an explicit language (the table builders are pure: tests call them)."""
    return t(f"ui_leader.{key}", code, **params)
