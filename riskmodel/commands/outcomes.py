"""后评估 commands: ``outcomes add``, ``outcomes --assessment ID [--json]``, ``backtest``, ``annual``.

``outcomes`` is both a command (``outcomes --assessment ID --json``) and the parent of ``add``
(``outcomes add --assessment ID --kind KIND --date YYYY-MM-DD --people N [--note TEXT]``): the parent's
options and the sub-command's live under different destinations, and the sub-command is optional.
Writes act as the system user in the audit trail, like the store commands.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from riskmodel.commands.store import db_id
from riskmodel.i18n import t
from riskmodel.questionnaire.schema import INCIDENT_KINDS


def _store(args: argparse.Namespace) -> Any:
    from riskmodel.store.db import get_store

    return get_store(args.db)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("outcomes", help=t("outcomes.cli.outcomes_help"))
    p.add_argument("--assessment", type=db_id, default=None, metavar="ID", dest="outcome_assessment")
    p.add_argument("--json", action="store_true", dest="outcome_json", help=t("store.cli.json_help"))
    p.set_defaults(func=cmd_outcome)
    sub = p.add_subparsers(dest="outcomes_command", metavar="ACTION")
    a = sub.add_parser("add", help=t("outcomes.cli.add_help"))
    a.add_argument("--assessment", type=db_id, required=True, metavar="ID", dest="add_assessment")
    a.add_argument("--kind", required=True, choices=INCIDENT_KINDS, help=t("outcomes.cli.kind_help"))
    a.add_argument("--date", required=True, metavar="YYYY-MM-DD", help=t("outcomes.cli.date_help"))
    a.add_argument("--people", required=True, type=_people, metavar="N", help=t("outcomes.cli.people_help"))
    a.add_argument("--note", default=None, metavar="TEXT", help=t("outcomes.cli.note_help"))
    a.add_argument("--place", default=None, metavar="TEXT", help=t("outcomes.cli.place_help"))
    a.add_argument("--source", default=None, metavar="TEXT", help=t("outcomes.cli.source_help"))
    a.add_argument("--evidence", default=None, metavar="TEXT", help=t("outcomes.cli.evidence_help"))
    a.add_argument("--json", action="store_true", dest="add_json", help=t("store.cli.json_help"))
    a.set_defaults(func=cmd_add)

    b = subparsers.add_parser("backtest", help=t("outcomes.cli.backtest_help"))
    b.add_argument("--questionnaire", default=None, metavar="ID", help=t("outcomes.cli.questionnaire_help"))
    b.add_argument("--json", action="store_true", help=t("store.cli.json_help"))
    b.set_defaults(func=cmd_backtest)

    r = subparsers.add_parser("annual", help=t("outcomes.cli.annual_help"))
    r.add_argument("--year", required=True, type=_year, metavar="YYYY", help=t("outcomes.cli.year_help"))
    r.add_argument("--format", required=True, choices=("docx", "pdf"), help=t("outcomes.cli.format_help"))
    r.add_argument("-o", "--output", required=True, metavar="FILE", help=t("outcomes.cli.output_help"))
    r.set_defaults(func=cmd_annual)


def _people(text: str) -> int:
    from riskmodel.questionnaire.schema import MAX_COUNT

    value = (text or "").strip()
    if not value.isdigit() or not 0 <= int(value) <= MAX_COUNT:
        raise argparse.ArgumentTypeError(t("outcomes.error.bad_people", value=value[:40], max=MAX_COUNT))
    return int(value)


def _year(text: str) -> int:
    value = (text or "").strip()
    if not (len(value) == 4 and value.isdigit() and 1990 <= int(value) <= 2200):
        raise argparse.ArgumentTypeError(t("outcomes.error.bad_date", field="--year", value=value[:40]))
    return int(value)


def cmd_outcome(args: argparse.Namespace) -> int:
    from riskmodel.services.outcomes import get_outcome

    if args.outcome_assessment is None:
        print(t("security.cli.usage", prog="python -m riskmodel outcomes", message=t("outcomes.cli.assessment_required")),
              file=sys.stderr)  # fmt: skip
        return 2
    view = get_outcome(_store(args), args.outcome_assessment)
    if args.outcome_json:
        _print_json(view.to_json())
    elif view.realised_level is None:
        print(t("outcomes.cli.no_outcome", assessment=view.assessment_id, project=view.project_code,
                verdict=view.verdict or "—"))  # fmt: skip
    else:
        rule = view.rule.text() if view.rule else ""
        print(t("outcomes.cli.outcome_line", assessment=view.assessment_id, project=view.project_code,
                level=view.realised_level, rule=rule))  # fmt: skip
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from riskmodel.services.context import Actor
    from riskmodel.services.outcomes import add_incident, get_outcome

    store = _store(args)
    incident = add_incident(
        store,
        Actor.system(),
        args.add_assessment,
        kind=args.kind,
        occurred_on=args.date,
        people=args.people,
        note=args.note,
        place=args.place,
        source=args.source,
        evidence=args.evidence,
    )
    view = get_outcome(store, args.add_assessment)
    if args.add_json:
        _print_json({"incident": incident.to_json(), **view.to_json()})
    else:
        print(t("outcomes.cli.added", id=incident.id, assessment=args.add_assessment, kind=incident.kind,
                date=incident.occurred_on.isoformat(), people=incident.people,
                level=view.realised_level or "—"))  # fmt: skip
    return 0


def cmd_backtest(args: argparse.Namespace) -> int:
    from riskmodel.services.backtest import run_backtest
    from riskmodel.services.context import Actor

    view = run_backtest(_store(args), Actor.system(), questionnaire=args.questionnaire)
    if args.json:
        _print_json(view.to_json())
        return 0
    hit = "—" if view.hit_rate is None else f"{view.hit_rate:.0%}"
    print(t("outcomes.cli.backtest_line", n=view.n, brier=_fmt(view.brier), hit=hit))
    for c in view.cases:
        probs = " ".join(f"{k}={c.predicted[k]:.2f}" for k in ("低", "中", "高"))
        print(f"  #{c.assessment} {c.project_code}  {probs}  → {c.realised_level}  Brier {c.brier:.3f}")
    for e in view.by_expert or ():
        rate = "—" if e.hit_rate is None else f"{e.hit_rate:.0%}"
        print(f"  {e.expert}: n={e.n} Brier {_fmt(e.brier)} {rate}")
    if view.few:
        print(t("outcomes.cli.few_cases"))
    return 0


def cmd_annual(args: argparse.Namespace) -> int:
    from riskmodel.reports.annual import write_annual

    path = write_annual(_store(args), args.year, args.format, args.output)
    print(t("outcomes.cli.annual_written", year=args.year, path=str(path)))
    return 0
