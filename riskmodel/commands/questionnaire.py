"""``check-questionnaire FILE`` and ``questionnaires`` — validate a 指标体系 file, list the available ones.

An organizer editing a locality's 评判标准 in YAML runs ``check-questionnaire`` before dropping the file
into ``questionnaires/``: it prints one summary line and exits 0, or lists every problem (file, place,
line, what is wrong) on stderr and exits 1 — without the generic error prefix, so the list reads cleanly.
"""

from __future__ import annotations

import argparse
import json
import sys

from riskmodel.i18n import default_language, t
from riskmodel.questionnaire import QuestionnaireError, builtin_questionnaires, load_questionnaire
from riskmodel.questionnaire.loader import QUESTIONNAIRE_DIR
from riskmodel.questionnaire.schema import Questionnaire


def register(subparsers: argparse._SubParsersAction) -> None:
    check = subparsers.add_parser(
        "check-questionnaire", help=t("questionnaire.check_help"), description=t("questionnaire.check_help")
    )
    check.add_argument("files", nargs="+", metavar="FILE", help=t("questionnaire.file_help"))
    check.add_argument("--lang", choices=["zh", "en"], default=None, help=t("questionnaire.lang_help"))
    check.set_defaults(func=run_check)

    listing = subparsers.add_parser(
        "questionnaires", help=t("questionnaire.list_help"), description=t("questionnaire.list_help")
    )
    listing.add_argument("--json", action="store_true", help=t("questionnaire.json_help"))
    listing.add_argument("--lang", choices=["zh", "en"], default=None, help=t("questionnaire.lang_help"))
    listing.set_defaults(func=run_list)


def run_check(args: argparse.Namespace) -> int:
    """0 when every file is valid, 1 otherwise; each file gets its own line or problem list."""
    lang = args.lang or default_language()
    code = 0
    for file in args.files:
        try:
            q = load_questionnaire(file)
        except QuestionnaireError as exc:
            print(exc.message(lang), file=sys.stderr)
            code = 1
            continue
        print(t("questionnaire.valid", lang, file=file, **_summary_params(q, lang)))
    return code


def run_list(args: argparse.Namespace) -> int:
    lang = args.lang or default_language()
    found = builtin_questionnaires()
    if args.json:
        print(json.dumps([_as_json(q) for q in found.values()], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(t("questionnaire.list_empty", lang, dir=str(QUESTIONNAIRE_DIR)))
        return 0
    blocks = []
    for q in found.values():
        params = _summary_params(q, lang)
        blocks.append(
            "\n".join(
                [
                    t("questionnaire.list_entry", lang, **params),
                    "  " + t("questionnaire.list_method", lang, **params),
                    "  " + t("questionnaire.list_standard", lang, **params),
                    "  " + t("questionnaire.list_source", lang, source=q.source.get(lang)),
                ]
            )
        )
    print("\n\n".join(blocks))
    return 0


def _summary_params(q: Questionnaire, lang: str) -> dict:
    return dict(
        id=q.id,
        version=q.version,
        name=q.name.get(lang),
        dimensions=len(q.dimensions),
        indicators=len(q.indicators()),
        method=t(f"questionnaire.method.{q.method}", lang),
        standard=q.standard.get(lang),
    )


def _as_json(q: Questionnaire) -> dict:
    """Both languages, so a script need not care about --lang."""
    return {
        "id": q.id,
        "version": q.version,
        "key": q.key,
        "name": q.name.model_dump(),
        "method": q.method,
        "dimensions": [
            {"id": d.id, "name": d.name.model_dump(), "indicators": len(d.indicators)} for d in q.dimensions
        ],
        "indicators": len(q.indicators()),
        "source": q.source.model_dump(),
        "standard": q.standard.model_dump(),
    }
