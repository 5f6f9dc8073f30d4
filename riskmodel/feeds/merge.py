"""Merging near-duplicates: one demand (件) arriving as several records (件次).

Records are compared only within a block — the same place (社区, else 街道, else 区) and category — and a
time window (``window_days`` since the case's first record, so a case cannot grow by chaining forever). Two texts are the same demand when their
``rapidfuzz`` similarity (``fuzz.ratio`` on the masked texts, 0–100) reaches ``similarity``, or
``same_person_similarity`` when the same (pseudonymous) person calls again. Records must arrive in order
of receipt; ``CaseMerger`` keeps the open cases of each block and gives every record its case number.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from rapidfuzz import fuzz

from riskmodel.feeds.config import MergeSettings


@dataclass
class OpenCase:
    case_id: int
    last_at: datetime
    text: str
    first_at: datetime | None = None
    people: set[str] = field(default_factory=set)
    records: int = 0


class CaseMerger:
    def __init__(self, settings: MergeSettings | None = None, next_id: int = 1) -> None:
        self.settings = settings or MergeSettings()
        self.window = timedelta(days=self.settings.window_days)
        self.next_id = next_id
        self.blocks: dict[tuple, deque[OpenCase]] = {}
        self.new_cases: dict[int, OpenCase] = {}

    def seed(self, block: tuple, case: OpenCase) -> None:
        """An existing case (from earlier imports) that later records may join."""
        self.blocks.setdefault(block, deque()).append(case)

    def assign(self, block: tuple, at: datetime, text: str, person: str | None) -> tuple[int, bool]:
        """(case id, whether the case is new) for a record received at ``at``."""
        cases = self.blocks.setdefault(block, deque())
        while cases and at - (cases[0].first_at or cases[0].last_at) > self.window:
            cases.popleft()
        best: OpenCase | None = None
        best_score = -1.0
        for case in cases:
            if at - (case.first_at or case.last_at) > self.window:
                continue
            cutoff = (
                self.settings.same_person_similarity
                if person is not None and person in case.people
                else self.settings.similarity
            )
            score = fuzz.ratio(text, case.text, score_cutoff=cutoff)
            if score and score > best_score:
                best, best_score = case, score
        if best is not None:
            best.records += 1
            if at > best.last_at:
                best.last_at = at
            if person:
                best.people.add(person)
            return best.case_id, False
        case = OpenCase(self.next_id, at, text, first_at=at, people={person} if person else set(), records=1)
        self.next_id += 1
        cases.append(case)
        self.new_cases[case.case_id] = case
        return case.case_id, True
