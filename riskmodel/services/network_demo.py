"""The demo portfolio's networks: a plausible size per project, one large one, disputes after a verdict.

Called by the demo seeder (``riskmodel.services.demo``) once per project. Sizes scale with the
households affected (30–300 nodes), except the 邻避 waste-to-energy plant, which gets a large network
(``LARGE_NODES`` ≥ 2,000) to show the reduced display and the caches at work. Disputes are dated from the
project's start up to the day before the verdict, so tracking stays quiet — except for the projects in
``FLARE_UP``, whose disputes keep arriving for ``FLARE_UP_DAYS`` after the verdict and therefore raise
建议重新评估 on the leader dashboard.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from riskmodel.network.demo import generate_network
from riskmodel.network.model import Network

LARGE_PROJECT = "DEMO-03"
LARGE_NODES = 2400
FLARE_UP = ("DEMO-01",)
FLARE_UP_DAYS = 120
MIN_NODES, MAX_NODES = 30, 300


def demo_size(p: dict[str, Any]) -> int:
    """Nodes for a demo project: ~30 for a handful of households up to 300 for tens of thousands."""
    if p.get("code") == LARGE_PROJECT:
        return LARGE_NODES
    households = max(int(p.get("affected_households") or 0), 0)
    size = MIN_NODES + 40 * math.log10(1 + households)  # 0 → 30, 1,000 → 150, 420,000 → 255
    return int(min(MAX_NODES, max(MIN_NODES, round(size))))


def demo_network(p: dict[str, Any], start: date, index: int, verdict_offset_days: int = 45) -> Network:
    """The seeded synthetic network of demo project ``p`` (dict from data/demo/projects.yaml)."""
    end = start + timedelta(days=verdict_offset_days - 1)
    if p.get("code") in FLARE_UP:
        end = start + timedelta(days=verdict_offset_days + FLARE_UP_DAYS)
    return generate_network(
        p["name"], f"{p['type']}·{p['name']}", n_nodes=demo_size(p), seed=index, start_date=start, end_date=end
    )
