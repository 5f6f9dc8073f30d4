"""The register area's pages for ``shell.PAGE_REGISTRY`` (issue 11): file, roles, title key, icon, section.

Kept here so the shell lists them in one line; the reviewer's start page (备案审查) comes before the
assessors page he shares with admins."""

from __future__ import annotations

PAGES: tuple[tuple[str, tuple[str, ...], str, str, str], ...] = (
    (
        "organizer_register.py",
        ("organizer",),
        "register.ui.nav.register",
        ":material/table_view:",
        "ui.nav.section.organizer",
    ),
    ("organizer_draw.py", ("organizer",), "register.ui.nav.draw", ":material/casino:", "ui.nav.section.organizer"),
    (
        "reviewer_filing.py",
        ("reviewer",),
        "register.ui.nav.filing",
        ":material/approval:",
        "register.ui.nav.section_reviewer",
    ),
    ("admin_experts.py", ("admin",), "register.ui.nav.experts", ":material/school:", "ui.nav.section.admin"),
    (
        "admin_assessors.py",
        ("admin", "reviewer"),
        "register.ui.nav.assessors",
        ":material/domain:",
        "ui.nav.section.admin",
    ),
)
