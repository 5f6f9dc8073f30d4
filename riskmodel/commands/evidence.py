"""``python -m riskmodel evidence import|show|check``: the evidence record of an assessment (issue 10).

- ``evidence import --assessment ID {consultations|demands} FILE [--sheet NAME]``: a CSV/XLSX list, all
  rows or nothing (problems listed by row);
- ``evidence show --assessment ID [--json]``: the whole record (the JSON is the bundle's ``evidence`` part);
- ``evidence check --assessment ID [--json]``: item by item what a filing office looks for; exit code 1
  when something is missing.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from riskmodel.commands.store import _store, db_id
from riskmodel.errors import ValidationError
from riskmodel.i18n import default_language, t


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("evidence", help=t("evidence.cli.help"), description=t("evidence.cli.help"))
    sub = parser.add_subparsers(dest="evidence_command", required=True)

    p = sub.add_parser("import", help=t("evidence.cli.import_help"))
    p.add_argument("--assessment", type=db_id, required=True, metavar="ID", help=t("evidence.cli.assessment_help"))
    p.add_argument("what", choices=("consultations", "demands"), help=t("evidence.cli.what_help"))
    p.add_argument("file", metavar="FILE", help=t("evidence.cli.file_help"))
    p.add_argument("--sheet", default=None, help=t("evidence.cli.sheet_help"))
    p.set_defaults(func=cmd_import)

    for name, func in (("show", cmd_show), ("check", cmd_check)):
        p = sub.add_parser(name, help=t(f"evidence.cli.{name}_help"))
        p.add_argument("--assessment", type=db_id, required=True, metavar="ID", help=t("evidence.cli.assessment_help"))
        p.add_argument("--json", action="store_true", help=t("evidence.cli.json_help"))
        p.set_defaults(func=func)


def cmd_import(args: argparse.Namespace) -> int:
    from riskmodel.services.context import Actor
    from riskmodel.services.evidence_import import import_records

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError("network.import.unreadable", reason=f"{path}: {exc.strerror}") from None
    n = import_records(_store(args), Actor.system(), args.assessment, args.what, data, path.name, sheet=args.sheet)
    print(t("evidence.import.done", count=n, what=t(f"evidence.import.what_{args.what}")))
    return 0


def show_lines(view, lang: str) -> list[str]:
    """The record as short lines (the ``show`` command and the page's summary)."""
    if view.empty:
        return [t("evidence.show.none", lang)]
    out = []
    for p in view.publicity:
        out.append(
            t(
                "evidence.show.publicity",
                lang,
                start=p.start_date,
                end=p.end_date,
                channel=p.channel,
                days=p.working_days,
            )
        )
    for c in view.consultations:
        out.append(t("evidence.show.consultation", lang, kind=c.kind, date=c.held_on, place=c.place, total=c.total))
    if view.survey:
        s = view.survey
        out.append(
            t(
                "evidence.show.survey",
                lang,
                issued=s.issued,
                returned=s.returned,
                valid=s.valid,
                aware="—" if s.aware is None else s.aware,
            )
        )
    for d in view.demands:
        out.append(
            t(
                "evidence.show.demand",
                lang,
                demand=d.demand,
                raised_by=d.raised_by,
                people=d.people,
                handling=d.handling,
            )
        )
    if view.parties:
        pa = view.parties
        out.append(
            t(
                "evidence.show.parties",
                lang,
                commissioning_unit=pa.commissioning_unit,
                assessor=pa.assessor,
                compiler=pa.compiler,
            )
        )
    if view.review:
        r = view.review
        out.append(
            t(
                "evidence.show.review",
                lang,
                date=r.held_on,
                place=r.place,
                leader=r.leader_name,
                confirmed=r.confirmed,
                experts=len(r.experts),
            )
        )
    for pl in view.plans:
        out.append(t("evidence.show.plan", lang, factor=pl.factor, command=pl.command))
    return out


def cmd_show(args: argparse.Namespace) -> int:
    from riskmodel.services.evidence import get_evidence

    view = get_evidence(_store(args), args.assessment)
    if args.json:
        print(json.dumps(view.to_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(show_lines(view, default_language())))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from riskmodel.services.evidence import check_evidence, get_evidence

    lang = default_language()
    findings = check_evidence(get_evidence(_store(args), args.assessment))
    ok = sum(1 for f in findings if f.ok)
    if args.json:
        print(
            json.dumps(
                {
                    "assessment": args.assessment,
                    "ok": ok == len(findings),
                    "findings": [{"code": f.code, "ok": f.ok, "params": f.params} for f in findings],
                },
                ensure_ascii=False,
                indent=2,
                default=str,
            )
        )
    else:
        for f in findings:
            mark = t("evidence.check.ok" if f.ok else "evidence.check.gap", lang)
            print(f"[{mark}] {t(f.code, lang, **f.params)}")
        print(t("evidence.cli.result", lang, id=args.assessment, ok=ok, total=len(findings)))
    return 0 if ok == len(findings) else 1
