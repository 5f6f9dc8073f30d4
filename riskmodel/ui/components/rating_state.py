"""The rating form's state (one helper for the one form): widget keys, the values of every phase kept outside
the widgets' own state, and the entries built from them.

One phase (措施前 / 措施后) is rendered at a time, and Streamlit forgets the state of widgets that are not
rendered, so the values are kept in a plain session dict (``values``), refreshed from the widgets at the
start of every run; the widgets start from it, and 保存草稿/提交 use it, i.e. the values of every phase."""

from __future__ import annotations

from typing import Any

import streamlit as st

from riskmodel.services.views.ratings import RatingEntry, RatingSheet
from riskmodel.ui.components.text import lkey

# Self-assessment options (判断依据 Ca, 熟悉程度 Cs), labelled from the catalog (ui.rating.ca_opt.* / cs_opt.*).
CA_OPTIONS: tuple[float, ...] = (1.0, 0.8, 0.6, 0.4, 0.2)
CS_OPTIONS: tuple[float, ...] = (1.0, 0.8, 0.6, 0.4, 0.2)
PENDING_KEY = "rating_pending"
PHASE_BUTTON = "rating_phase_{}"  # the form's phase switch (one submit button per phase)


def widget_key(aid: int, rnd: int, phase: str, indicator: str, field: str) -> str:
    return f"rate_{aid}_{rnd}_{phase}_{indicator}_{field}"


def opt_key(value: float) -> str:
    return f"{value:.1f}".replace(".", "_")


def closest(options: tuple[float, ...], value: Any) -> int:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return 0
    return min(range(len(options)), key=lambda i: abs(options[i] - v))


def coefficient(value: Any, dim: str) -> Any:
    if isinstance(value, dict):
        return value.get(dim, value.get("*", 1.0))
    return value


def form_values(aid: int, rnd: int) -> dict[str, Any]:
    """The form's values of every phase ({widget key: value}), kept outside the widgets' own state."""
    return st.session_state.setdefault(f"rating_values_{aid}_{rnd}", {})


def member_coefficient(member: Any, which: str, dim_id: str) -> float:
    """The expert's Ca or Cs of a dimension as the panel holds it (1.0 without a panel entry)."""
    return 1.0 if member is None else member.coefficient(which, dim_id)


def ca_cs_key(aid: int, rnd: int, which: str, dim_id: str) -> str:
    return f"rate_{aid}_{rnd}_{which}_{dim_id}"


def sync(q, aid: int, rnd: int, phases: list[str], values: dict[str, Any]) -> None:
    """Copy the values of the widgets rendered in the previous run (the only ones in the session) into ``values``."""
    state = st.session_state.to_dict()  # one filtered copy, not one per key
    fields = (("score",) if q.method == "score" else ("probability", "impact")) + ("comment",)
    for phase in phases:
        for ind in q.indicators():
            for field in fields:
                k = widget_key(aid, rnd, phase, ind.id, field)
                if k in state:
                    values[k] = state[k]
    for d in q.dimensions:
        for which in ("ca", "cs"):
            k = lkey(ca_cs_key(aid, rnd, which, d.id))
            if k in state:
                values[ca_cs_key(aid, rnd, which, d.id)] = state[k]


def prior_of(mine: RatingSheet, rnd: int) -> dict[tuple[str, str], RatingEntry]:
    """What the form starts from where nothing was entered in this session: the draft, else this round's rating."""
    prior = {(r.indicator, r.phase): r for r in mine.submitted if r.round == rnd}
    prior.update({(d.indicator, d.phase): d for d in mine.drafts})
    return prior


def collect(q, aid: int, rnd: int, phases: list[str], values: dict[str, Any], prior: dict) -> list[dict]:
    """Every phase's entries: the value entered in this session, else the draft / this round's rating."""
    entries = []
    fields = ("score",) if q.method == "score" else ("probability", "impact")

    def value(phase: str, ind_id: str, field: str) -> Any:
        k = widget_key(aid, rnd, phase, ind_id, field)
        if k in values:
            return values[k]
        held = prior.get((ind_id, phase))
        v = None if held is None else held.value(field)
        return int(v) if v is not None and field != "comment" else v

    for phase in phases:
        for ind in q.indicators():
            entry: dict[str, Any] = {"indicator": ind.id, "phase": phase}
            for field in fields:
                entry[field] = value(phase, ind.id, field)
            comment = (value(phase, ind.id, "comment") or "").strip()
            entry["comment"] = comment or None
            if any(entry[f] is not None for f in fields) or entry["comment"]:
                entries.append(entry)
    return entries


def complete(q, entry: dict) -> bool:
    if q.method == "score":
        return entry.get("score") is not None
    return entry.get("probability") is not None and entry.get("impact") is not None
