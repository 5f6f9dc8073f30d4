"""A readable summary of a result for the terminal, in the user's language."""

from __future__ import annotations

from typing import Any

from riskmodel.i18n import t


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def _num(x: float | None, digits: int = 3) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def render_summary(result: dict[str, Any], lang: str | None = None, top: int = 5) -> str:
    """Key figures first (level, residual level, verdict), then what drove them."""
    q = result["questionnaire"]
    name = q["name_en"] if lang == "en" else q["name_zh"]
    standard = q["standard_en"] if lang == "en" else q["standard_zh"]
    lines = [
        t("engine.summary.title", lang, questionnaire=name, version=q["version"]),
        t("engine.summary.standard", lang, standard=standard),
        t(
            "engine.summary.level",
            lang,
            level=t(f"common.level.{result['level']}", lang),
            index=_num(result["index"]),
            drivers=", ".join(t(f"engine.driver.{d}", lang) for d in result["level_drivers"]),
        ),
    ]
    if result["residual_level"]:
        lines.append(
            t(
                "engine.summary.residual",
                lang,
                level=t(f"common.level.{result['residual_level']}", lang),
                index=_num(result["residual_index"]),
            )
        )
        lines.append(t("engine.summary.verdict", lang, verdict=t(f"common.verdict.{result['verdict']}", lang)))
    else:
        lines.append(t("engine.summary.no_after", lang))
    probs = result.get("level_probabilities") or {}
    if any(v is not None for v in probs.values()):
        lines.append(
            t(
                "engine.summary.probabilities",
                lang,
                **{"low": _pct(probs.get("低")), "mid": _pct(probs.get("中")), "high": _pct(probs.get("高"))},
                draws=result["uncertainty"]["draws"],
            )
        )
    k = result.get("kendall")
    if k:
        lines.append(t("engine.summary.kendall", lang, w=_num(k["w"]), p=_num(k["p"], 4), m=k["m"]))
    flagged = [i for i in result["indicators"] if i["cv_flag"]]
    if flagged:
        lines.append(t("engine.summary.cv_flags", lang, count=len(flagged), ids=", ".join(i["id"] for i in flagged)))
    s = result.get("survey")
    if s:
        r = s["rates"]
        lines.append(
            t(
                "engine.summary.survey",
                lang,
                support=_pct(r["support"]["rate"]),
                oppose=_pct(r["oppose"]["rate"]),
                low=_pct(r["oppose"]["low"]),
                high=_pct(r["oppose"]["high"]),
                total=s["total"],
            )
        )
    lines.append(t("engine.summary.top_factors", lang))
    key = "name_en" if lang == "en" else "name_zh"
    ranked = sorted(
        (i for i in result["indicators"] if i["mean"] is not None), key=lambda i: -(i["mean"] * i["weight"])
    )
    for ind in ranked[:top]:
        after = (ind.get("after") or {}).get("mean")
        lines.append(f"  {ind['id']:<8} {ind[key]}: {_num(ind['mean'], 2)} → {_num(after, 2)}")
    return "\n".join(lines)
