"""``assess`` — run the engine on an assessment file or on an assessment stored in the database.

``--json`` prints the result's ``to_dict()`` (see README "Command line" for the keys, among them
``level_drivers`` / ``residual_level_drivers``, ``complete`` / ``missing_indicators``,
``uncertainty_basis``, ``index_100``, ``main_factors``); without it a readable summary.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from riskmodel.errors import RiskModelError, ValidationError
from riskmodel.i18n import default_language, t


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("assess", help=t("engine.cli.assess_help"), description=t("engine.cli.assess_help"))
    p.add_argument("file", nargs="?", help=t("engine.cli.file_help"))
    p.add_argument("--assessment", type=int, metavar="ID", help=t("engine.cli.assessment_help"))
    p.add_argument("--json", action="store_true", help=t("engine.cli.json_help"))
    p.add_argument("--draws", type=int, default=None, help=t("engine.cli.draws_help"))
    p.add_argument("--seed", type=int, default=None, help=t("engine.cli.seed_help"))
    p.add_argument("--lang", choices=["zh", "en"], default=None, help=t("engine.cli.lang_help"))
    p.set_defaults(func=run_assess)


def run_assess(args: argparse.Namespace) -> int:
    """0 and the result; 1 and one message in the chosen language when the input is refused."""
    lang = args.lang or default_language()
    try:
        return _assess(args, lang)
    except RiskModelError as exc:
        print(f"{t('common.cli.error_prefix', lang)}: {exc.message(lang)}", file=sys.stderr)
        return 1


def _assess(args: argparse.Namespace, lang: str) -> int:
    from riskmodel.engine import assess, load_assessment_file

    if bool(args.file) == bool(args.assessment):
        raise ValidationError("engine.cli.need_source")
    extra: dict[str, Any] = {}
    if args.file:
        from riskmodel.reports.bundle import is_bundle, load_bundle

        # an export bundle carries its own questionnaire version, so its stored result is reproduced
        try:
            bundle = is_bundle(args.file)
        except RecursionError:  # JSON nested beyond the json module's limit: the safe loader names it
            bundle = False
        inp, q = load_bundle(args.file) if bundle else (load_assessment_file(args.file), None)
        result = assess(inp, q, draws=args.draws, seed=args.seed)
    else:
        from riskmodel.services.assessments import assessment_input
        from riskmodel.store import get_store

        inp, q, meta = assessment_input(get_store(args.db), args.assessment)
        result = assess(inp, q, draws=args.draws, seed=args.seed)
        extra = {
            "assessment_id": meta["assessment_id"],
            "state": meta["state"],
            "experts_submitted": meta["experts_submitted"],
            "ratings_count": meta["ratings_count"],
        }
    if args.json:
        print(json.dumps({**result.to_dict(), **extra}, ensure_ascii=False, indent=2))
    else:
        from riskmodel.engine.summary import render_summary

        print(render_summary(result, lang))
    return 0
