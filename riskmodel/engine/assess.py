"""``assess``: ratings + questionnaire → statistics, index, level, residual level, verdict, evidence.

Method (see README "Method"): authority-weighted aggregation of expert ratings per indicator, weights
from the questionnaire (AHP or direct), overall index = Σ wᵢ·x̄ᵢ, level by the standard's thresholds
combined with its factor-count, opposition and group-event rules (the highest wins), residual level
from the panel's post-measure ratings (never from fixed reduction ratios), verdict by the standard's
decision rule. Uncertainty: bootstrap over experts × Dirichlet perturbation of the weights.

One implementation of the numbers: ``assess_many`` runs the pipeline vectorised over a batch of
assessments (ratings padded to the largest panel, NaN = missing, authority 0 for padding); ``assess``
is a batch of one. Every reduction is laid out so that a batch gives bit-identical numbers to a single
run (sums over experts run sequentially along a non-contiguous axis, dot products go through stacked
``matmul`` like the 1-D ``@``, per-panel means/sds over experts are taken on unpadded slices).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from riskmodel.engine.arrays import BatchArrays, build_batch
from riskmodel.engine.inputs import AssessmentInput
from riskmodel.engine.levels import (
    LEVEL_RANK,
    degree_grade_codes,
    factor_count_level_codes,
    group_event_level,
    index_level_codes,
    opposition_level,
    verdict_table,
)
from riskmodel.engine.result import (
    AssessmentResult,
    CoverageCheck,
    DimensionPhase,
    DimensionResult,
    FceDimension,
    FceGrade,
    FceResult,
    GroupEventResult,
    IndicatorAfter,
    IndicatorResult,
    KendallResult,
    OutlierResult,
    PanelExpertResult,
    PanelResult,
    QuestionnaireRef,
    SensitivityItem,
    SurveyCoverage,
    SurveyRate,
    SurveyResult,
    UncertaintySettings,
)
from riskmodel.engine.uncertainty import simulate_levels
from riskmodel.errors import ValidationError
from riskmodel.model.consensus import kendall_w_batch
from riskmodel.model.survey import wilson_interval
from riskmodel.questionnaire.loader import get_questionnaire, resolve_weights
from riskmodel.questionnaire.schema import LEVELS, Questionnaire, survey_coverage


def assess(
    assessment: AssessmentInput | dict,
    questionnaire: Questionnaire | None = None,
    *,
    draws: int | None = None,
    seed: int | None = None,
    on_progress=None,
) -> AssessmentResult:
    """Run the risk model on one assessment.

    ``questionnaire`` defaults to the built-in file named by ``assessment.questionnaire``; the store
    passes the exact version the assessment was started with. ``draws`` (default: the request in the
    input, else the standard's setting) = 0 skips the uncertainty analysis.
    """
    if isinstance(assessment, dict):
        from riskmodel.engine.inputs import parse_assessment

        assessment = parse_assessment(assessment)
    q = questionnaire or get_questionnaire(assessment.questionnaire)
    return _assess_batch([assessment], q, draws, seed, on_progress)[0]


def assess_many(
    inputs: Iterable[AssessmentInput | dict],
    questionnaire: Questionnaire | None = None,
    *,
    draws: int | None = 0,
    seed: int | None = None,
) -> list[AssessmentResult]:
    """``[assess(x, questionnaire, draws=draws, seed=seed) for x in inputs]``, vectorised over the batch.

    With ``questionnaire`` given every input is assessed on that one object; otherwise inputs are grouped
    by their questionnaire id (built-in files). ``draws`` defaults to 0 (point results only); ``None``
    takes each input's request, else the standard's setting; draws run per assessment. The first invalid
    input raises its ValidationError (same keys as ``assess``).
    """
    from riskmodel.engine.inputs import parse_assessment

    items = [parse_assessment(x) if isinstance(x, dict) else x for x in inputs]
    groups: dict[str, list[int]] = {}
    if questionnaire is None:
        for i, inp in enumerate(items):
            groups.setdefault(inp.questionnaire, []).append(i)
    else:
        groups[""] = list(range(len(items)))
    out: list[AssessmentResult | None] = [None] * len(items)
    for qid, idx in groups.items():
        q = questionnaire or get_questionnaire(qid)
        for i, res in zip(idx, _assess_batch([items[i] for i in idx], q, draws, seed, None)):
            out[i] = res
    return out  # type: ignore[return-value]


# --- the batched pipeline ------------------------------------------------------------------------
def _assess_batch(inps: list[AssessmentInput], q: Questionnaire, draws, seed, on_progress) -> list[AssessmentResult]:
    if not inps:
        return []
    arrays = build_batch(inps, q)
    weights = resolve_weights(q)
    A, _n = len(inps), len(arrays.indicator_ids)
    auth = arrays.authority

    before = _phase_stats(arrays.value[0], auth)
    rated = before["n"] > 0
    if not rated.any(axis=1).all():
        raise ValidationError("engine.no_ratings", questionnaire=q.id)
    w = np.where(rated, weights.indicator, 0.0)
    w = w / w.sum(axis=1, keepdims=True)

    has_after = np.isfinite(arrays.value[1]).any(axis=(1, 2)) & ("after" in q.phases)
    after = _phase_stats(arrays.value[1], auth) if has_after.any() else None
    after_mean = np.where(after["n"] > 0, after["mean"], before["mean"]) if after is not None else None

    mean_b = np.where(rated, before["mean"], 0.0)
    index = _rowdot(w, mean_b)
    grades_b = degree_grade_codes(np.where(rated, before["mean"], np.nan), q)
    index_code = index_level_codes(index, q).astype(np.int64)
    factor_code = (
        factor_count_level_codes(grades_b, q).astype(np.int64) if q.factor_count_rules else np.zeros(A, np.int64)
    )

    if after is not None:
        mean_a = np.where(rated, after_mean, 0.0)
        residual_index = _rowdot(w, mean_a)
        grades_a = degree_grade_codes(np.where(rated, after_mean, np.nan), q)
        r_index_code = index_level_codes(residual_index, q).astype(np.int64)
        r_code = (
            np.maximum(r_index_code, factor_count_level_codes(grades_a, q)) if q.factor_count_rules else r_index_code
        )
        r_code = r_code.astype(np.int64)
    else:
        grades_a = residual_index = r_index_code = r_code = None

    indicators = _indicator_results(q, arrays, weights, before, after, grades_b, grades_a, has_after)
    dimensions = _dimension_results(q, weights, before["mean"], after_mean, rated, has_after)
    fce_results = _fce(q, arrays, weights, rated)
    for inds, (_fr, membership) in zip(indicators, fce_results):
        for ind, row in zip(inds, membership):
            ind.fce_membership = row
    kendall = _kendall(arrays.value[0], arrays.sizes, q)
    kendall_after = _kendall(arrays.value[1], arrays.sizes, q) if after is not None else [None] * A
    sensitivity = _sensitivity(q, w, mean_b, index)
    outliers = _outliers(arrays, before["median"])
    panels = _panels(inps, q, arrays)
    table = verdict_table(q)
    q_info = dict(
        id=q.id,
        version=q.version,
        name_zh=q.name.zh,
        name_en=q.name.en,
        source_zh=q.source.zh,
        source_en=q.source.en,
        standard_zh=q.standard.zh,
        standard_en=q.standard.en,
        ri_table=q.ri_table,
    )
    index_l = index.tolist()
    index_code_l = index_code.tolist()
    factor_code_l = factor_code.tolist()
    unrated_any = (~rated).any(axis=1).tolist()
    if after is not None:
        carried = ((after["n"] > 0) | ~rated).all(axis=1).tolist()
        residual_l, r_index_code_l, r_code_l = residual_index.tolist(), r_index_code.tolist(), r_code.tolist()
    has_after_l = has_after.tolist()

    results = []
    for a, inp in enumerate(inps):
        notes: list[str] = []
        if unrated_any[a]:
            notes.append(f"unrated:{','.join(k for k, ok in zip(arrays.indicator_ids, rated[a]) if not ok)}")
        ha = has_after_l[a]
        if ha and not carried[a]:
            notes.append("after_carried_forward")
        survey = _survey(inp, q)
        group = _group_event(inp, q)
        survey_level = survey.level if survey else None
        group_level = group.level if group else None
        evidence_code = max([LEVEL_RANK[x] for x in (survey_level, group_level) if x] or [0])
        codes = {"index": index_code_l[a], "factor_count": factor_code_l[a], "evidence": evidence_code}
        level_code = max(codes.values())
        drivers = [k for k, c in codes.items() if c == level_code and (c > 0 or k == "index")]
        if evidence_code == level_code and level_code > 0:
            drivers = [d for d in drivers if d != "evidence"]
            if survey_level and LEVEL_RANK[survey_level] == level_code:
                drivers.append("survey")
            if group_level and LEVEL_RANK[group_level] == level_code:
                drivers.append("group_event")
        residual_index_a = residual_level = verdict = residual_index_level = None
        if ha:
            residual_index_a = residual_l[a]
            residual_level = LEVELS[r_code_l[a]]
            residual_index_level = LEVELS[r_index_code_l[a]]
            verdict = table[r_code_l[a], level_code]
        else:
            notes.append("no_post_measure_ratings")

        n_draws = (
            draws
            if draws is not None
            else (inp.uncertainty.draws if inp.uncertainty.draws is not None else q.uncertainty.draws)
        )
        seed_a = (
            seed
            if seed is not None
            else (inp.uncertainty.seed if inp.uncertainty.seed is not None else q.uncertainty.seed)
        )
        unc = simulate_levels(
            q,
            arrays.arrays(a) if n_draws > 0 else None,
            w[a],
            evidence_code,
            n_draws,
            seed_a,
            ha,
            on_progress=on_progress,
        )
        results.append(
            AssessmentResult(
                questionnaire=QuestionnaireRef(**q_info, weights_cr=dict(weights.cr)),
                method=q.method,
                level=LEVELS[level_code],
                residual_level=residual_level,
                verdict=verdict,
                index=index_l[a],
                residual_index=residual_index_a,
                index_level=LEVELS[index_code_l[a]],
                residual_index_level=residual_index_level,
                level_drivers=drivers,
                level_probabilities=unc["level_probabilities"],
                residual_level_probabilities=unc["residual_level_probabilities"],
                verdict_probabilities=unc["verdict_probabilities"],
                index_interval=unc["index_interval"],
                indicators=indicators[a],
                dimensions=dimensions[a],
                kendall=kendall[a],
                kendall_after=kendall_after[a] if ha else None,
                fce=fce_results[a][0],
                survey=survey,
                group_event=group,
                sensitivity=sensitivity[a],
                panel=panels[a],
                outliers=outliers[a],
                uncertainty=UncertaintySettings(
                    draws=n_draws, seed=seed_a, dirichlet_concentration=q.uncertainty.dirichlet_concentration
                ),
                notes=notes,
                measures=[m.model_dump() for m in inp.measures],
            )
        )
    return results


def _rowdot(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Row-wise dot products (A, n)·(A, n) → (A,), as a stacked matmul: the same kernel as 1-D ``x @ y``."""
    return np.matmul(x[:, None, :], y[:, :, None])[:, 0, 0]


# --- statistics --------------------------------------------------------------------------------
def _phase_stats(values: np.ndarray, authority: np.ndarray) -> dict[str, np.ndarray]:
    """Authority-weighted mean/sd/CV and unweighted median/quartiles per indicator (NaN = missing).

    ``values``/``authority`` (A, m, n); the numbers of ``consensus.indicator_stats`` per assessment.
    """
    present = ~np.isnan(values)
    wp = np.where(present, authority, 0.0)
    v0 = np.where(present, values, 0.0)
    sw = wp.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (wp * v0).sum(axis=1) / sw
        var = (wp * (v0 - mean[:, None, :]) ** 2).sum(axis=1) / sw
        sd = np.sqrt(var)
        cv = np.where(mean != 0, sd / mean, np.nan)
    n = present.sum(axis=1)
    q1, med, q3 = _quantiles(values, n, (0.25, 0.5, 0.75))
    return {
        "mean": np.where(n > 0, mean, np.nan),
        "sd": sd,
        "cv": cv,
        "median": med,
        "q1": q1,
        "q3": q3,
        "iqr": q3 - q1,
        "n": n,
    }


def _quantiles(values: np.ndarray, n: np.ndarray, qs: tuple[float, ...]) -> list[np.ndarray]:
    """Quantiles over the expert axis ignoring NaN (numpy 'linear'), one sort for the whole batch."""
    s = np.sort(values, axis=1)  # NaN sorts last
    has = n > 0
    last = np.maximum(n - 1, 0)
    out = []
    for q in qs:
        pos = q * (n - 1)
        lo = np.where(has, np.floor(pos), 0).astype(np.int64)
        hi = np.minimum(lo + 1, last)
        frac = pos - lo
        a = np.take_along_axis(s, lo[:, None, :], axis=1)[:, 0, :]
        b = np.take_along_axis(s, hi[:, None, :], axis=1)[:, 0, :]
        out.append(np.where(has, a + (b - a) * frac, np.nan))
    return out


def _weighted_mean(values: np.ndarray, authority: np.ndarray) -> np.ndarray:
    mask = np.isfinite(values)
    wts = authority * mask
    with np.errstate(invalid="ignore", divide="ignore"):
        return (wts * np.where(mask, values, 0.0)).sum(axis=1) / wts.sum(axis=1)


def _indicator_results(
    q, arrays: BatchArrays, weights, before, after, grades_b, grades_a, has_after
) -> list[list[IndicatorResult]]:
    grade_ids = [g.id for g in q.risk_degree_grades]
    dim_of = q.dimension_of()
    cv_max = q.consensus.cv_max
    pi = q.method == "probability_impact"
    auth = arrays.authority
    local_w = np.concatenate([weights.local[d.id] for d in q.dimensions]).tolist()
    static = [  # IndicatorResult's leading fields, positional
        (ind.id, dim_of[ind.id], ind.name.zh, ind.name.en, ind.area, ind.stage.zh if ind.stage else None, wt, lw)
        for ind, wt, lw in zip(q.indicators(), weights.indicator.tolist(), local_w)
    ]

    def grade_names(codes: np.ndarray) -> list:
        if not grade_ids:
            return [[None] * codes.shape[1]] * codes.shape[0]
        names = np.array(grade_ids + [None], dtype=object)  # code −1 → None
        return names[codes].tolist()

    b = {k: before[k].tolist() for k in ("n", "mean", "median", "q1", "q3", "iqr", "sd", "cv")}
    b_flag = (before["cv"] > cv_max).tolist()
    b_grade = grade_names(grades_b)
    none_rows = [[None] * len(static)] * len(has_after)
    if pi:
        p_mean = _weighted_mean(arrays.prob[0], auth).tolist()
        i_mean = _weighted_mean(arrays.impact[0], auth).tolist()
    else:
        p_mean = i_mean = none_rows
    if after is not None:
        af = {k: after[k].tolist() for k in ("n", "mean", "median", "iqr", "cv")}
        a_flag = (after["cv"] > cv_max).tolist()
        a_grade = grade_names(grades_a)
        if pi:
            p_after = _weighted_mean(arrays.prob[1], auth).tolist()
            i_after = _weighted_mean(arrays.impact[1], auth).tolist()
        else:
            p_after = i_after = none_rows
    out = []
    for a, ha in enumerate(has_after.tolist()):
        rows = [
            IndicatorResult(*st, nn, mu, md, q1, q3, iqr, sd, cv, fl, pm, im, gr)
            for st, nn, mu, md, q1, q3, iqr, sd, cv, fl, pm, im, gr in zip(
                static,
                b["n"][a],
                b["mean"][a],
                b["median"][a],
                b["q1"][a],
                b["q3"][a],
                b["iqr"][a],
                b["sd"][a],
                b["cv"][a],
                b_flag[a],
                p_mean[a],
                i_mean[a],
                b_grade[a],
            )
        ]
        if ha:
            for res, nn, mu, md, iqr, cv, fl, gr, pm, im in zip(
                rows,
                af["n"][a],
                af["mean"][a],
                af["median"][a],
                af["iqr"][a],
                af["cv"][a],
                a_flag[a],
                a_grade[a],
                p_after[a],
                i_after[a],
            ):
                res.after = IndicatorAfter(nn, mu, md, iqr, cv, fl, gr, pm, im)
        out.append(rows)
    return out


def _dimension_results(q, weights, mean_b, mean_a, rated, has_after) -> list[list[DimensionResult]]:
    A = rated.shape[0]
    out: list[list[DimensionResult]] = [[] for _ in range(A)]
    start = 0
    for dim, dw in zip(q.dimensions, weights.dimension.tolist()):
        k = len(dim.indicators)
        sl = slice(start, start + k)
        start += k
        lw = np.where(rated[:, sl], weights.local[dim.id], 0.0)
        tot = lw.sum(axis=1)
        per_label = {}
        for label, means in (("before", mean_b), ("after", mean_a)):
            if means is None:
                per_label[label] = [None] * A
                continue
            with np.errstate(invalid="ignore", divide="ignore"):
                score = _rowdot(lw / tot[:, None], np.where(rated[:, sl], means[:, sl], 0.0))
            grades = degree_grade_codes(np.where(rated[:, sl], means[:, sl], np.nan), q)
            code = index_level_codes(score, q).astype(np.int64)
            if q.factor_count_rules:
                code = np.maximum(code, factor_count_level_codes(grades, q))
            per_label[label] = [DimensionPhase(s, LEVELS[c]) for s, c in zip(score.tolist(), code.tolist())]
        ok = (tot != 0).tolist()
        ha = has_after.tolist()
        for a in range(A):
            out[a].append(
                DimensionResult(
                    id=dim.id,
                    name_zh=dim.name.zh,
                    name_en=dim.name.en,
                    weight=dw,
                    before=per_label["before"][a] if ok[a] else None,
                    after=per_label["after"][a] if ok[a] and ha[a] else None,
                )
            )
    return out


def _kendall(values: np.ndarray, sizes: np.ndarray, q: Questionnaire) -> list[KendallResult | None]:
    """Kendall's W over the experts who rated every indicator (ranks within each expert, ties averaged)."""
    complete = np.isfinite(values).all(axis=2)
    n = values.shape[2]
    m = complete.sum(axis=1)
    if n < 2:
        return [None] * len(m)
    res = kendall_w_batch(values, complete)
    alpha = q.consensus.kendall_alpha
    out: list[KendallResult | None] = []
    for mm, w, chi2, p in zip(m.tolist(), res["w"].tolist(), res["chi2"].tolist(), res["p"].tolist()):
        if mm < 2:
            out.append(None)
            continue
        out.append(KendallResult(w, chi2, n - 1, p, mm, bool(np.isfinite(p) and p < alpha)))
    return out


def _fce(q: Questionnaire, arrays: BatchArrays, weights, rated) -> list[tuple[FceResult, list[list[float]]]]:
    """Multi-level fuzzy comprehensive evaluation: indicator memberships → dimension B → overall B.

    Per assessment: the result and the membership rows of its indicators (kept on the indicators)."""
    grades = q.fce.grades
    G = len(grades)
    values = arrays.value[0]
    g_vals = np.array([g.value for g in grades])
    uppers = np.array([g.upper for g in grades[:-1]], dtype=float) if q.fce.grade_by == "thresholds" else None
    if uppers is not None:
        codes = np.searchsorted(uppers, np.nan_to_num(values), side="right")
    else:  # each rating votes for the grade whose value is nearest (the scale points themselves);
        # a running minimum over the grades = argmin over them (ties → the first), without a 4-D array
        v = np.nan_to_num(values)
        best = np.abs(v - g_vals[0])
        codes = np.zeros(v.shape, dtype=np.int64)
        for g in range(1, G):
            d = np.abs(v - g_vals[g])
            closer = d < best
            codes[closer] = g
            best = np.where(closer, d, best)
    votes = np.where(np.isfinite(values), codes, -1)
    onehot = votes[..., None] == np.arange(G)  # (A, m, n, G); −1 (missing) matches nothing
    counts = np.einsum("aek,aekg->akg", arrays.authority, onehot)
    total = counts.sum(axis=2, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        R = np.nan_to_num(np.where(total > 0, counts / total, np.nan))  # unrated rows carry no weight
    A = values.shape[0]
    dims, start = [], 0
    for dim in q.dimensions:
        k = len(dim.indicators)
        lw = np.where(rated[:, start : start + k], weights.local[dim.id], 0.0)
        tot = lw.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            wn = lw / tot
            wn = wn / wn.sum(axis=1, keepdims=True)  # ``fce`` normalises its weights again
        b = np.matmul(wn[:, None, :], R[:, start : start + k])[:, 0, :]
        dims.append(np.where(tot > 0, b, 0.0))
        start += k
    D = np.stack(dims, axis=1)  # (A, dims, G)
    wd = weights.dimension / weights.dimension.sum()
    B = np.matmul(np.broadcast_to(wd, (A, 1, len(wd))), D)[:, 0, :]
    score = np.matmul(B[:, None, :], np.broadcast_to(g_vals[:, None], (A, G, 1)))[:, 0, 0]
    if uppers is not None:
        grade_idx = np.searchsorted(uppers, score, side="right")
    else:
        grade_idx = G - 1 - np.argmax(B[:, ::-1], axis=-1)  # ties → the higher-risk grade
    B_l, D_l, R_l = B.tolist(), D.tolist(), R.tolist()
    return [
        (
            FceResult(
                grades=[FceGrade(g.id, g.label.zh, g.label.en, g.value) for g in grades],
                B=B_l[a],
                score=s,
                grade=grades[gi].id,
                grade_by=q.fce.grade_by,
                dimensions=[FceDimension(d.id, b) for d, b in zip(q.dimensions, D_l[a])],
            ),
            R_l[a],
        )
        for a, (s, gi) in enumerate(zip(score.tolist(), grade_idx.tolist()))
    ]


def _survey(inp: AssessmentInput, q: Questionnaire) -> SurveyResult | None:
    s = inp.survey
    if s is None:
        return None
    total = s.support + s.neutral + s.oppose
    if total == 0:
        raise ValidationError("engine.survey.empty")
    counts = np.array([s.support, s.neutral, s.oppose])
    low, high = wilson_interval(counts, total)
    rates = {
        k: SurveyRate(int(c), float(c / total), float(lo), float(hi))
        for k, c, lo, hi in zip(("support", "neutral", "oppose"), counts, low, high)
    }
    cov = survey_coverage(q.survey_rule_for(inp.project.type), s.model_dump(), inp.project.affected_households)
    coverage = (
        None
        if cov is None
        else SurveyCoverage(cov["rule_type"], [CoverageCheck(**c) for c in cov["checks"]], cov["ok"])
    )
    return SurveyResult(int(total), rates, coverage, opposition_level(s.oppose / total, q))


def _group_event(inp: AssessmentInput, q: Questionnaire) -> GroupEventResult | None:
    if inp.group_event_people is None:
        return None
    return GroupEventResult(inp.group_event_people, group_event_level(inp.group_event_people, q))


def _sensitivity(q: Questionnaire, w: np.ndarray, means: np.ndarray, index: np.ndarray) -> list[list[dict]]:
    """One-at-a-time: shift each indicator's value by one step, and its weight by ±20 % (renormalised)."""
    step = 1.0 if q.method == "score" else 0.1
    lo_val = q.scale.min if q.method == "score" else 0.01
    hi_val = q.scale.max if q.method == "score" else 0.81
    index = index[:, None]
    up = np.minimum(means + step, hi_val) - means
    down = np.maximum(means - step, lo_val) - means
    idx_up = index + w * up
    idx_down = index + w * down
    eps = 0.2
    with np.errstate(invalid="ignore", divide="ignore"):
        w_up = (index + eps * w * means) / (1 + eps * w)
        w_down = (index - eps * w * means) / (1 - eps * w)
    base = index_level_codes(index, q)
    changes = (index_level_codes(idx_up, q) != base) | (index_level_codes(idx_down, q) != base)
    swing = np.maximum(
        np.maximum(np.abs(idx_up - index), np.abs(idx_down - index)),
        np.maximum(np.abs(w_up - index), np.abs(w_down - index)),
    )
    order = np.argsort(-swing, axis=1, kind="stable").tolist()  # Python's sort is stable too
    ids = q.indicator_ids()
    cols = [x.tolist() for x in (idx_up, idx_down, w_up, w_down, swing, changes, w != 0)]
    out = []
    for a, row_order in enumerate(order):
        iu, idn, wu, wdn, sw, ch, keep = (c[a] for c in cols)
        out.append([SensitivityItem(ids[j], iu[j], idn[j], wu[j], wdn[j], sw[j], ch[j]) for j in row_order if keep[j]])
    return out


def _by_size(sizes: np.ndarray, rows: np.ndarray):
    """Yield (assessment indices, their rows cut to the panel size) per distinct panel size: a row-wise
    reduction over those compact rows runs the same pairwise summation as on each 1-D panel alone."""
    for m in np.unique(sizes).tolist():
        idx = np.flatnonzero(sizes == m)
        yield idx, rows[idx, :m]


def _panels(inps: list[AssessmentInput], q: Questionnaire, arrays: BatchArrays) -> list[PanelResult]:
    submitted = np.isfinite(arrays.value[0]).any(axis=2).sum(axis=1).tolist()
    out = []
    for a, inp in enumerate(inps):
        # per panel, on the unpadded slice (the authority array's memory order decides the summation
        # order of this mean, so it is taken exactly as on a single panel)
        authority = arrays.authority[a, : len(inp.experts)].mean(axis=1)
        auth_l, weight_l = authority.tolist(), (authority / authority.sum()).tolist()
        required = q.required_panel_size(inp.project.type, inp.project.investment_wan)
        out.append(
            PanelResult(
                size=len(inp.experts),
                submitted=submitted[a],
                required=required,
                ok=len(inp.experts) >= required,
                weighting=q.expert_weighting,
                experts=[PanelExpertResult(e.id, e.field, au, wt) for e, au, wt in zip(inp.experts, auth_l, weight_l)],
            )
        )
    return out


def _outliers(arrays: BatchArrays, median: np.ndarray) -> list[list[OutlierResult]]:
    """Experts far from the group: mean absolute deviation from the indicator medians, z-scored (z > 2)."""
    values = arrays.value[0]
    present = ~np.isnan(values)
    submitted = present.any(axis=2).sum(axis=1).tolist()
    center = np.where(np.isfinite(median), median, 0.0)
    dev = np.abs(values - center[:, None, :])
    ok = present & ~np.isnan(dev)
    count = ok.sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        d_all = np.where(ok, dev, 0.0).sum(axis=2) / count
    sizes = arrays.sizes
    real = np.arange(d_all.shape[1])[None, :] < sizes[:, None]
    z_all = np.full_like(d_all, np.nan)
    # panels where every expert has a deviation: z per panel size in one go (same reductions as
    # outlier_experts on each unpadded panel); the rest one by one
    full = (~np.isnan(d_all) | ~real).all(axis=1) & (np.asarray(submitted) >= 3)
    for idx, rows in _by_size(np.where(full, sizes, -1), d_all):
        if idx.size == 0 or rows.shape[1] == 0 or not full[idx[0]]:
            continue
        mu = rows.mean(axis=1, keepdims=True)
        sdv = rows.std(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            z_all[idx, : rows.shape[1]] = np.where(sdv > 0, (rows - mu) / sdv, 0.0)
    z_rows = z_all.tolist()
    d_rows = d_all.tolist()
    out = []
    for a, ids in enumerate(arrays.expert_ids):
        if submitted[a] < 3:
            out.append([])
            continue
        if full[a]:
            z = z_rows[a]
        else:
            d = d_all[a, : len(ids)]
            finite = ~np.isnan(d)
            zz = np.full_like(d, np.nan)
            if finite.any():  # per panel, on the unpadded slice: the same reductions as outlier_experts
                mu = d[finite].mean()
                sdv = d[finite].std()
                zz[finite] = (d[finite] - mu) / sdv if sdv > 0 else 0.0
            z = zz.tolist()
        out.append([OutlierResult(e, dd, zz, zz > 2.0) for e, dd, zz in zip(ids, d_rows[a], z) if dd == dd])
    return out
