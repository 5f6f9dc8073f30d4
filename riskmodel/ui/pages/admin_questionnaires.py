"""指标体系库 — questionnaires (指标体系 + 评判标准): view them, upload a YAML file with its validation
problems shown inline by line, and an AHP matrix editor with live weights and consistency ratio."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import streamlit as st

from riskmodel.errors import RiskModelError
from riskmodel.model.ahp import ahp
from riskmodel.questionnaire import QuestionnaireError, parse_questionnaire, resolve_weights
from riskmodel.questionnaire.loader import CR_LIMIT
from riskmodel.services import questionnaires
from riskmodel.services.views.questionnaires import QuestionnaireChoice
from riskmodel.ui import shell
from riskmodel.ui.components.feedback import flash, run_action, show_flash
from riskmodel.ui.components.text import (
    error_text,
    fmt_number,
    labeled,
    lang,
    level_label,
    lkey,
    phase_label,
    text_of,
    tr,
    upload_help,
    verdict_label,
)

ROOT = "__root__"


def render() -> None:
    ctx = shell.page_context("admin")
    st.title(tr("ui.admin_q.title"))
    show_flash()
    choices = questionnaires.questionnaire_choices(ctx.store)
    tabs = st.tabs(
        [tr("ui.admin_q.tab.library"), tr("ui.admin_q.tab.upload"), tr("ui.admin_q.tab.ahp")], key="admin_q_tabs"
    )
    with tabs[0]:
        _library(ctx, choices)
    with tabs[1]:
        _upload(ctx)
    with tabs[2]:
        _ahp_editor(choices)


def _choice_label(c: QuestionnaireChoice) -> str:
    q = c.questionnaire
    if c.version_id is None:
        return tr("ui.org_projects.q_builtin", name=text_of(q.name), id=q.id, version=q.version)
    return tr("ui.org_projects.q_uploaded", name=text_of(q.name), id=q.id, revision=c.revision)


# --- library -------------------------------------------------------------------------------------
def _library(ctx: shell.PageContext, choices: list[QuestionnaireChoice]) -> None:
    versions = questionnaires.list_versions(ctx.store)
    if versions:
        with st.expander(tr("ui.admin_q.stored_versions", count=len(versions)), key="admin_q_versions"):
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            tr("ui.admin_q.col.qid"): v.qid,
                            tr("ui.admin_q.col.version"): v.version,
                            tr("ui.admin_q.col.revision"): v.revision,
                            tr("ui.admin_q.col.name"): v.name,
                            tr("ui.admin_q.col.sha"): v.sha256[:12],
                            tr("ui.admin_q.col.created"): (v.created_at or "")[:16],
                        }
                        for v in versions
                    ]
                ),
                hide_index=True,
                key="admin_q_versions_table",
                width="stretch",
            )
    by_key = {c.key: c for c in choices}
    key = st.selectbox(
        tr("ui.admin_q.choose"),
        list(by_key),
        format_func=labeled(by_key, lambda k: _choice_label(by_key[k])),
        key=lkey("admin_q_view"),
    )
    _show_questionnaire(by_key[key].questionnaire)


def _show_questionnaire(q) -> None:
    st.markdown(f"### {text_of(q.name)}")
    if q.description:
        st.caption(text_of(q.description))
    facts = [
        (tr("ui.admin_q.f.id"), f"{q.id} v{q.version}"),
        (tr("ui.admin_q.f.method"), tr(f"ui.method.{q.method}")),
        (tr("ui.admin_q.f.standard"), text_of(q.standard)),
        (tr("ui.admin_q.f.source"), text_of(q.source)),
        (tr("ui.admin_q.f.thresholds"), tr("ui.admin_q.thresholds", medium=q.levels.medium, high=q.levels.high)),
        (
            tr("ui.admin_q.f.panel"),
            tr(
                "ui.admin_q.panel_rule",
                size=q.panel_rule.min_size,
                larger=", ".join(str(r.min_size) for r in q.panel_rule.larger) or "—",
            ),
        ),
        (tr("ui.admin_q.f.ri"), q.ri_table),
        (tr("ui.admin_q.f.phases"), tr("ui.common.list_sep").join(phase_label(p) for p in q.phases)),
    ]
    st.table(pd.DataFrame(facts, columns=[tr("ui.admin_q.col.item"), tr("ui.admin_q.col.value")]), hide_index=True)
    weights = resolve_weights(q)
    rows = []
    for dw, dim in zip(weights.dimension, q.dimensions):
        for lw, ind in zip(weights.local[dim.id], dim.indicators):
            rows.append(
                {
                    tr("ui.admin_q.col.dimension"): text_of(dim.name),
                    tr("ui.admin_q.col.dim_weight"): float(dw),
                    tr("ui.admin_q.col.indicator_id"): ind.id,
                    tr("ui.admin_q.col.indicator"): text_of(ind.name),
                    tr("ui.admin_q.col.local_weight"): float(lw),
                    tr("ui.admin_q.col.global_weight"): float(dw * lw),
                    tr("ui.admin_q.col.area"): ind.area or "",
                }
            )
    st.markdown(f"**{tr('ui.admin_q.indicators', count=len(rows))}**")
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        key="admin_q_indicators",
        width="stretch",
        column_config={
            tr("ui.admin_q.col.dim_weight"): st.column_config.NumberColumn(format="%.3f"),
            tr("ui.admin_q.col.local_weight"): st.column_config.NumberColumn(format="%.3f"),
            tr("ui.admin_q.col.global_weight"): st.column_config.NumberColumn(format="%.4f"),
        },
    )
    if weights.cr:
        st.caption(
            tr(
                "ui.admin_q.crs",
                details=tr("ui.common.list_sep").join(
                    f"{tr('ui.admin_q.root') if node == ROOT else node} {cr:.3f}" for node, cr in weights.cr.items()
                ),
            )
        )
    st.markdown(f"**{tr('ui.admin_q.decision_rule', name=text_of(q.decision_rule.name))}**")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("ui.admin_q.col.residual"): level_label(r.residual),
                    tr("ui.admin_q.col.before"): ", ".join(level_label(b) for b in r.before)
                    if r.before
                    else tr("ui.admin_q.any"),
                    tr("ui.admin_q.col.verdict"): verdict_label(r.verdict),
                }
                for r in q.decision_rule.rules
            ]
        ),
        hide_index=True,
        key="admin_q_rules",
        width="stretch",
    )


# --- upload --------------------------------------------------------------------------------------
def _upload(ctx: shell.PageContext) -> None:
    st.caption(tr("ui.admin_q.upload_help"))
    upload = st.file_uploader(
        tr("ui.admin_q.file"), type=["yaml", "yml"], key="admin_q_upload", help=upload_help(["yaml", "yml"])
    )
    if upload is None:
        return
    try:
        text = upload.getvalue().decode("utf-8")
    except UnicodeDecodeError:
        st.error(tr("ui.admin_q.not_utf8"))
        return
    try:
        q = parse_questionnaire(text, upload.name)
    except QuestionnaireError as exc:
        st.error(tr("ui.admin_q.invalid", file=upload.name, count=len(exc.problems)))
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        tr("ui.admin_q.col.line"): p.line,
                        tr("ui.admin_q.col.location"): p.location,
                        tr("ui.admin_q.col.problem"): p.text(lang()),
                    }
                    for p in exc.problems
                ]
            ),
            hide_index=True,
            key="admin_q_problems",
            width="stretch",
        )
        _show_lines(text, [p.line for p in exc.problems if p.line])
        return
    st.success(
        tr("ui.admin_q.valid", name=text_of(q.name), id=q.id, version=q.version, indicators=len(q.indicator_ids()))
    )
    if st.button(tr("ui.admin_q.register"), key="admin_q_register", type="primary", icon=":material/library_add:"):
        stored = run_action(questionnaires.register_text, ctx.store, ctx.actor, text, upload.name)
        if stored:
            flash(tr("ui.admin_q.registered", id=stored.qid, revision=stored.revision))
            st.rerun()


def _show_lines(text: str, lines: list[int], context: int = 2) -> None:
    """The YAML around each problem line, numbered as in an editor."""
    all_lines = text.splitlines()
    wanted: set[int] = set()
    for line in lines:
        wanted.update(range(max(1, line - context), min(len(all_lines), line + context) + 1))
    if not wanted:
        return
    out, last = [], 0
    for n in sorted(wanted):
        if last and n != last + 1:
            out.append("   …")
        marker = ">" if n in lines else " "
        out.append(f"{marker}{n:4d} | {all_lines[n - 1]}")
        last = n
    st.code("\n".join(out), language=None)


# --- AHP editor ----------------------------------------------------------------------------------
def _cell_text(value) -> str:
    return str(value).strip()


def _reciprocal(cell: str) -> str:
    try:
        value = Fraction(cell)
    except (ValueError, ZeroDivisionError):
        return "1"
    if value <= 0:
        return "1"
    inv = 1 / value
    return str(inv.numerator) if inv.denominator == 1 else f"{inv.numerator}/{inv.denominator}"


def _ahp_editor(choices: list[QuestionnaireChoice]) -> None:
    st.caption(tr("ui.admin_q.ahp_help"))
    by_key = {c.key: c for c in choices}
    key = st.selectbox(
        tr("ui.admin_q.choose"),
        list(by_key),
        format_func=labeled(by_key, lambda k: _choice_label(by_key[k])),
        key=lkey("admin_ahp_q"),
    )
    q = by_key[key].questionnaire
    nodes = {ROOT: (tr("ui.admin_q.root"), q.weights, [text_of(d.name) for d in q.dimensions])}
    for d in q.dimensions:
        nodes[d.id] = (text_of(d.name), d.weights, [f"{i.id} {text_of(i.name)}" for i in d.indicators])
    node = st.selectbox(
        tr("ui.admin_q.node"),
        list(nodes),
        format_func=labeled(nodes, lambda n: nodes[n][0]),
        key=lkey("admin_ahp_node"),
    )
    _, spec, labels = nodes[node]
    n = len(labels)
    if spec.method == "ahp" and spec.matrix:
        start = [[_cell_text(c) for c in row] for row in spec.matrix]
    else:
        start = [["1"] * n for _ in range(n)]
        st.info(tr("ui.admin_q.not_ahp", method=spec.method))
    short = [f"C{i + 1}" for i in range(n)]
    frame = pd.DataFrame(start, columns=short, index=short)
    st.caption(
        tr(
            "ui.admin_q.legend",
            legend=tr("ui.common.list_sep").join(f"C{i + 1} = {lab}" for i, lab in enumerate(labels)),
        )
    )
    edited = st.data_editor(
        frame,
        key=f"admin_ahp_editor_{key}_{node}",
        width="stretch",
        column_config={c: st.column_config.TextColumn(c) for c in short},
    )
    cells = [[_cell_text(edited.iat[i, j]) for j in range(n)] for i in range(n)]
    matrix = [
        ["1" if i == j else (cells[i][j] if i < j else _reciprocal(cells[j][i])) for j in range(n)] for i in range(n)
    ]
    with st.expander(tr("ui.admin_q.full_matrix"), key="admin_ahp_full"):
        st.dataframe(pd.DataFrame(matrix, columns=short, index=short), key="admin_ahp_full_table", width="stretch")
    try:
        res = ahp(matrix, ri=q.ri_table)
    except RiskModelError as exc:
        st.error(error_text(exc))
        return
    cols = st.columns(4)
    cols[0].metric(tr("ui.admin_q.lambda_max"), fmt_number(res.lambda_max, 4))
    cols[1].metric(tr("ui.admin_q.ci"), fmt_number(res.ci, 4))
    cols[2].metric(tr("ui.admin_q.ri", table=res.ri_table or "—"), fmt_number(res.ri, 2))
    cols[3].metric(tr("ui.admin_q.cr"), fmt_number(res.cr, 4))
    if res.cr >= CR_LIMIT:
        st.warning(tr("ui.admin_q.cr_bad", cr=fmt_number(res.cr, 3), limit=CR_LIMIT))
    else:
        st.success(tr("ui.admin_q.cr_ok", cr=fmt_number(res.cr, 3), limit=CR_LIMIT))
    st.dataframe(
        pd.DataFrame(
            {tr("ui.admin_q.col.element"): labels, tr("ui.admin_q.col.weight"): [float(w) for w in res.weights]}
        ),
        hide_index=True,
        key="admin_ahp_weights",
        width="stretch",
        column_config={
            tr("ui.admin_q.col.weight"): st.column_config.ProgressColumn(format="%.3f", min_value=0.0, max_value=1.0)
        },
    )
    yaml_rows = "\n".join(
        "    - [" + ", ".join(c if c.replace(".", "").isdigit() else f'"{c}"' for c in row) + "]" for row in matrix
    )
    st.markdown(tr("ui.admin_q.yaml_snippet"))
    st.code("weights:\n  method: ahp\n  matrix:\n" + yaml_rows, language="yaml")


if __name__ == "__main__":
    render()
