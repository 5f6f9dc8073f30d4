"""One call from a ``Network`` to the JSON the CLI prints, the UI shows and the store keeps.

``network_report`` is what ``python -m riskmodel network`` runs, whether the network came from files
or (later) from a project in the database; ``format_report`` renders it as readable text.
"""

from __future__ import annotations

from typing import Any

from riskmodel.i18n import t
from riskmodel.network.analysis import analyse
from riskmodel.network.model import Network
from riskmodel.network.simulate import ProgressCallback, simulate_mobilisation

NODE_FIELDS = (
    "id",
    "name",
    "kind",
    "people",
    "attitude",
    "degree",
    "weighted_degree",
    "betweenness",
    "pagerank",
    "core",
    "community",
)
MOBILISATION_FIELDS = (
    "expected_people",
    "p_ge_100",
    "p_ge_200",
    "runs",
    "seed",
    "percentiles",
    "band",
    "level_probabilities",
    "std_people",
    "max_people",
    "model",
    "seeds",
    "params",
)


def network_report(
    network: Network,
    *,
    runs: int = 1000,
    seed: int = 42,
    on_progress: ProgressCallback | None = None,
    **simulation: Any,
) -> dict[str, Any]:
    """Analysis + mobilisation simulation as a JSON-ready dict (see the README for the shape)."""
    analysis = analyse(network, seed=seed)
    mobilisation = simulate_mobilisation(network, runs=runs, seed=seed, on_progress=on_progress, **simulation)
    data = analysis.to_dict()
    nodes = []
    for metrics in data["nodes"]:
        row = {k: metrics[k] for k in NODE_FIELDS}
        row["p_mobilised"] = mobilisation.node_probability.get(metrics["id"], 0.0)
        nodes.append(row)
    mob = mobilisation.to_dict()
    summary = {**data["summary"], "runs": runs, "as_of": network.meta.get("as_of"), "fingerprint": network.content_hash}
    return {
        "summary": summary,
        "nodes": nodes,
        "communities": data["communities"],
        "opposition": data["opposition"],
        "brokers": data["brokers"],
        "main_core": data["main_core"],
        "mobilisation": {k: mob[k] for k in MOBILISATION_FIELDS},
    }


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def format_report(report: dict[str, Any], lang: str | None = None, top: int = 5) -> str:
    """A short readable summary (Chinese by default) of ``network_report``'s result."""
    s, m = report["summary"], report["mobilisation"]
    names = {n["id"]: n["name"] for n in report["nodes"]}
    lines = [
        t("network.cli.title", lang),
        t(
            "network.cli.counts",
            lang,
            nodes=s["nodes"],
            edges=s["edges"],
            components=s["components"],
            people=s["people"],
            opposed=s["opposed_people"],
            disputes=s["disputes"],
            open=s["open_disputes"],
        ),
    ]
    if s["betweenness_sampled"]:
        lines.append(t("network.cli.sampled", lang, pivots=s["betweenness_pivots"], seed=s["seed"]))
    lines.append("")
    lines.append(t("network.cli.coalitions", lang, count=s["communities"], modularity=f"{s['modularity']:.3f}"))
    for c in report["communities"][:top]:
        lines.append(
            "  "
            + t(
                "network.cli.coalition_line",
                lang,
                id=c["id"],
                members=c["members"],
                people=c["people"],
                attitude=f"{c['mean_attitude']:+.2f}",
                opposed=c["opposed_people"],
                lead=names.get(c["top_members"][0], "-") if c["top_members"] else "-",
            )
        )
    if report["opposition"]:
        lines.append(t("network.cli.opposition", lang))
        for o in report["opposition"][:top]:
            lines.append(
                "  "
                + t(
                    "network.cli.opposition_line",
                    lang,
                    id=o["community"],
                    opposed=o["opposed_people"],
                    share=_pct(o["opposed_share"]),
                    open=o["open_disputes"],
                    leaders="、".join(names.get(i, i) for i in o["leaders"]) or "-",
                )
            )
    lines.append("")
    lines.append(t("network.cli.brokers", lang))
    for b in report["brokers"][:top]:
        flag = t("network.cli.articulation", lang) if b["is_articulation_point"] else ""
        lines.append(
            "  "
            + t(
                "network.cli.broker_line",
                lang,
                name=b["name"],
                id=b["id"],
                betweenness=f"{b['betweenness']:.3f}",
                bridges=b["bridges"],
                flag=flag,
            ).rstrip()
        )
    lines.append(t("network.cli.core", lang, k=report["main_core"]["k"], count=len(report["main_core"]["members"])))
    lines.append("")
    lines.append(t("network.cli.mobilisation", lang, runs=m["runs"], seed=m["seed"], seeds=len(m["seeds"])))
    lines.append(
        "  "
        + t(
            "network.cli.expected",
            lang,
            people=f"{m['expected_people']:.0f}",
            low=f"{m['band'][0]:.0f}",
            high=f"{m['band'][1]:.0f}",
        )
    )
    lines.append("  " + t("network.cli.bands", lang, p100=_pct(m["p_ge_100"]), p200=_pct(m["p_ge_200"])))
    return "\n".join(lines)
