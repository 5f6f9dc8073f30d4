"""A readable summary of a result for the terminal, in the user's language."""

from __future__ import annotations

from riskmodel.engine.result import AssessmentResult, IndicatorResult
from riskmodel.i18n import t


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def _num(x: float | None, digits: int = 3) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def _level(level: str | None, lang: str | None) -> str:
    return "—" if level is None else t(f"common.level.{level}", lang)


def _drivers(ids: list[str], lang: str | None) -> str:
    return ", ".join(t(f"engine.driver.{d}", lang) for d in ids)


def render_summary(result: AssessmentResult, lang: str | None = None) -> str:
    """Key figures first (level, residual level, verdict), then what drove them and how sure they are."""
    q = result.questionnaire
    en = lang == "en"
    name = q.name_en if en else q.name_zh
    lines = [
        t("engine.summary.title", lang, questionnaire=name, version=q.version),
        t("engine.summary.standard", lang, standard=q.standard_en if en else q.standard_zh),
        t(
            "engine.summary.level",
            lang,
            level=_level(result.level, lang),
            index=_num(result.index),
            drivers=_drivers(result.level_drivers, lang),
        ),
    ]
    if result.residual_level:
        lines.append(
            t(
                "engine.summary.residual",
                lang,
                level=_level(result.residual_level, lang),
                index=_num(result.residual_index),
                drivers=_drivers(result.residual_level_drivers, lang),
            )
        )
        evidence = result.residual_evidence
        if evidence is not None:
            for what, phase in (("survey", evidence.survey), ("group_event", evidence.group_event)):
                if phase == "pre_measure":
                    lines.append(t("engine.summary.residual_pre_measure", lang, what=t(f"engine.driver.{what}", lang)))
        lines.append(t("engine.summary.verdict", lang, verdict=t(f"common.verdict.{result.verdict}", lang)))
    else:
        lines.append(t("engine.summary.no_after", lang))
    if result.index_scale is not None:
        s = result.index_scale
        lines.append(
            t(
                "engine.summary.index_100",
                lang,
                before=_num(result.index_100, 1),
                after=_num(result.residual_index_100, 1),
                unit=t(f"questionnaire.method.{s.unit}", lang),
                low=f"{s.min:g}",
                high=f"{s.max:g}",
            )
        )
    lines += _completeness(result, lang)
    probs = result.level_probabilities or {}
    if any(v is not None for v in probs.values()):
        lines.append(
            t(
                "engine.summary.probabilities",
                lang,
                low=_pct(probs.get("低")),
                mid=_pct(probs.get("中")),
                high=_pct(probs.get("高")),
                draws=result.uncertainty.draws,
                basis=t(f"engine.summary.basis.{result.uncertainty_basis}", lang),
            )
        )
    k = result.kendall
    if k:
        lines.append(t("engine.summary.kendall", lang, w=_num(k.w), p=_num(k.p, 4), m=k.m, n=k.n))
        if k.left_out:
            lines.append(t("engine.summary.kendall_left_out", lang, count=k.left_out))
    flagged = [i.id for i in result.indicators if i.cv_flag]
    if flagged:
        lines.append(t("engine.summary.cv_flags", lang, count=len(flagged), ids=", ".join(flagged)))
    s_res = result.survey
    if s_res:
        r = s_res.rates
        lines.append(
            t(
                "engine.summary.survey",
                lang,
                support=_pct(r["support"].rate),
                oppose=_pct(r["oppose"].rate),
                low=_pct(r["oppose"].low),
                high=_pct(r["oppose"].high),
                total=s_res.total,
            )
        )
    lines += _crowd(result, lang)
    lines += _rising(result, lang)
    lines += _main_factors(result, lang)
    return "\n".join(lines)


def _completeness(result: AssessmentResult, lang: str | None) -> list[str]:
    lines = []
    if result.complete is False:
        lines.append(
            t(
                "engine.summary.incomplete",
                lang,
                count=len(result.missing_indicators),
                ids=", ".join(result.missing_indicators),
            )
        )
        if result.level_upper_bound or result.residual_level_upper_bound:
            lines.append(
                t(
                    "engine.summary.upper_bound",
                    lang,
                    level=_level(result.level_upper_bound or result.level, lang),
                    residual=_level(result.residual_level_upper_bound, lang),
                )
            )
    if result.exclusions:
        items = "; ".join(
            f"{e.indicator}（{e.reason}）" if lang != "en" else f"{e.indicator} ({e.reason})" for e in result.exclusions
        )
        lines.append(t("engine.summary.excluded", lang, items=items))
    return lines


def _crowd(result: AssessmentResult, lang: str | None) -> list[str]:
    lines = []
    g = result.group_event
    if g is not None:
        after = g.people_after if g.people_after is not None else g.people
        lines.append(
            t(
                "engine.summary.crowd",
                lang,
                people="—" if g.people is None else g.people,
                level=_level(g.level, lang),
                after="—" if after is None else after,
                after_level=_level(g.level_after, lang),
            )
        )
    m = result.mobilisation
    if m is not None:
        lines.append(
            t(
                "engine.summary.simulation",
                lang,
                people=f"{m.expected_people:.0f}",
                p100=_pct(m.p_ge_100),
                p200=_pct(m.p_ge_200),
            )
        )
        if m.divergent and m.ratio is not None:
            lines.append(
                t("engine.summary.divergence", lang, ratio=f"{m.ratio:.1f}", factor=f"{m.divergence_factor:g}")
            )
        if g is None or g.people is None:
            lines.append(t("engine.summary.crowd_missing", lang))
    return lines


def _rising(result: AssessmentResult, lang: str | None) -> list[str]:
    r = result.rising
    if r is None or not (r.index or r.factors or r.dimensions):
        return []
    items = ([t("engine.summary.rising_index", lang)] if r.index else []) + r.dimensions + r.factors
    return [t("engine.summary.rising", lang, items=", ".join(items))]


def _main_factors(result: AssessmentResult, lang: str | None) -> list[str]:
    rule = result.main_factor_rule
    if rule is None:
        return []
    lines = [
        t(
            "engine.summary.main_rule",
            lang,
            min_level=_level(rule.min_level, lang),
            order=t(f"engine.summary.order.{rule.order}", lang),
            max=rule.max_count,
            min=rule.min_count,
        )
    ]
    by_id: dict[str, IndicatorResult] = {i.id: i for i in result.indicators}
    for fid in result.main_factors:
        ind = by_id[fid]
        after = ind.after.mean if ind.after is not None else None
        lines.append(
            f"  {ind.id:<8} {ind.name_en if lang == 'en' else ind.name_zh}: {_num(ind.mean, 2)} → {_num(after, 2)}"
        )
    if not result.main_factors:
        lines.append("  " + t("engine.summary.none", lang))
    return lines
