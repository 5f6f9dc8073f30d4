"""The page registry: every page of the app, the roles that see it, its title, icon and section.

Areas add their pages here (one entry, or a tuple of rows from their own module); an entry whose file
does not exist yet is skipped, so pages land independently. The shell builds the navigation from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from riskmodel.ui import outcomes_pages, register_pages

PAGES_DIR = Path(__file__).resolve().parent / "pages"


@dataclass(frozen=True)
class PageSpec:
    """One page of the app: which roles see it and how it appears in the navigation."""

    file: str  # file name in riskmodel/ui/pages/
    roles: tuple[str, ...]
    title_key: str  # catalog key of the navigation title (ui.nav.*)
    icon: str
    section_key: str  # catalog key of the navigation section
    layout: Literal["centered", "wide"] = "centered"  # "wide" for dashboards
    hidden: bool = False  # reachable by link/switch_page only

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.file

    @property
    def url_path(self) -> str:
        return self.file.removesuffix(".py")

    @property
    def app_relative(self) -> str:
        """The path ``st.Page`` / ``st.switch_page`` / ``AppTest.switch_page`` use."""
        return f"riskmodel/ui/pages/{self.file}"

    def exists(self) -> bool:
        return self.path.is_file()


# The first visible page of a role is its start page. Pages of other areas are listed already and
# appear as soon as their file exists (leader_* by the dashboard helper, network_view by the network area).
_FEEDS_ORG, _FEEDS_ALL = ("organizer", "admin"), ("organizer", "leader", "admin")  # feeds pages (issue 12)
PAGE_REGISTRY: tuple[PageSpec, ...] = (
    PageSpec("expert_home.py", ("expert",), "ui.nav.expert_home", ":material/assignment:", "ui.nav.section.expert"),
    PageSpec("expert_rating.py", ("expert",), "ui.nav.expert_rating", ":material/edit_note:", "ui.nav.section.expert"),
    PageSpec(
        "organizer_projects.py",
        ("organizer",),
        "ui.nav.organizer_projects",
        ":material/folder_open:",
        "ui.nav.section.organizer",
    ),
    PageSpec(
        "organizer_assessment.py",
        ("organizer",),
        "ui.nav.organizer_assessment",
        ":material/fact_check:",
        "ui.nav.section.organizer",
        layout="wide",
    ),
    PageSpec(
        "leader_dashboard.py",
        ("leader",),
        "ui.nav.leader_dashboard",
        ":material/dashboard:",
        "ui.nav.section.leader",
        layout="wide",
    ),
    PageSpec(
        "leader_assessment.py",
        ("leader",),
        "ui.nav.leader_assessment",
        ":material/insights:",
        "ui.nav.section.leader",
        layout="wide",
    ),
    PageSpec(
        "network_view.py",
        ("organizer", "leader"),
        "ui.nav.network_view",
        ":material/hub:",
        "ui.nav.section.analysis",
        layout="wide",
    ),
    PageSpec(  # issue 10: the evidence record
        "organizer_evidence.py",
        ("organizer",),
        "evidence.ui.nav.organizer_evidence",
        ":material/fact_check:",
        "ui.nav.section.organizer",
        layout="wide",
    ),
    PageSpec(  # issue 10: the review meeting, expert side
        "expert_review.py",
        ("expert",),
        "evidence.ui.nav.expert_review",
        ":material/rate_review:",
        "ui.nav.section.expert",
    ),
    *(PageSpec(*row, layout="wide") for row in outcomes_pages.PAGES),  # outcomes area (issue 15)
    PageSpec("admin_users.py", ("admin",), "ui.nav.admin_users", ":material/group:", "ui.nav.section.admin"),
    PageSpec(
        "admin_questionnaires.py",
        ("admin",),
        "ui.nav.admin_questionnaires",
        ":material/library_books:",
        "ui.nav.section.admin",
        layout="wide",
    ),
    PageSpec(
        "admin_audit.py",
        ("admin", "auditor"),
        "ui.nav.admin_audit",
        ":material/verified_user:",
        "ui.nav.section.admin",
        layout="wide",
    ),
    *(PageSpec(*row, layout="wide") for row in register_pages.PAGES),  # register area (issue 11)
    PageSpec(
        "account.py",
        ("expert", "organizer", "leader", "admin", "reviewer", "auditor"),
        "ui_security.nav.account",
        ":material/manage_accounts:",
        "ui_security.nav.section",
        hidden=True,
    ),
    PageSpec("feeds_import.py", _FEEDS_ORG, "feeds.nav.import", ":material/upload_file:", "feeds.nav.section"),
    PageSpec("feeds_links.py", _FEEDS_ORG, "feeds.nav.links", ":material/link:", "feeds.nav.section", "wide"),
    PageSpec(
        "feeds_signals.py", _FEEDS_ALL, "feeds.nav.signals", ":material/crisis_alert:", "feeds.nav.section", "wide"
    ),
    PageSpec("feeds_rhythm.py", _FEEDS_ALL, "feeds.nav.rhythm", ":material/event_repeat:", "feeds.nav.section", "wide"),
)
# 三员分立 (RISKMODEL_SEPARATION_OF_DUTIES): the account that manages users does not see the audit log
SOD_HIDDEN = {"admin": {"admin_audit.py"}, "auditor": {"admin_users.py"}}


def pages_for(role: str) -> list[PageSpec]:
    """The pages a role may open, in navigation order (only those whose file exists)."""
    from riskmodel.services import settings

    hidden = SOD_HIDDEN.get(role, set()) if settings.current().separation_of_duties else set()
    return [p for p in PAGE_REGISTRY if role in p.roles and p.exists() and p.file not in hidden]


def spec_of(file: str) -> PageSpec:
    for spec in PAGE_REGISTRY:
        if spec.file == file:
            return spec
    raise KeyError(file)
