"""``assess``: ratings + questionnaire → statistics, index, level, residual level, verdict, evidence.

Method (see README "Method"): authority-weighted aggregation of expert ratings per indicator, weights
from the questionnaire (AHP or direct), overall index = Σ wᵢ·x̄ᵢ, level by the standard's thresholds
combined with its factor-count, opposition and group-event rules (the highest wins), residual level
from the panel's post-measure ratings (never from fixed reduction ratios), verdict by the standard's
decision rule. Uncertainty: bootstrap over experts × Dirichlet perturbation of the weights.
"""
from __future__ import annotations

import warnings

import numpy as np

from riskmodel.engine.arrays import RatingArrays, build_arrays
from riskmodel.engine.inputs import AssessmentInput
from riskmodel.engine.levels import (
    LEVEL_RANK,
    degree_grade_codes,
    factor_count_level_codes,
    group_event_level,
    index_level_codes,
    opposition_level,
)
from riskmodel.engine.result import AssessmentResult, IndicatorResult
from riskmodel.engine.uncertainty import simulate_levels
from riskmodel.errors import ValidationError
from riskmodel.model.consensus import indicator_stats, kendall_w, outlier_experts, rank_rows
from riskmodel.model.fce import fce, grade_by_max_membership, grade_by_thresholds, membership
from riskmodel.model.survey import wilson_interval
from riskmodel.questionnaire.loader import get_questionnaire, resolve_weights
from riskmodel.questionnaire.schema import LEVELS, Questionnaire


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
    arrays = build_arrays(assessment, q)
    weights = resolve_weights(q)
    notes: list[str] = []

    before = _phase_stats(arrays.value["before"], arrays.authority)
    rated = before["n"] > 0
    if not rated.any():
        raise ValidationError("engine.no_ratings", questionnaire=q.id)
    w = np.where(rated, weights.indicator, 0.0)
    w = w / w.sum()
    if not rated.all():
        missing = [k for k, ok in zip(arrays.indicator_ids, rated) if not ok]
        notes.append(f"unrated:{','.join(missing)}")

    has_after = "after" in q.phases and arrays.has_phase("after")
    after = _phase_stats(arrays.value["after"], arrays.authority) if has_after else None
    after_mean = np.where(after["n"] > 0, after["mean"], before["mean"]) if after is not None else None
    if after is not None and not (after["n"][rated] > 0).all():
        notes.append("after_carried_forward")

    mean_b = np.where(rated, before["mean"], 0.0)
    index = float(w @ mean_b)
    grades_b = degree_grade_codes(np.where(rated, before["mean"], np.nan), q)
    index_code = int(index_level_codes(index, q))
    factor_code = int(factor_count_level_codes(grades_b, q)) if q.factor_count_rules else 0

    survey = _survey(assessment, q)
    group = _group_event(assessment, q)
    evidence_code = max(
        [LEVEL_RANK[x] for x in ((survey or {}).get("level"), (group or {}).get("level")) if x] or [0]
    )
    codes = {"index": index_code, "factor_count": factor_code, "evidence": evidence_code}
    level_code = max(codes.values())
    drivers = [k for k, c in codes.items() if c == level_code and (c > 0 or k == "index")]
    if evidence_code == level_code and level_code > 0:
        drivers = [d for d in drivers if d != "evidence"]
        if survey and survey.get("level") and LEVEL_RANK[survey["level"]] == level_code:
            drivers.append("survey")
        if group and group.get("level") and LEVEL_RANK[group["level"]] == level_code:
            drivers.append("group_event")
    level = LEVELS[level_code]

    residual_index = residual_level = verdict = residual_index_level = None
    grades_a = None
    if after_mean is not None:
        mean_a = np.where(rated, after_mean, 0.0)
        residual_index = float(w @ mean_a)
        grades_a = degree_grade_codes(np.where(rated, after_mean, np.nan), q)
        r_index_code = int(index_level_codes(residual_index, q))
        r_code = max(r_index_code, int(factor_count_level_codes(grades_a, q)) if q.factor_count_rules else 0)
        residual_level = LEVELS[r_code]
        residual_index_level = LEVELS[r_index_code]
        verdict = q.decision_rule.verdict(residual_level, level)
    else:
        notes.append("no_post_measure_ratings")

    indicators = _indicator_results(q, arrays, weights, before, after, grades_b, grades_a)
    dimensions = _dimension_results(q, weights, before["mean"], after_mean, rated)
    fce_result = _fce(q, arrays, weights, rated)
    for ind, row in zip(indicators, fce_result.pop("membership")):
        ind.fce_membership = row

    n_draws = draws if draws is not None else (
        assessment.uncertainty.draws if assessment.uncertainty.draws is not None else q.uncertainty.draws)
    seed = seed if seed is not None else (
        assessment.uncertainty.seed if assessment.uncertainty.seed is not None else q.uncertainty.seed)
    unc = simulate_levels(
        q, arrays, w, evidence_code, n_draws, seed, has_after, on_progress=on_progress
    )

    return AssessmentResult(
        questionnaire={
            "id": q.id, "version": q.version, "name_zh": q.name.zh, "name_en": q.name.en,
            "source_zh": q.source.zh, "source_en": q.source.en, "standard_zh": q.standard.zh,
            "standard_en": q.standard.en, "ri_table": q.ri_table, "weights_cr": weights.cr,
        },
        method=q.method,
        level=level,
        residual_level=residual_level,
        verdict=verdict,
        index=index,
        residual_index=residual_index,
        index_level=LEVELS[index_code],
        residual_index_level=residual_index_level,
        level_drivers=drivers,
        level_probabilities=unc["level_probabilities"],
        residual_level_probabilities=unc["residual_level_probabilities"],
        verdict_probabilities=unc["verdict_probabilities"],
        index_interval=unc["index_interval"],
        indicators=indicators,
        dimensions=dimensions,
        kendall=_kendall(arrays.value["before"], q),
        kendall_after=_kendall(arrays.value["after"], q) if has_after else None,
        fce=fce_result,
        survey=survey,
        group_event=group,
        sensitivity=_sensitivity(q, w, mean_b, index),
        panel=_panel(assessment, q, arrays),
        outliers=_outliers(arrays.value["before"], before["median"], arrays.expert_ids),
        uncertainty={"draws": n_draws, "seed": seed, "dirichlet_concentration": q.uncertainty.dirichlet_concentration},
        notes=notes,
        measures=[m.model_dump() for m in assessment.measures],
    )


# --- statistics --------------------------------------------------------------------------------
def _phase_stats(values: np.ndarray, authority: np.ndarray) -> dict[str, np.ndarray]:
    """Authority-weighted mean/sd/CV and unweighted median/quartiles per indicator (NaN = missing)."""
    st = indicator_stats(values, authority, with_weighted_median=False)
    mean = np.where(st.n > 0, st.mean, np.nan)
    return {"mean": mean, "sd": st.sd, "cv": st.cv, "median": st.median, "q1": st.q1, "q3": st.q3,
            "iqr": st.iqr, "n": st.n}


def _indicator_results(q, arrays: RatingArrays, weights, before, after, grades_b, grades_a) -> list[IndicatorResult]:
    grade_ids = [g.id for g in q.risk_degree_grades]
    dim_of = q.dimension_of()
    cv_max = q.consensus.cv_max
    pi = q.method == "probability_impact"
    p_mean = _weighted_mean(arrays.prob["before"], arrays.authority) if pi else None
    i_mean = _weighted_mean(arrays.impact["before"], arrays.authority) if pi else None
    if pi and after is not None:
        p_after = _weighted_mean(arrays.prob["after"], arrays.authority)
        i_after = _weighted_mean(arrays.impact["after"], arrays.authority)
    local_w = np.concatenate([weights.local[d.id] for d in q.dimensions])
    out = []
    for j, ind in enumerate(q.indicators()):
        d = dim_of[ind.id]
        local = local_w[j]
        res = IndicatorResult(
            id=ind.id, dimension=d, name_zh=ind.name.zh, name_en=ind.name.en, area=ind.area,
            stage=ind.stage.zh if ind.stage else None, weight=float(weights.indicator[j]), local_weight=float(local),
            n=int(before["n"][j]), mean=before["mean"][j], median=before["median"][j], q1=before["q1"][j],
            q3=before["q3"][j], iqr=before["iqr"][j], sd=before["sd"][j], cv=before["cv"][j],
            cv_flag=bool(before["cv"][j] > cv_max),
            probability=p_mean[j] if pi else None, impact=i_mean[j] if pi else None,
            grade=grade_ids[grades_b[j]] if grade_ids and grades_b[j] >= 0 else None,
        )
        if after is not None:
            res.after = {
                "n": int(after["n"][j]), "mean": after["mean"][j], "median": after["median"][j],
                "iqr": after["iqr"][j], "cv": after["cv"][j], "cv_flag": bool(after["cv"][j] > cv_max),
                "grade": grade_ids[grades_a[j]] if grade_ids and grades_a is not None and grades_a[j] >= 0 else None,
                "probability": p_after[j] if pi else None, "impact": i_after[j] if pi else None,
            }
        out.append(res)
    return out


def _weighted_mean(values: np.ndarray, authority: np.ndarray) -> np.ndarray:
    mask = np.isfinite(values)
    wts = authority * mask
    with np.errstate(invalid="ignore", divide="ignore"):
        return (wts * np.where(mask, values, 0.0)).sum(axis=0) / wts.sum(axis=0)


def _dimension_results(q, weights, mean_b, mean_a, rated) -> list[dict]:
    out = []
    start = 0
    for dim, dw in zip(q.dimensions, weights.dimension):
        k = len(dim.indicators)
        sl = slice(start, start + k)
        start += k
        lw = np.where(rated[sl], weights.local[dim.id], 0.0)
        entry = {"id": dim.id, "name_zh": dim.name.zh, "name_en": dim.name.en, "weight": float(dw)}
        for label, means in (("before", mean_b), ("after", mean_a)):
            if means is None or lw.sum() == 0:
                entry[label] = None
                continue
            score = float((lw / lw.sum()) @ np.where(rated[sl], means[sl], 0.0))
            grades = degree_grade_codes(np.where(rated[sl], means[sl], np.nan), q)
            code = max(int(index_level_codes(score, q)), int(factor_count_level_codes(grades, q)) if q.factor_count_rules else 0)
            entry[label] = {"score": score, "level": LEVELS[code]}
        out.append(entry)
    return out


def _kendall(values: np.ndarray, q: Questionnaire) -> dict | None:
    """Kendall's W over the experts who rated every indicator (ranks within each expert, ties averaged)."""
    complete = np.isfinite(values).all(axis=1)
    if complete.sum() < 2 or values.shape[1] < 2:
        return None
    res = kendall_w(rank_rows(values[complete]))
    w = float(res.w)
    return {"w": w, "chi2": float(res.chi2), "df": int(res.df), "p": float(res.p), "m": int(complete.sum()),
            "significant": bool(np.isfinite(res.p) and res.p < q.consensus.kendall_alpha)}


def _fce(q: Questionnaire, arrays: RatingArrays, weights, rated) -> dict:
    """Multi-level fuzzy comprehensive evaluation: indicator memberships → dimension B → overall B."""
    grades = q.fce.grades
    values = arrays.value["before"]
    g_vals = np.array([g.value for g in grades])
    uppers = np.array([g.upper for g in grades[:-1]], dtype=float) if q.fce.grade_by == "thresholds" else None
    if uppers is not None:
        codes = np.searchsorted(uppers, np.nan_to_num(values), side="right")
    else:  # each rating votes for the grade whose value is nearest (the scale points themselves)
        codes = np.abs(np.nan_to_num(values)[..., None] - g_vals).argmin(axis=-1)
    votes = np.where(np.isfinite(values), codes, -1)
    R = np.nan_to_num(membership(votes, arrays.authority, len(grades)))  # unrated rows carry no weight
    dims, start = [], 0
    for dim in q.dimensions:
        k = len(dim.indicators)
        lw = np.where(rated[start:start + k], weights.local[dim.id], 0.0)
        dims.append(fce(lw / lw.sum(), R[start:start + k]) if lw.sum() > 0 else np.zeros(len(grades)))
        start += k
    B = fce(weights.dimension, np.vstack(dims))
    score = float(B @ g_vals)
    if q.fce.grade_by == "thresholds":
        grade_idx = grade_by_thresholds(score, uppers)
    else:
        grade_idx = grade_by_max_membership(B)  # ties → the higher-risk grade
    return {
        "grades": [{"id": g.id, "zh": g.label.zh, "en": g.label.en, "value": g.value} for g in grades],
        "B": B.tolist(), "score": score, "grade": grades[grade_idx].id, "grade_by": q.fce.grade_by,
        "dimensions": [{"id": d.id, "B": b.tolist()} for d, b in zip(q.dimensions, dims)],
        "membership": R.tolist(),
    }


def _survey(inp: AssessmentInput, q: Questionnaire) -> dict | None:
    s = inp.survey
    if s is None:
        return None
    total = s.support + s.neutral + s.oppose
    if total == 0:
        raise ValidationError("engine.survey.empty")
    counts = np.array([s.support, s.neutral, s.oppose])
    low, high = wilson_interval(counts, total)
    rates = {k: {"count": int(c), "rate": float(c / total), "low": float(lo), "high": float(hi)}
             for k, c, lo, hi in zip(("support", "neutral", "oppose"), counts, low, high)}
    rule = q.survey_rule_for(inp.project.type)
    coverage = None
    if rule is not None:
        checks = []
        if rule.min_direct:
            checks.append({"what": "direct", "required": rule.min_direct, "actual": s.respondents_direct,
                           "ok": (s.respondents_direct or 0) >= rule.min_direct})
        if rule.min_indirect:
            checks.append({"what": "indirect", "required": rule.min_indirect, "actual": s.respondents_indirect,
                           "ok": (s.respondents_indirect or 0) >= rule.min_indirect})
        if rule.household_coverage is not None:
            affected = inp.project.affected_households
            share = (s.households_covered or 0) / affected if affected else None
            checks.append({"what": "households", "required": rule.household_coverage, "actual": share,
                           "ok": share is not None and share >= rule.household_coverage - 1e-12})
        coverage = {"rule_type": rule.project_type, "checks": checks, "ok": all(c["ok"] for c in checks)}
    return {"total": int(total), "rates": rates, "coverage": coverage,
            "level": opposition_level(s.oppose / total, q)}


def _group_event(inp: AssessmentInput, q: Questionnaire) -> dict | None:
    if inp.group_event_people is None:
        return None
    return {"people": inp.group_event_people, "level": group_event_level(inp.group_event_people, q)}


def _sensitivity(q: Questionnaire, w: np.ndarray, means: np.ndarray, index: float) -> list[dict]:
    """One-at-a-time: shift each indicator's value by one step, and its weight by ±20 % (renormalised)."""
    step = 1.0 if q.method == "score" else 0.1
    lo_val = q.scale.min if q.method == "score" else 0.01
    hi_val = q.scale.max if q.method == "score" else 0.81
    up = np.minimum(means + step, hi_val) - means
    down = np.maximum(means - step, lo_val) - means
    idx_up = index + w * up
    idx_down = index + w * down
    eps = 0.2
    with np.errstate(invalid="ignore", divide="ignore"):
        w_up = (index + eps * w * means) / (1 + eps * w)
        w_down = (index - eps * w * means) / (1 - eps * w)
    base = int(index_level_codes(index, q))
    lv_up, lv_down = index_level_codes(idx_up, q), index_level_codes(idx_down, q)
    rows = []
    for j, ind in enumerate(q.indicators()):
        if w[j] == 0:
            continue
        rows.append({
            "id": ind.id, "index_value_up": idx_up[j], "index_value_down": idx_down[j],
            "index_weight_up": w_up[j], "index_weight_down": w_down[j],
            "swing": float(max(abs(idx_up[j] - index), abs(idx_down[j] - index), abs(w_up[j] - index), abs(w_down[j] - index))),
            "level_changes": bool(lv_up[j] != base or lv_down[j] != base),
        })
    rows.sort(key=lambda r: -r["swing"])
    return rows


def _panel(inp: AssessmentInput, q: Questionnaire, arrays: RatingArrays) -> dict:
    required = q.required_panel_size(inp.project.type, inp.project.investment_wan)
    authority = arrays.authority.mean(axis=1)
    submitted = np.isfinite(arrays.value["before"]).any(axis=1)
    return {
        "size": len(inp.experts), "submitted": int(submitted.sum()), "required": required,
        "ok": len(inp.experts) >= required, "weighting": q.expert_weighting,
        "experts": [{"id": e.id, "field": e.field, "authority": float(a), "weight": float(a / authority.sum())}
                    for e, a in zip(inp.experts, authority)],
    }


def _outliers(values: np.ndarray, median: np.ndarray, experts: list[str]) -> list[dict]:
    """Experts far from the group: mean absolute deviation from the indicator medians, z-scored (z > 2)."""
    if np.isfinite(values).any(axis=1).sum() < 3:
        return []
    dev = outlier_experts(values, center=np.where(np.isfinite(median), median, 0.0))
    return [{"expert": e, "mean_abs_deviation": float(d), "z": float(z), "far": bool(z > 2.0)}
            for e, d, z in zip(experts, dev.deviation, dev.z) if np.isfinite(d)]
