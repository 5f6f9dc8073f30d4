"""The audited random draw of an expert panel (专家抽取): stratified, seeded, replayable.

Pure functions over small dataclasses, usable anywhere:

- ``pool_hash(pool)``: SHA-256 of the pool's canonical JSON (candidates sorted by username; each
  candidate's username, category, field, organisation) — what the audit trail records;
- ``draw_panel(pool, recused, size, strata, seed)``: the panel, in drawing order.

The draw uses no library random generator (their algorithms may change between versions): the k-th pick
takes index ``int(SHA-256("<seed>:<k>"), 16) mod len(candidates)`` from the candidates still eligible,
sorted by username. So the same pool, recusals, rule and seed give the same panel anywhere, with any
Python — a replay needs only what the draw stored.

Order of picks: first one candidate for each stratum asked for (``strata``: categories such as 社科研究 /
工程技术 / 综合管理, in the order given), then the remaining seats from every eligible candidate — each pick preferring
fields not yet on the panel (so the panel spreads over fields). A recused or unavailable candidate is
never eligible. Strata the pool cannot fill are reported in ``shortfall``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Candidate:
    """One expert of the library as the draw sees him."""

    username: str
    category: str
    field: str
    organisation: str = ""

    def as_list(self) -> list[str]:
        return [self.username, self.category, self.field, self.organisation]

    @classmethod
    def from_list(cls, values: Sequence[str]) -> Candidate:
        return cls(str(values[0]), str(values[1]), str(values[2]), str(values[3]) if len(values) > 3 else "")


@dataclass(frozen=True, slots=True)
class DrawOutcome:
    panel: tuple[str, ...]
    shortfall: tuple[str, ...] = ()
    eligible: int = 0
    strata_filled: dict[str, str] = field(default_factory=dict)  # stratum → username


def canonical_pool(pool: Iterable[Candidate]) -> list[list[str]]:
    return [c.as_list() for c in sorted(pool, key=lambda c: c.username)]


def pool_text(pool: Iterable[Candidate]) -> str:
    """The pool's canonical JSON: ``[[username, category, field, organisation], …]`` sorted by username,
    compact, non-ASCII kept — what a draw stores and what its hash is taken of."""
    return json.dumps(canonical_pool(pool), ensure_ascii=False, separators=(",", ":"))


def pool_from_text(text: str) -> list[Candidate]:
    return [Candidate.from_list(row) for row in json.loads(text)]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pool_hash(pool: Iterable[Candidate]) -> str:
    """SHA-256 (hex) of the pool's canonical JSON (``pool_text``)."""
    return text_hash(pool_text(pool))


def pick_index(seed: str, step: int, n: int) -> int:
    """The ``step``-th pick among ``n`` candidates (``n`` > 0) under ``seed``."""
    digest = hashlib.sha256(f"{seed}:{step}".encode()).hexdigest()
    return int(digest, 16) % n


def draw_panel(
    pool: Iterable[Candidate],
    recused: Iterable[str] | Mapping[str, object],
    size: int,
    strata: Sequence[str],
    seed: str,
    *,
    exclude: Iterable[str] = (),
    prefer_new_fields: bool = True,
) -> DrawOutcome:
    """Draw ``size`` experts: one per stratum (category) first, then the rest, preferring new fields.

    ``recused`` and ``exclude`` (e.g. the panel a substitute completes) are never drawn.
    """
    if size < 0:
        raise ValueError("size must be ≥ 0")
    barred = set(recused) | set(exclude)
    eligible = sorted((c for c in pool if c.username not in barred), key=lambda c: c.username)
    chosen: list[Candidate] = []
    taken: set[str] = set()
    shortfall: list[str] = []
    filled: dict[str, str] = {}
    step = 0
    for stratum in strata:
        if len(chosen) >= size:
            break
        options = [c for c in eligible if c.category == stratum and c.username not in taken]
        if not options:
            shortfall.append(stratum)
            continue
        if prefer_new_fields:
            fields = {c.field for c in chosen}
            options = [c for c in options if c.field not in fields] or options
        pick = options[pick_index(seed, step, len(options))]
        step += 1
        chosen.append(pick)
        taken.add(pick.username)
        filled[stratum] = pick.username
    while len(chosen) < size:
        rest = [c for c in eligible if c.username not in taken]
        if not rest:
            break
        if prefer_new_fields:
            fields = {c.field for c in chosen}
            fresh = [c for c in rest if c.field not in fields]
            rest = fresh or rest
        pick = rest[pick_index(seed, step, len(rest))]
        step += 1
        chosen.append(pick)
        taken.add(pick.username)
    if len(chosen) < size:
        shortfall.append(f"size:{size - len(chosen)}")
    return DrawOutcome(tuple(c.username for c in chosen), tuple(shortfall), len(eligible), filled)
