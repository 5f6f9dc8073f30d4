"""Register commands (issue 11): ``register``, ``coverage``, ``experts``, ``filing``.

Like the store commands they act as the system (recorded so in the audit trail). JSON keys are contracts:
``coverage --json`` → required, assessed, filed, decided_without_assessment, coverage_rate, filing_rate,
by_department, by_region; ``experts draw --json`` → draw_id, panel, recused (username, reason), pool_size,
pool_hash, seed; ``experts replay --json`` → the same panel; ``filing check --json`` → items (item,
passed, detail).
"""

from __future__ import annotations

import argparse
import json

from riskmodel.commands.store import db_id
from riskmodel.i18n import t


def _store(args):
    from riskmodel.store.db import get_store

    return get_store(args.db)


def _system():
    from riskmodel.services.context import Actor

    return Actor.system()


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _year(text: str) -> int:
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(t("register.rows.bad_year", value=text[:20]))
    return int(text)


def register(subparsers) -> None:
    reg = subparsers.add_parser("register", help=t("register.cli.register_help"))
    rsub = reg.add_subparsers(dest="register_command", metavar="ACTION", required=True)
    p = rsub.add_parser("import", help=t("register.cli.register_import_help"))
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_register_import)
    p = rsub.add_parser("list", help=t("register.cli.register_list_help"))
    p.add_argument("--year", type=_year, default=None, help=t("register.cli.year_help"))
    p.add_argument("--json", action="store_true", help=t("register.cli.json_help"))
    p.set_defaults(func=cmd_register_list)
    p = rsub.add_parser("link", help=t("register.cli.register_link_help"))
    p.add_argument("code", metavar="CODE")
    p.add_argument("--assessment", type=db_id, required=True, metavar="ID")
    p.add_argument("--assessor", default=None, metavar="CREDIT_CODE", help=t("register.cli.assessor_help"))
    p.set_defaults(func=cmd_register_link)
    p = rsub.add_parser("decide", help=t("register.cli.register_decide_help"))
    p.add_argument("code", metavar="CODE")
    p.add_argument("--decision", required=True, choices=("实施", "暂缓实施", "不予实施", "调整方案后实施"))
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    p.set_defaults(func=cmd_register_decide)

    p = subparsers.add_parser("coverage", help=t("register.cli.coverage_help"))
    p.add_argument("--year", type=_year, required=True, metavar="YYYY")
    p.add_argument("--json", action="store_true", help=t("register.cli.json_help"))
    p.set_defaults(func=cmd_coverage)

    ex = subparsers.add_parser("experts", help=t("register.cli.experts_help"))
    esub = ex.add_subparsers(dest="experts_command", metavar="ACTION", required=True)
    p = esub.add_parser("import", help=t("register.cli.experts_import_help"))
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_experts_import)
    p = esub.add_parser("conflict", help=t("register.cli.experts_conflict_help"))
    p.add_argument("--expert", required=True, metavar="USERNAME")
    p.add_argument("--assessment", type=db_id, required=True, metavar="ID")
    p.add_argument("--reason", required=True, metavar="TEXT")
    p.set_defaults(func=cmd_experts_conflict)
    p = esub.add_parser("draw", help=t("register.cli.experts_draw_help"))
    p.add_argument("--assessment", type=db_id, required=True, metavar="ID")
    p.add_argument("--reason", default=None, metavar="TEXT", help=t("register.cli.reason_help"))
    p.add_argument("--json", action="store_true", help=t("register.cli.json_help"))
    p.set_defaults(func=cmd_experts_draw)
    p = esub.add_parser("replay", help=t("register.cli.experts_replay_help"))
    p.add_argument("--draw", type=db_id, required=True, metavar="DRAW_ID")
    p.add_argument("--json", action="store_true", help=t("register.cli.json_help"))
    p.set_defaults(func=cmd_experts_replay)

    fi = subparsers.add_parser("filing", help=t("register.cli.filing_help"))
    fsub = fi.add_subparsers(dest="filing_command", metavar="ACTION", required=True)
    p = fsub.add_parser("submit", help=t("register.cli.filing_submit_help"))
    p.add_argument("--assessment", type=db_id, required=True, metavar="ID")
    p.add_argument("--note", default=None, metavar="TEXT", help=t("register.cli.note_help"))
    p.add_argument("--assessor", default=None, metavar="CREDIT_CODE", help=t("register.cli.assessor_help"))
    p.set_defaults(func=cmd_filing_submit)
    p = fsub.add_parser("check", help=t("register.cli.filing_check_help"))
    p.add_argument("--assessment", type=db_id, required=True, metavar="ID")
    p.add_argument("--json", action="store_true", help=t("register.cli.json_help"))
    p.set_defaults(func=cmd_filing_check)
    p = fsub.add_parser("decide", help=t("register.cli.filing_decide_help"))
    p.add_argument("--assessment", type=db_id, required=True, metavar="ID")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--accept", action="store_true", help=t("register.cli.accept_help"))
    group.add_argument("--return", dest="return_", action="store_true", help=t("register.cli.return_help"))
    p.add_argument("--reason", default=None, metavar="TEXT", help=t("register.cli.reason_help"))
    p.set_defaults(func=cmd_filing_decide)


# --- register ----------------------------------------------------------------------------------------
def cmd_register_import(args) -> int:
    from riskmodel.services import register as reg

    out = reg.import_matters(_store(args), _system(), args.file)
    print(t("register.cli.imported", None, **out.as_dict()))
    return 0


def cmd_register_list(args) -> int:
    from riskmodel.services import register as reg

    rows = reg.list_matters(_store(args), year=args.year)
    if args.json:
        _print_json([m.as_dict() for m in rows])
        return 0
    for m in rows:
        flag = " 未评先决" if m.decided_without_assessment else (" 偏离结论" if m.decision_departs else "")
        print(f"{m.code:<16} {m.year} {m.state:<4} {m.department:<12} {m.region:<8} {m.title}{flag}")
    return 0


def cmd_register_link(args) -> int:
    from riskmodel.services import register as reg

    out = reg.link_assessment(_store(args), _system(), args.code, args.assessment, assessor_code=args.assessor)
    if out.moved_from:
        print(t("register.cli.relinked", id=args.assessment, old=out.moved_from, code=out.code))
    else:
        print(t("register.cli.linked", id=args.assessment, code=out.code))
    return 0


def cmd_register_decide(args) -> int:
    from riskmodel.services import register as reg

    m = reg.decide(_store(args), _system(), args.code, args.decision, args.date)
    print(t("register.cli.decided", code=m.code, decision=m.decision, date=m.decision_date, state=m.state))
    if m.decided_without_assessment:
        print(t("register.cli.flag_without"))
    if m.decision_departs:
        print(t("register.cli.flag_departs", verdict=m.filed_verdict or ""))
    return 0


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def cmd_coverage(args) -> int:
    from riskmodel.services.register_coverage import coverage

    cov = coverage(_store(args), args.year)
    if args.json:
        _print_json(cov.as_dict())
        return 0
    for row in (cov.total, *cov.by_department, *cov.by_region):
        print(
            t(
                "register.cli.coverage_line",
                year=row.name,
                required=row.required,
                assessed=row.assessed,
                filed=row.filed,
                without=row.decided_without_assessment,
                coverage=_pct(row.coverage_rate),
                filing=_pct(row.filing_rate),
            )
        )
    return 0


# --- experts -----------------------------------------------------------------------------------------
def cmd_experts_import(args) -> int:
    from riskmodel.services import experts

    out = experts.import_experts(_store(args), _system(), args.file)
    print(t("register.cli.experts_imported", None, **out.as_dict()))
    return 0


def cmd_experts_conflict(args) -> int:
    from riskmodel.services import experts

    experts.declare_conflict(_store(args), _system(), args.expert, args.assessment, args.reason)
    print(t("register.cli.conflict_done", expert=args.expert, id=args.assessment))
    return 0


def cmd_experts_draw(args) -> int:
    from riskmodel.services import experts

    d = experts.draw(_store(args), _system(), args.assessment, reason=args.reason)
    if args.json:
        _print_json(d.as_dict())
        return 0
    print(
        t(
            "register.cli.drawn",
            draw=d.draw_id,
            panel=", ".join(d.panel),
            pool=d.pool_size,
            recused=len(d.recused),
            seed=d.seed,
        )
    )
    for r in d.recused:
        print(f"  - {r.username}: {t('register.recusal.' + r.reason)} {r.detail}")
    return 0


def cmd_experts_replay(args) -> int:
    from riskmodel.services import experts

    r = experts.replay(_store(args), args.draw)
    if args.json:
        _print_json(r.as_dict())
        return 0 if r.matches else 1
    result = t("register.cli.replay_same" if r.matches else "register.cli.replay_differs")
    print(t("register.cli.replayed", draw=r.draw_id, panel=", ".join(r.panel), result=result))
    return 0 if r.matches else 1


# --- filing ------------------------------------------------------------------------------------------
def cmd_filing_submit(args) -> int:
    from riskmodel.services import filing

    f = filing.submit(_store(args), _system(), args.assessment, note=args.note, assessor_code=args.assessor)
    failed = sum(1 for i in f.checklist if i.passed is False)
    print(t("register.cli.submitted", id=args.assessment, number=f.number, failed=failed))
    return 0


def cmd_filing_check(args) -> int:
    from riskmodel.services import filing

    items = filing.checklist(_store(args), args.assessment)
    if args.json:
        _print_json({"items": [i.as_dict() for i in items]})
        return 0
    for i in items:
        mark = "✓" if i.passed else ("·" if i.passed is None else "✗")
        print(t("register.cli.check_line", mark=mark, item=i.item, detail=i.detail))
    return 0


def cmd_filing_decide(args) -> int:
    from riskmodel.services import filing

    f = filing.decide(_store(args), _system(), args.assessment, accept=bool(args.accept), reason=args.reason)
    if f.state == "予以备案":
        print(t("register.cli.accepted", id=args.assessment, number=f.filing_number))
    else:
        print(t("register.cli.returned", id=args.assessment))
    return 0
