"""Questionnaire versions kept in the database (table ``questionnaire_versions``).

An assessment points to the exact YAML text it was started with. When a built-in file changes
(different sha256), the next assessment that uses it stores a new revision; older assessments keep
theirs, so a result can always be recomputed with the standard it was made under.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from riskmodel.engine.result import CoverageCheck, SurveyCoverage
from riskmodel.errors import NotFoundError
from riskmodel.questionnaire import QUESTIONNAIRE_DIR, Questionnaire, parse_questionnaire
from riskmodel.services import audit
from riskmodel.services.context import Actor, now, require_role
from riskmodel.services.views.projects import ProjectView
from riskmodel.services.views.questionnaires import QuestionnaireChoice, VersionView
from riskmodel.store.db import Store
from riskmodel.store.models import QuestionnaireVersion


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_TOP_ID = re.compile(r"^id:\s*['\"]?([A-Za-z][A-Za-z0-9_.-]*)", re.MULTILINE)
_TOP_VERSION = re.compile(r"^version:\s*(\d+)", re.MULTILINE)


def builtin_text(qid: str) -> str:
    """The YAML text of the built-in questionnaire ``qid`` (the highest version among the files).

    Files are matched on their top-level ``id:`` line, so only the chosen one is parsed (parsing a
    questionnaire takes a noticeable fraction of a second).
    """
    best: tuple[int, str] | None = None
    for path in sorted(Path(QUESTIONNAIRE_DIR).glob("*.yaml")):
        stat = path.stat()
        text, found_id, version = _read_file(str(path), stat.st_mtime_ns, stat.st_size)
        if found_id == qid and (best is None or version > best[0]):
            best = (version, text)
    if best is None:
        from riskmodel.questionnaire import builtin_questionnaires

        raise NotFoundError("questionnaire.not_found", id=qid, known=", ".join(builtin_questionnaires()))
    return best[1]


@lru_cache(maxsize=64)
def _read_file(path: str, _mtime_ns: int, _size: int) -> tuple[str, str | None, int]:
    """File text, its top-level id and version; re-read only when the file changes."""
    text = Path(path).read_text(encoding="utf-8")
    found_id = _TOP_ID.search(text)
    version = _TOP_VERSION.search(text)
    return text, found_id.group(1) if found_id else None, int(version.group(1)) if version else 1


_parsed: dict[str, Questionnaire] = {}


def _parse_cached(text: str, source: str) -> Questionnaire:
    """Parse once per distinct text (``source`` only names the text in error messages)."""
    digest = sha256_text(text)
    q = _parsed.get(digest)
    if q is None:
        q = _parsed[digest] = parse_questionnaire(text, source)
    return q


def parse_text(text: str, source: str = "<text>") -> Questionnaire:
    """A questionnaire from YAML text, parsed once per distinct text in this process."""
    return _parse_cached(text, source)


def parse_version(row: QuestionnaireVersion | None) -> Questionnaire:
    """The Questionnaire object of a stored version (parsed once per process); a missing row (a foreign
    key that points nowhere) is refused by name."""
    if row is None:
        raise NotFoundError("store.questionnaire.version_not_found", id=None)
    q = _parsed.get(row.sha256)  # the stored sha256 is the text's: no need to hash 60 kB again
    return q if q is not None else _parse_cached(row.text, f"{row.qid}@r{row.revision}")


def ensure_version(s: Session, qid: str | None = None, *, text: str | None = None) -> QuestionnaireVersion:
    """The stored row for this exact text (built-in ``qid`` or given ``text``), adding one if new."""
    if text is None:
        if qid is None:
            raise ValueError("ensure_version needs qid or text")
        text = builtin_text(qid)
    q = _parse_cached(text, qid or "<uploaded>")
    digest = sha256_text(text)
    row = s.execute(
        select(QuestionnaireVersion).where(QuestionnaireVersion.qid == q.id, QuestionnaireVersion.sha256 == digest)
    ).scalar_one_or_none()
    if row is not None:
        return row
    last = s.execute(select(func.max(QuestionnaireVersion.revision)).where(QuestionnaireVersion.qid == q.id)).scalar()
    row = QuestionnaireVersion(
        qid=q.id,
        version=q.version,
        revision=(last or 0) + 1,
        name=q.name.zh,
        method=q.method,
        text=text,
        sha256=digest,
        created_at=now(),
    )
    s.add(row)
    s.flush()
    return row


def register_text(store: Store, actor: Actor, text: str, source: str = "<uploaded>") -> VersionView:
    """Store an uploaded questionnaire (admins). Invalid text raises QuestionnaireError naming each problem."""
    require_role(actor, "admin")
    _parse_cached(text, source)

    def _reg(s: Session) -> VersionView:
        row = ensure_version(s, text=text)
        audit.record(
            s,
            actor,
            "questionnaire.register",
            "questionnaire_version",
            row.id,
            qid=row.qid,
            revision=row.revision,
            sha256=row.sha256,
            source=source,
        )
        return version_view(row)

    return store.write(_reg)


def version_view(row: QuestionnaireVersion) -> VersionView:
    return VersionView(
        id=row.id,
        qid=row.qid,
        version=row.version,
        revision=row.revision,
        name=row.name,
        method=row.method,
        sha256=row.sha256,
        created_at=row.created_at.isoformat(),
    )


def list_versions(store: Store, qid: str | None = None) -> list[VersionView]:
    """The stored questionnaire versions, by id and revision."""
    with store.read() as s:
        q = select(QuestionnaireVersion).order_by(QuestionnaireVersion.qid, QuestionnaireVersion.revision)
        if qid:
            q = q.where(QuestionnaireVersion.qid == qid)
        return [version_view(r) for r in s.execute(q).scalars()]


def get_version_questionnaire(store: Store, version_id: int) -> Questionnaire:
    with store.read() as s:
        row = s.get(QuestionnaireVersion, version_id)
        if row is None:
            raise NotFoundError("store.questionnaire.version_not_found", id=version_id)
        return parse_version(row)


# --- choices for the forms ------------------------------------------------------------------------
def questionnaire_choices(store: Store) -> list[QuestionnaireChoice]:
    """Questionnaires an organizer may start an assessment with: the built-in files, then versions an
    admin registered that are not built-in files (their stored text is used)."""
    from riskmodel.questionnaire import builtin_questionnaires

    builtins = builtin_questionnaires()
    out = [
        QuestionnaireChoice(key=f"builtin:{qid}", qid=qid, version_id=None, questionnaire=q)
        for qid, q in sorted(builtins.items())
    ]
    builtin_sha = {sha256_text(builtin_text(qid)) for qid in builtins}
    for v in reversed(list_versions(store)):
        if v.sha256 in builtin_sha:
            continue
        out.append(
            QuestionnaireChoice(
                key=f"version:{v.id}",
                qid=v.qid,
                version_id=v.id,
                questionnaire=get_version_questionnaire(store, v.id),
                revision=v.revision,
            )
        )
    return out


def version_text(store: Store, version_id: int) -> str:
    """The stored YAML text of a questionnaire version."""
    with store.read() as s:
        row = s.get(QuestionnaireVersion, int(version_id))
        if row is None:
            raise NotFoundError("store.questionnaire.version_not_found", id=version_id)
        return row.text


def survey_coverage(q: Questionnaire, project: ProjectView, counts: Mapping[str, Any]) -> SurveyCoverage | None:
    """The standard's survey coverage check for ``counts`` (a recorded survey's ``counts()``, or an upload
    preview before anything is stored); None when the standard has no rule for the project type.

    The same rule and the same type as the engine's ``survey.coverage`` (checks of what/required/actual/ok).
    """
    from riskmodel.questionnaire.schema import survey_coverage as check_survey_coverage

    raw = check_survey_coverage(q.survey_rule_for(project.type), counts, project.affected_households)
    if raw is None:
        return None
    return SurveyCoverage(
        rule_type=raw["rule_type"],
        checks=[
            CoverageCheck(what=c["what"], required=c["required"], actual=c["actual"], ok=c["ok"]) for c in raw["checks"]
        ],
        ok=bool(raw["ok"]),
    )
