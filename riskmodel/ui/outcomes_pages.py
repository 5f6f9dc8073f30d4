"""The outcomes area's pages for ``shell.PAGE_REGISTRY`` (issue 15): file, roles, title key, icon, section.

Kept here so the shell lists them in one line (as the register area does)."""

from __future__ import annotations

PAGES: tuple[tuple[str, tuple[str, ...], str, str, str], ...] = (
    (
        "post_evaluation.py",
        ("organizer", "leader"),
        "outcomes.nav.post_evaluation",
        ":material/query_stats:",
        "ui.nav.section.analysis",
    ),
)
