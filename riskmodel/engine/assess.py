"""``assess``: ratings + questionnaire → statistics, index, level, residual level, verdict, evidence.

Method (see README "Method"): authority-weighted aggregation of expert ratings per indicator, weights
from the questionnaire (AHP or direct), overall index = Σ wᵢ·x̄ᵢ, level by the standard's thresholds
combined with its factor-count, opposition and group-event rules (the highest wins), residual level
from the panel's post-measure ratings (never from fixed reduction ratios) with the same four rules —
the survey and crowd rules on post-measure evidence when the input has it, else on the same evidence
as before measures — and the verdict by the standard's decision rule. A result says whether it is
complete (every indicator rated in every phase, or excluded with a reason); an incomplete level is
provisional and states the level it could reach. Uncertainty: bootstrap over experts × Dirichlet
perturbation of the weights (weights only for a panel below 3).

One implementation of the numbers: ``assess_many`` runs the pipeline vectorised over a batch of
assessments (ratings padded to the largest panel, NaN = missing, authority 0 for padding); ``assess``
is a batch of one. The formulas live in ``riskmodel.model`` (scalar and batched side by side); this
module applies the standard's rules to them. Every reduction is laid out so that a batch gives
bit-identical numbers to a single run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from riskmodel.engine.arrays import BatchArrays, build_batch
from riskmodel.engine.inputs import AssessmentInput, SurveyCounts, parse_assessment
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
    ExclusionResult,
    FceDimension,
    FceGrade,
    FceResult,
    GroupEventResult,
    IndexScale,
    IndicatorAfter,
    IndicatorResult,
    KendallResult,
    MainFactorRuleRef,
    MobilisationResult,
    OutlierResult,
    PanelExpertResult,
    PanelResult,
    QuestionnaireRef,
    ResidualEvidence,
    RisingRisk,
    SensitivityItem,
    SurveyCoverage,
    SurveyRate,
    SurveyResult,
    UncertaintySettings,
)
from riskmodel.engine.uncertainty import ProgressCallback, simulate_levels
from riskmodel.errors import ValidationError
from riskmodel.model.consensus import (
    common_objects,
    indicator_stats_batch,
    kendall_w_batch,
    outlier_experts_batch,
    weighted_mean_batch,
)
from riskmodel.model.fce import fce_batch, grade_votes, membership_batch
from riskmodel.model.index import index_100, renormalise, weighted_index, weighted_sum
from riskmodel.model.sensitivity import one_at_a_time_batch
from riskmodel.model.survey import check_survey_counts, wilson_interval
from riskmodel.questionnaire.loader import ResolvedWeights, get_questionnaire, resolve_weights
from riskmodel.questionnaire.schema import LEVELS, Questionnaire, survey_coverage

Stats = dict[str, np.ndarray]
RISE_TOL = 1e-12  # "rises after measures": above the pre-measure value by more than rounding


def assess(
    assessment: AssessmentInput | dict[str, Any],
    questionnaire: Questionnaire | None = None,
    *,
    draws: int | None = None,
    seed: int | None = None,
    on_progress: ProgressCallback | None = None,
) -> AssessmentResult:
    """Run the risk model on one assessment.

    ``questionnaire`` defaults to the built-in file named by ``assessment.questionnaire``; the store
    passes the exact version the assessment was started with. ``draws`` (default: the request in the
    input, else the standard's setting) = 0 skips the uncertainty analysis.
    """
    if isinstance(assessment, dict):
        assessment = parse_assessment(assessment)
    q = questionnaire or get_questionnaire(assessment.questionnaire)
    return _assess_batch([assessment], q, draws, seed, on_progress)[0]


def assess_many(
    inputs: Iterable[AssessmentInput | dict[str, Any]],
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
    return [r for r in out if r is not None]


# --- the batched pipeline ------------------------------------------------------------------------
def _assess_batch(
    inps: list[AssessmentInput],
    q: Questionnaire,
    draws: int | None,
    seed: int | None,
    on_progress: ProgressCallback | None,
) -> list[AssessmentResult]:
    if not inps:
        return []
    arrays = build_batch(inps, q)
    excluded, excluded_after = _exclusion_masks(inps, q)
    _apply_exclusions(arrays, excluded)
    weights = resolve_weights(q)
    A, n = len(inps), len(arrays.indicator_ids)
    auth = arrays.authority
    low, top = q.index_range()

    before = indicator_stats_batch(arrays.value[0], auth)
    rated = before["n"] > 0
    if not rated.any(axis=1).all():
        raise ValidationError("engine.no_ratings", questionnaire=q.id)
    w = renormalise(weights.indicator, rated)

    has_after = np.isfinite(arrays.value[1]).any(axis=(1, 2)) & ("after" in q.phases)
    after = indicator_stats_batch(arrays.value[1], auth) if has_after.any() else None
    after_n = after["n"] if after is not None else np.zeros((A, n), dtype=np.int64)
    after_mean = np.where(after_n > 0, after["mean"], before["mean"]) if after is not None else None

    mean_b = before["mean"]
    index = weighted_index(weights.indicator, mean_b, rated)
    grades_b = degree_grade_codes(np.where(rated, mean_b, np.nan), q)
    index_code, factor_code = _rule_codes(q, index, grades_b)
    residual_index: np.ndarray | None = None
    grades_a: np.ndarray | None = None
    if after_mean is not None:
        residual_index = weighted_index(weights.indicator, after_mean, rated)
        grades_a = degree_grade_codes(np.where(rated, after_mean, np.nan), q)
        r_index_code, r_factor_code = _rule_codes(q, residual_index, grades_a)
    else:
        r_index_code = r_factor_code = np.zeros(A, dtype=np.int64)

    # completeness: every indicator rated in every phase the standard has, unless excluded with a reason
    missing_b = ~rated & ~excluded
    missing_a = (after_n == 0) & ~excluded & ~excluded_after if "after" in q.phases else np.zeros_like(rated)
    bound_b, bound_a = _upper_bound_codes(q, weights, excluded, rated, mean_b, after_mean, missing_a, top)

    after_raw = after["mean"] if after is not None else np.full_like(mean_b, np.nan)
    rising_factor = (after_n > 0) & rated & (after_raw > mean_b + RISE_TOL)
    main_order, main_ok, main_finite = _main_factor_order(q, w, np.where(rated, mean_b, np.nan), after, after_n)

    indicators = _indicator_results(q, arrays, weights, before, after, grades_b, grades_a, has_after)
    dimensions = _dimension_results(q, weights, mean_b, after_mean, rated, has_after)
    fce_results = _fce(q, arrays, weights, rated)
    for inds, (_fr, membership) in zip(indicators, fce_results):
        for ind, row in zip(inds, membership):
            ind.fce_membership = row
    kendall = _kendall(arrays.value[0], q, excluded)
    kendall_after = _kendall(arrays.value[1], q, excluded) if after is not None else [None] * A
    sensitivity = _sensitivity(q, w, np.where(rated, mean_b, 0.0), index)
    outliers = _outliers(arrays, before["median"])
    panels = _panels(inps, q, arrays)
    table = verdict_table(q)
    q_ref = QuestionnaireRef(
        id=q.id,
        version=q.version,
        name_zh=q.name.zh,
        name_en=q.name.en,
        source_zh=q.source.zh,
        source_en=q.source.en,
        standard_zh=q.standard.zh,
        standard_en=q.standard.en,
        ri_table=q.ri_table,
        weights_cr=dict(weights.cr),
    )
    scale = IndexScale(
        unit=q.method,
        min=low,
        max=top,
        medium_100=float(index_100(q.levels.medium, low, top)),
        high_100=float(index_100(q.levels.high, low, top)),
    )
    rule = q.main_factors
    rule_ref = MainFactorRuleRef(rule.min_level, rule.min_count, rule.max_count, rule.order)
    ids = arrays.indicator_ids
    index_l, index_100_l = index.tolist(), index_100(index, low, top).tolist()
    index_code_l, factor_code_l = index_code.tolist(), factor_code.tolist()
    r_index_code_l, r_factor_code_l = r_index_code.tolist(), r_factor_code.tolist()
    residual_l = residual_index.tolist() if residual_index is not None else [None] * A
    residual_100_l = index_100(residual_index, low, top).tolist() if residual_index is not None else [None] * A
    rising_index = (residual_index > index + RISE_TOL).tolist() if residual_index is not None else [False] * A
    carried: list[bool] = np.all((after_n > 0) | ~rated, axis=1).tolist()
    has_after_l = has_after.tolist()
    bound_b_l, bound_a_l = bound_b.tolist(), bound_a.tolist()
    missing_b_l, missing_a_l = missing_b.tolist(), missing_a.tolist()
    rising_l, order_l = rising_factor.tolist(), main_order.tolist()
    ok_l, finite_l = main_ok.tolist(), main_finite.tolist()
    excluded_l: list[list[bool]] = excluded.tolist()

    results = []
    for a, inp in enumerate(inps):
        ha = has_after_l[a]
        notes: list[str] = []
        miss_b = [k for k, x in zip(ids, missing_b_l[a]) if x]
        miss_a = [k for k, x in zip(ids, missing_a_l[a]) if x]
        if miss_b:
            notes.append(f"unrated:{','.join(miss_b)}")
        if ha and not carried[a]:
            notes.append("after_carried_forward")
        if not ha:
            notes.append("no_post_measure_ratings")
        survey = _survey(inp.survey, inp, q, "survey")
        survey_after = _survey(inp.survey_after, inp, q, "survey_after")
        group = _group_event(inp, q)
        mobilisation = _mobilisation(inp, q)
        s_code = _rank(survey.level if survey else None)
        s_after_code = _rank(survey_after.level) if survey_after else s_code
        g_code = _rank(group.level if group else None)
        g_after_code = _rank(group.level_after if group else None)
        level_code, drivers = _drivers(
            {"index": index_code_l[a], "factor_count": factor_code_l[a], "survey": s_code, "group_event": g_code}
        )
        residual_level = verdict = residual_index_level = None
        residual_drivers: list[str] = []
        if ha:
            r_code, residual_drivers = _drivers(
                {
                    "index": r_index_code_l[a],
                    "factor_count": r_factor_code_l[a],
                    "survey": s_after_code,
                    "group_event": g_after_code,
                }
            )
            residual_level = LEVELS[r_code]
            residual_index_level = LEVELS[r_index_code_l[a]]
            verdict = str(table[r_code, level_code])
        complete = not miss_b and not miss_a
        if not complete:
            notes.append("incomplete")
        rising = RisingRisk(
            index=bool(ha and rising_index[a]),
            factors=[k for k, x in zip(ids, rising_l[a]) if x],
            dimensions=[d.id for d in dimensions[a] if _rises(d)],
        )
        if rising.index or rising.factors or rising.dimensions:
            notes.append("rising_after_measures")
        for ind, up, out in zip(indicators[a], rising_l[a], excluded_l[a]):
            ind.excluded = out
            if ind.after is not None:
                ind.after.rising = up
        if mobilisation is not None:
            if mobilisation.divergent:
                notes.append("crowd_divergence")
            if inp.group_event_people is None:
                notes.append("crowd_estimate_missing")

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
            max(s_code, g_code),
            max(s_after_code, g_after_code),
            n_draws,
            seed_a,
            ha,
            on_progress=on_progress,
        )
        if unc.basis == "weights":
            notes.append("uncertainty_weights_only")
        evidence_codes = max(s_code, g_code), max(s_after_code, g_after_code)
        results.append(
            AssessmentResult(
                questionnaire=q_ref,
                method=q.method,
                level=LEVELS[level_code],
                residual_level=residual_level,
                verdict=verdict,
                index=index_l[a],
                residual_index=residual_l[a] if ha else None,
                index_level=LEVELS[index_code_l[a]],
                residual_index_level=residual_index_level,
                level_drivers=drivers,
                level_probabilities=unc.level_probabilities,
                residual_level_probabilities=unc.residual_level_probabilities,
                verdict_probabilities=unc.verdict_probabilities,
                index_interval=unc.index_interval,
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
                residual_level_drivers=residual_drivers,
                complete=complete,
                missing_indicators=[k for k, b_, a_ in zip(ids, missing_b_l[a], missing_a_l[a]) if b_ or a_],
                missing_by_phase={"before": miss_b, "after": miss_a} if "after" in q.phases else {"before": miss_b},
                exclusions=[ExclusionResult(e.indicator, e.reason, e.phase) for e in inp.exclusions],
                level_provisional=bool(miss_b),
                level_upper_bound=LEVELS[max(bound_b_l[a], evidence_codes[0])] if miss_b else None,
                residual_level_upper_bound=(
                    LEVELS[max(bound_a_l[a], evidence_codes[1])] if ha and (miss_b or miss_a) else None
                ),
                uncertainty_basis=unc.basis,
                index_100=index_100_l[a],
                residual_index_100=residual_100_l[a] if ha else None,
                index_scale=scale,
                survey_after=survey_after,
                residual_evidence=ResidualEvidence(
                    survey=_evidence_phase(inp.survey, inp.survey_after),
                    group_event=_evidence_phase(inp.group_event_people, inp.group_event_people_after),
                ),
                mobilisation=mobilisation,
                main_factors=_main_factors(ids, order_l[a], ok_l[a], finite_l[a], rule.min_count, rule.max_count),
                main_factor_rule=rule_ref,
                rising=rising,
            )
        )
    return results


def _rises(d: DimensionResult) -> bool:
    if d.before is None or d.after is None or d.before.score is None or d.after.score is None:
        return False
    return d.after.score > d.before.score + RISE_TOL


def _rank(level: str | None) -> int:
    return LEVEL_RANK[level] if level else 0


def _drivers(codes: dict[str, int]) -> tuple[int, list[str]]:
    """The level code (the highest rule) and the rules that reach it (the index always when all are 低)."""
    level = max(codes.values())
    return level, [k for k, c in codes.items() if c == level and (c > 0 or k == "index")]


def _rule_codes(q: Questionnaire, index: np.ndarray, grades: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index rule, single-factor rule) level codes per assessment."""
    index_code = index_level_codes(index, q).astype(np.int64)
    if q.factor_count_rules:
        return index_code, factor_count_level_codes(grades, q).astype(np.int64)
    return index_code, np.zeros(len(index), dtype=np.int64)


def _evidence_phase(before: object, after: object) -> str | None:
    if after is not None:
        return "post_measure"
    return "pre_measure" if before is not None else None


# --- exclusions and completeness -------------------------------------------------------------------
def _exclusion_masks(inps: Sequence[AssessmentInput], q: Questionnaire) -> tuple[np.ndarray, np.ndarray]:
    """(A, n) masks: excluded altogether (not applicable), excluded after measures only (not re-rated)."""
    index = {k: j for j, k in enumerate(q.indicator_ids())}
    whole = np.zeros((len(inps), len(index)), dtype=bool)
    after = np.zeros_like(whole)
    for a, inp in enumerate(inps):
        for pos, e in enumerate(inp.exclusions, start=1):
            j = index.get(e.indicator)
            if j is None:
                raise ValidationError(
                    "engine.exclusion.unknown_indicator", pos=pos, indicator=e.indicator, questionnaire=q.id
                )
            (after if e.phase == "after" else whole)[a, j] = True
    return whole, after


def _apply_exclusions(arrays: BatchArrays, excluded: np.ndarray) -> None:
    """Ratings of an indicator excluded altogether are ignored (NaN), in both phases."""
    if not excluded.any():
        return
    cells = np.broadcast_to(excluded[None, :, None, :], arrays.value.shape)
    arrays.value[cells] = np.nan
    for extra in (arrays.prob, arrays.impact):
        if extra is not None:
            extra[cells] = np.nan


def _upper_bound_codes(
    q: Questionnaire,
    weights: ResolvedWeights,
    excluded: np.ndarray,
    rated: np.ndarray,
    mean_b: np.ndarray,
    after_mean: np.ndarray | None,
    missing_a: np.ndarray,
    top: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Index and single-factor level codes if every missing rating were at the top of the scale (before,
    after measures): what an incomplete result could reach, so a gap never silently lowers a level."""
    keep = ~excluded
    filled_b = np.where(rated, mean_b, top)
    index_b = weighted_index(weights.indicator, filled_b, keep)
    code_b = np.maximum(*_rule_codes(q, index_b, degree_grade_codes(np.where(keep, filled_b, np.nan), q)))
    if after_mean is None:
        return code_b, np.zeros_like(code_b)
    filled_a = np.where(missing_a, top, np.where(rated, after_mean, top))
    index_a = weighted_index(weights.indicator, filled_a, keep)
    code_a = np.maximum(*_rule_codes(q, index_a, degree_grade_codes(np.where(keep, filled_a, np.nan), q)))
    return code_b, code_a


# --- main risk factors -----------------------------------------------------------------------------
def _main_factor_order(
    q: Questionnaire, w: np.ndarray, degree_b: np.ndarray, after: Stats | None, after_n: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per assessment: the indicators in the rule's order, whether each reaches ``min_level``, and
    whether it has a value at all. A factor's value is the higher of before and after measures."""
    degree = degree_b if after is None else np.fmax(degree_b, np.where(after_n > 0, after["mean"], np.nan))
    finite = np.isfinite(degree)
    ok = finite & (index_level_codes(np.where(finite, degree, -np.inf), q) >= LEVEL_RANK[q.main_factors.min_level])
    key_degree = np.where(finite, -degree, np.inf)
    key_contribution = np.where(finite, -np.nan_to_num(w) * np.where(finite, degree, 0.0), np.inf)
    position = np.broadcast_to(np.arange(degree.shape[1]), degree.shape)
    keys = (
        (position, key_contribution, key_degree)
        if q.main_factors.order == "degree"
        else (position, key_degree, key_contribution)
    )
    return np.lexsort(keys, axis=-1), ok, finite


def _main_factors(
    ids: list[str], order: list[int], ok: list[bool], finite: list[bool], min_count: int, max_count: int
) -> list[str]:
    picks = [j for j in order if ok[j]][:max_count]
    if len(picks) < min_count:
        chosen = set(picks)
        picks += [j for j in order if finite[j] and j not in chosen][: min_count - len(picks)]
        rank = {j: r for r, j in enumerate(order)}
        picks.sort(key=rank.__getitem__)
    return [ids[j] for j in picks]


# --- per-indicator and per-dimension results -----------------------------------------------------
def _indicator_results(
    q: Questionnaire,
    arrays: BatchArrays,
    weights: ResolvedWeights,
    before: Stats,
    after: Stats | None,
    grades_b: np.ndarray,
    grades_a: np.ndarray | None,
    has_after: np.ndarray,
) -> list[list[IndicatorResult]]:
    grade_ids = [g.id for g in q.risk_degree_grades]
    dim_of = q.dimension_of()
    cv_max = q.consensus.cv_max
    auth = arrays.authority
    local_w = np.concatenate([weights.local[d.id] for d in q.dimensions]).tolist()
    static: list[tuple[str, str, str, str, str | None, str | None, float, float]] = [  # leading fields
        (ind.id, dim_of[ind.id], ind.name.zh, ind.name.en, ind.area, ind.stage.zh if ind.stage else None, wt, lw)
        for ind, wt, lw in zip(q.indicators(), weights.indicator.tolist(), local_w)
    ]

    def grade_names(codes: np.ndarray) -> list[list[str | None]]:
        if not grade_ids:
            return [[None] * codes.shape[1]] * codes.shape[0]
        names = np.array([*grade_ids, None], dtype=object)  # code −1 → None
        out: list[list[str | None]] = names[codes].tolist()
        return out

    b = {k: before[k].tolist() for k in ("n", "mean", "median", "q1", "q3", "iqr", "sd", "cv")}
    b_flag = (before["cv"] > cv_max).tolist()
    b_grade = grade_names(grades_b)
    none_rows: list[list[float | None]] = [[None] * len(static)] * len(has_after)
    p_mean = i_mean = none_rows
    if arrays.prob is not None and arrays.impact is not None:
        p_mean = weighted_mean_batch(arrays.prob[0], auth).tolist()
        i_mean = weighted_mean_batch(arrays.impact[0], auth).tolist()
    if after is not None:
        af = {k: after[k].tolist() for k in ("n", "mean", "median", "iqr", "cv")}
        a_flag = (after["cv"] > cv_max).tolist()
        a_grade = grade_names(grades_a) if grades_a is not None else none_rows
        p_after = i_after = none_rows
        if arrays.prob is not None and arrays.impact is not None:
            p_after = weighted_mean_batch(arrays.prob[1], auth).tolist()
            i_after = weighted_mean_batch(arrays.impact[1], auth).tolist()
    out = []
    for a, ha in enumerate(has_after.tolist()):
        rows = [
            IndicatorResult(*st, *stats)
            for st, stats in zip(
                static,
                zip(
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
                ),
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


def _dimension_results(
    q: Questionnaire,
    weights: ResolvedWeights,
    mean_b: np.ndarray,
    mean_a: np.ndarray | None,
    rated: np.ndarray,
    has_after: np.ndarray,
) -> list[list[DimensionResult]]:
    A = rated.shape[0]
    out: list[list[DimensionResult]] = [[] for _ in range(A)]
    start = 0
    ha = has_after.tolist()
    for dim, dw in zip(q.dimensions, weights.dimension.tolist()):
        k = len(dim.indicators)
        sl = slice(start, start + k)
        start += k
        keep = rated[:, sl]
        per_label: dict[str, list[DimensionPhase | None]] = {}
        for label, means in (("before", mean_b), ("after", mean_a)):
            if means is None:
                per_label[label] = [None] * A
                continue
            score = weighted_index(weights.local[dim.id], means[:, sl], keep)
            code = np.maximum(*_rule_codes(q, score, degree_grade_codes(np.where(keep, means[:, sl], np.nan), q)))
            per_label[label] = [DimensionPhase(s, LEVELS[c]) for s, c in zip(score.tolist(), code.tolist())]
        ok = (np.where(keep, weights.local[dim.id], 0.0).sum(axis=1) != 0).tolist()
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


def _kendall(values: np.ndarray, q: Questionnaire, excluded: np.ndarray) -> list[KendallResult | None]:
    """Kendall's W of the experts who rated in the phase on the indicators every one of them rated;
    the indicators some skipped are left out (counted), excluded indicators are not part of it."""
    judges = np.isfinite(values).any(axis=2)
    objects = common_objects(values, judges)
    res = kendall_w_batch(values, judges, objects)
    left_out = ((~objects) & ~excluded).sum(axis=1).tolist()
    alpha = q.consensus.kendall_alpha
    out: list[KendallResult | None] = []
    for mm, nn, lo, w, chi2, p in zip(
        res["m"].tolist(), res["n"].tolist(), left_out, res["w"].tolist(), res["chi2"].tolist(), res["p"].tolist()
    ):
        if mm < 2 or nn < 2:
            out.append(None)
            continue
        out.append(KendallResult(w, chi2, nn - 1, p, mm, bool(np.isfinite(p) and p < alpha), nn, lo))
    return out


def _fce(
    q: Questionnaire, arrays: BatchArrays, weights: ResolvedWeights, rated: np.ndarray
) -> list[tuple[FceResult, list[list[float]]]]:
    """Multi-level fuzzy comprehensive evaluation: indicator memberships → dimension B → overall B.

    Per assessment: the result and the membership rows of its indicators (kept on the indicators)."""
    grades = q.fce.grades
    G = len(grades)
    values = arrays.value[0]
    g_vals = np.array([g.value for g in grades])
    uppers = np.array([g.upper for g in grades[:-1]], dtype=float) if q.fce.grade_by == "thresholds" else None
    votes = grade_votes(values, g_vals, uppers)
    R = np.nan_to_num(membership_batch(votes, arrays.authority, G))  # unrated rows carry no weight
    A = values.shape[0]
    dims, start = [], 0
    for dim in q.dimensions:
        k = len(dim.indicators)
        keep = rated[:, start : start + k]
        b = fce_batch(renormalise(weights.local[dim.id], keep), R[:, start : start + k])
        weighted = np.where(keep, weights.local[dim.id], 0.0).sum(axis=1) > 0
        dims.append(np.where(weighted[:, None], b, 0.0))
        start += k
    D = np.stack(dims, axis=1)  # (A, dims, G)
    B = fce_batch(np.broadcast_to(weights.dimension, (A, len(weights.dimension))), D)
    score = weighted_sum(B, np.broadcast_to(g_vals, (A, G)))
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
                dimensions=[FceDimension(d.id, bd) for d, bd in zip(q.dimensions, D_l[a])],
            ),
            R_l[a],
        )
        for a, (s, gi) in enumerate(zip(score.tolist(), grade_idx.tolist()))
    ]


# --- evidence --------------------------------------------------------------------------------------
def _survey(s: SurveyCounts | None, inp: AssessmentInput, q: Questionnaire, where: str) -> SurveyResult | None:
    if s is None:
        return None
    counts = s.model_dump()
    check_survey_counts(counts, inp.project.affected_households, where=where)
    total = s.support + s.neutral + s.oppose
    values = np.array([s.support, s.neutral, s.oppose])
    low, high = wilson_interval(values, total)
    rates = {
        k: SurveyRate(int(c), float(c / total), float(lo), float(hi))
        for k, c, lo, hi in zip(("support", "neutral", "oppose"), values.tolist(), low, high)
    }
    cov = survey_coverage(q.survey_rule_for(inp.project.type), counts, inp.project.affected_households)
    coverage = (
        None
        if cov is None
        else SurveyCoverage(cov["rule_type"], [CoverageCheck(**c) for c in cov["checks"]], cov["ok"])
    )
    return SurveyResult(int(total), rates, coverage, opposition_level(s.oppose / total, q))


def _group_event(inp: AssessmentInput, q: Questionnaire) -> GroupEventResult | None:
    """The panel's crowd estimate before measures and, when made, after; the residual level takes the
    post-measure estimate, else the same figure again."""
    people, after = inp.group_event_people, inp.group_event_people_after
    if people is None and after is None:
        return None
    return GroupEventResult(
        people=people,
        level=group_event_level(people, q),
        people_after=after,
        level_after=group_event_level(after if after is not None else people, q),
    )


def _mobilisation(inp: AssessmentInput, q: Questionnaire) -> MobilisationResult | None:
    """The network simulation beside the panel's estimate: labelled evidence, with the divergence."""
    sim = inp.mobilisation
    if sim is None:
        return None
    factor = q.crowd_estimate.divergence_factor
    panel = inp.group_event_people
    ratio = None
    if panel is not None:
        hi, lo = max(panel, sim.expected_people), min(panel, sim.expected_people)
        ratio = max(hi, 1.0) / max(lo, 1.0)
    return MobilisationResult(
        expected_people=sim.expected_people,
        p_ge_100=sim.p_ge_100,
        p_ge_200=sim.p_ge_200,
        runs=sim.runs,
        level=group_event_level(sim.expected_people, q),
        divergence_factor=factor,
        ratio=ratio,
        divergent=ratio is not None and ratio > factor,
    )


# --- sensitivity, outliers, panel --------------------------------------------------------------------
def _sensitivity(q: Questionnaire, w: np.ndarray, means: np.ndarray, index: np.ndarray) -> list[list[SensitivityItem]]:
    """One-at-a-time: shift each indicator's value by one step, and its weight by ±20 % (renormalised)."""
    low, high = q.index_range()
    step = 1.0 if q.method == "score" else 0.1
    s = one_at_a_time_batch(w, means, index, step, low, high)
    base = index_level_codes(index[:, None], q)
    changes = (index_level_codes(s["value_up"], q) != base) | (index_level_codes(s["value_down"], q) != base)
    order = np.argsort(-s["swing"], axis=1, kind="stable").tolist()  # Python's sort is stable too
    ids = q.indicator_ids()
    cols = [
        x.tolist()
        for x in (s["value_up"], s["value_down"], s["weight_up"], s["weight_down"], s["swing"], changes, w != 0)
    ]
    out = []
    for a, row_order in enumerate(order):
        iu, idn, wu, wdn, sw, ch, keep = (c[a] for c in cols)
        out.append([SensitivityItem(ids[j], iu[j], idn[j], wu[j], wdn[j], sw[j], ch[j]) for j in row_order if keep[j]])
    return out


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
    submitted = np.isfinite(values).any(axis=2).sum(axis=1).tolist()
    deviation, z = outlier_experts_batch(values, median, arrays.sizes)
    d_rows, z_rows = deviation.tolist(), z.tolist()
    out: list[list[OutlierResult]] = []
    for a, ids in enumerate(arrays.expert_ids):
        if submitted[a] < 3:
            out.append([])
            continue
        out.append([OutlierResult(e, dd, zz, zz > 2.0) for e, dd, zz in zip(ids, d_rows[a], z_rows[a]) if dd == dd])
    return out
