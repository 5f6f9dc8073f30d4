"""The machine-readable export of one assessment: everything needed to recompute its result.

A bundle is one JSON file holding the (anonymised) engine input, the questionnaire version's full
YAML text with its sha256, and the stored result; ``assess`` on the bundle's input and questionnaire
reproduces ``result`` exactly (the bundle pins the uncertainty draws and seed the result used). The
``report`` part carries the facts the documents print (dates, verdict, all rounds' ratings,
measures with status, network summary), so a report can be rebuilt from a bundle alone.

``python -m riskmodel assess BUNDLE.json`` reads bundles through ``load_bundle``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

from riskmodel.engine.inputs import AssessmentInput, parse_assessment
from riskmodel.errors import ValidationError
from riskmodel.questionnaire import Questionnaire, parse_questionnaire

FORMAT = "riskmodel-assessment-bundle"
FORMAT_VERSION = 1


def canonical_sha256(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def bundle_dict(ctx) -> dict[str, Any]:
    """The bundle of a report context (needs ``ctx.input`` and ``ctx.questionnaire_text``)."""
    if ctx.input is None or not ctx.questionnaire_text:
        raise ValidationError("report.bundle.incomplete")
    unc = ctx.result_data.get("uncertainty") or {}
    inp = ctx.input.model_copy(
        update={
            "uncertainty": ctx.input.uncertainty.model_copy(update={"draws": unc.get("draws"), "seed": unc.get("seed")})
        }
    )
    text = ctx.questionnaire_text
    q = ctx.questionnaire
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": ctx.generated_at,
        "questionnaire": {
            "id": q.id,
            "version": q.version,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "text": text,
        },
        "input": inp.model_dump(mode="json"),
        "result": ctx.result_data,
        "result_sha256": canonical_sha256(ctx.result_data),
        "report": {
            "project": ctx.project,
            "assessment": ctx.assessment,
            "organizer": ctx.organizer,
            "rounds": [dataclasses.asdict(r) for r in ctx.rounds],
            "ratings": [dataclasses.asdict(r) for r in ctx.ratings],
            "survey": ctx.survey,
            "measures": ctx.measures,
            "verdict": None if ctx.verdict is None else dataclasses.asdict(ctx.verdict),
            "network": ctx.network,
            "open_round": ctx.open_round,  # who submitted in the round under way (issue 9, finding 10)
            "feeds": ctx.feeds,  # issue 12: the linked feed records as sentences
            "evidence": ctx.evidence,  # issue 10: 公示, consultations, survey detail, demands, review, 应急预案
        },
    }


def write_bundle(ctx, path: str | Path | None = None) -> bytes:
    """JSON bytes of the bundle (UTF-8, readable Chinese); also written to ``path`` if given."""
    data = json.dumps(bundle_dict(ctx), ensure_ascii=False, indent=2, allow_nan=False).encode("utf-8")
    if path is not None:
        Path(path).write_bytes(data)
    return data


def is_bundle(path: str | Path) -> bool:
    """True if ``path`` is a JSON file in the bundle format (cheap enough to call on any input file)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(512).lstrip()
        if not head.startswith(b"{"):
            return False
        return json.loads(Path(path).read_text(encoding="utf-8")).get("format") == FORMAT
    except (OSError, ValueError, AttributeError):
        return False


def load_bundle_data(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ValidationError("report.bundle.unreadable", file=str(path), reason=str(exc)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError("report.bundle.not_bundle", file=str(path))
    if data.get("format_version") != FORMAT_VERSION:
        raise ValidationError(
            "report.bundle.version", file=str(path), version=data.get("format_version"), supported=FORMAT_VERSION
        )
    for key in ("questionnaire", "input", "result"):
        if not isinstance(data.get(key), dict):
            raise ValidationError("report.bundle.missing", file=str(path), part=key)
    return data


def bundle_parts(data: dict[str, Any], source: str = "<bundle>") -> tuple[AssessmentInput, Questionnaire, str]:
    """(input, questionnaire, questionnaire text) of a parsed bundle; the text must match its sha256."""
    qpart = data["questionnaire"]
    text = qpart.get("text")
    if not isinstance(text, str):
        raise ValidationError("report.bundle.missing", file=source, part="questionnaire.text")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != qpart.get("sha256"):
        raise ValidationError("report.bundle.sha_mismatch", file=source, expected=qpart.get("sha256"), actual=digest)
    q = parse_questionnaire(text, f"{source}#questionnaire")
    inp = parse_assessment(data["input"], f"{source}#input")
    return inp, q, text


def load_bundle(path: str | Path) -> tuple[AssessmentInput, Questionnaire]:
    """(AssessmentInput, Questionnaire) of a bundle file: ``assess(*load_bundle(p))`` gives its result."""
    inp, q, _ = bundle_parts(load_bundle_data(path), str(path))
    return inp, q


def stored_result(path: str | Path) -> dict[str, Any]:
    return load_bundle_data(path)["result"]
