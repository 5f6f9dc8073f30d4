"""Store commands: init-db, seed-demo, projects, import-ratings, import-survey, backup, restore,
audit-verify, users, rounds, refresh-results, portfolio.

``assess --assessment ID`` is registered by the engine's command module; it calls
``riskmodel.services.assessments.assessment_input``.
"""

from __future__ import annotations

import getpass
import json
import os
import sys

from riskmodel.domain import ROLES
from riskmodel.errors import ValidationError
from riskmodel.i18n import t


def _store(args):
    from riskmodel.store.db import get_store

    return get_store(args.db)


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, default=str))


def register(subparsers) -> None:
    p = subparsers.add_parser("init-db", help=t("store.cli.init_db_help"))
    p.set_defaults(func=cmd_init_db)

    p = subparsers.add_parser("seed-demo", help=t("store.cli.seed_demo_help"))
    p.add_argument("--if-empty", action="store_true", help=t("store.cli.if_empty_help"))
    p.set_defaults(func=cmd_seed_demo)

    p = subparsers.add_parser("projects", help=t("store.cli.projects_help"))
    p.add_argument("--json", action="store_true", help=t("store.cli.json_help"))
    p.set_defaults(func=cmd_projects)

    p = subparsers.add_parser("portfolio", help=t("store.cli.portfolio_help"))
    p.add_argument("--json", action="store_true", help=t("store.cli.json_help"))
    p.add_argument("--all", action="store_true", help=t("store.cli.all_assessments_help"))
    p.set_defaults(func=cmd_portfolio)

    p = subparsers.add_parser("import-ratings", help=t("store.cli.import_ratings_help"))
    p.add_argument("--assessment", type=int, required=True, metavar="ID")
    p.add_argument("--expert", required=True, metavar="USERNAME")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_import_ratings)

    p = subparsers.add_parser("import-survey", help=t("store.cli.import_survey_help"))
    p.add_argument("--assessment", type=int, required=True, metavar="ID")
    p.add_argument("--method", default=None, help=t("store.cli.survey_method_help"))
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_import_survey)

    p = subparsers.add_parser("backup", help=t("store.cli.backup_help"))
    p.add_argument("file", metavar="FILE.json")
    p.set_defaults(func=cmd_backup)

    p = subparsers.add_parser("restore", help=t("store.cli.restore_help"))
    p.add_argument("file", metavar="FILE.json")
    p.set_defaults(func=cmd_restore)

    p = subparsers.add_parser("audit-verify", help=t("store.cli.audit_verify_help"))
    p.set_defaults(func=cmd_audit_verify)

    p = subparsers.add_parser("refresh-results", help=t("store.cli.refresh_help"))
    p.add_argument("--assessment", type=int, default=None, metavar="ID")
    p.set_defaults(func=cmd_refresh)

    users = subparsers.add_parser("users", help=t("store.cli.users_help"))
    usub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    p = usub.add_parser("add", help=t("store.cli.users_add_help"))
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--name", default=None, help=t("store.cli.users_name_help"))
    p.add_argument("--field", default=None, help=t("store.cli.users_field_help"))
    p.add_argument("--password-env", default=None, metavar="VAR", help=t("store.cli.users_password_env_help"))
    p.set_defaults(func=cmd_users_add)
    p = usub.add_parser("list", help=t("store.cli.users_list_help"))
    p.add_argument("--json", action="store_true", help=t("store.cli.json_help"))
    p.set_defaults(func=cmd_users_list)

    rounds = subparsers.add_parser("rounds", help=t("store.cli.rounds_help"))
    rsub = rounds.add_subparsers(dest="rounds_command", metavar="ACTION", required=True)
    for action in ("open", "close"):
        p = rsub.add_parser(action, help=t(f"store.cli.rounds_{action}_help"))
        p.add_argument("--assessment", type=int, required=True, metavar="ID")
        p.set_defaults(func=cmd_rounds, action=action)


# --- handlers ------------------------------------------------------------------------------------
def cmd_init_db(args) -> int:
    from riskmodel.store.db import redact
    from riskmodel.store.migrate import head_revision

    store = _store(args)
    print(t("store.cli.init_db_done", url=redact(store.url), revision=head_revision()))
    return 0


def cmd_seed_demo(args) -> int:
    from riskmodel.services import demo

    store = _store(args)
    summary = demo.seed_demo(store, if_empty=args.if_empty)
    if summary is None:
        print(t("store.cli.seed_skipped"))
    else:
        print(
            t(
                "store.cli.seed_done",
                projects=summary["projects"],
                assessments=summary["assessments"],
                ratings=summary["ratings"],
                seconds=f"{summary['seconds']:.1f}",
            )
        )
    return 0


def cmd_projects(args) -> int:
    from riskmodel.services import projects

    rows = projects.list_projects(_store(args))
    if args.json:
        _print_json(rows)
        return 0
    for p in rows:
        print(f"{p['id']:>4}  {p['code']:<14} {p['type']:<10} {p['region']:<8} {p['name']}")
        for a in p["assessments"]:
            print(
                f"      #{a['id']:<4} {a['questionnaire']['id']}@{a['questionnaire']['version']}"
                f"  {a['state']:<5} {a['level'] or '-'}/{a['residual_level'] or '-'}  {a['verdict'] or '-'}"
            )
    return 0


def cmd_portfolio(args) -> int:
    from riskmodel.services.portfolio import PortfolioFilter, portfolio

    rows = portfolio(_store(args), PortfolioFilter(latest_only=not args.all))
    if args.json:
        _print_json(rows)
        return 0
    for r in rows:
        print(
            f"{r['project_code']:<14} {r['region']:<8} {r['type']:<10} {r['state']:<5} "
            f"{r['level'] or '-'}/{r['residual_level'] or '-'} {r['verdict'] or '-'}  {r['project']}"
        )
    return 0


def cmd_import_ratings(args) -> int:
    from riskmodel.services import auth, imports

    store = _store(args)
    expert = auth.actor_for(store, args.expert)
    out = imports.import_ratings(store, expert, args.assessment, args.file)
    print(
        t(
            "store.cli.import_ratings_done",
            count=out["ratings"],
            expert=args.expert,
            id=args.assessment,
            round=out["round"],
            submission=out["submission_id"],
        )
    )
    return 0


def cmd_import_survey(args) -> int:
    from riskmodel.services import imports
    from riskmodel.services.context import Actor

    out = imports.import_survey(_store(args), Actor.system(), args.assessment, args.file, method=args.method)
    print(
        t(
            "store.cli.import_survey_done",
            id=args.assessment,
            support=out["support"],
            neutral=out["neutral"],
            oppose=out["oppose"],
        )
    )
    return 0


def cmd_backup(args) -> int:
    from riskmodel.store.backup import backup

    counts = backup(_store(args), args.file)
    print(t("store.cli.backup_done", file=args.file, rows=sum(counts.values()), tables=len(counts)))
    return 0


def cmd_restore(args) -> int:
    from riskmodel.store.backup import restore

    counts = restore(_store(args), args.file)
    print(t("store.cli.restore_done", file=args.file, rows=sum(counts.values()), tables=len(counts)))
    return 0


def cmd_audit_verify(args) -> int:
    from riskmodel.services.audit import audit_count, verify_audit

    store = _store(args)
    broken = verify_audit(store)
    if broken is None:
        print(t("store.cli.audit_ok", count=audit_count(store)))
        return 0
    print(t("store.cli.audit_broken", seq=broken.seq, reason=t(f"store.audit.reason.{broken.reason}")), file=sys.stderr)
    return 1


def cmd_refresh(args) -> int:
    from riskmodel.services import assessments

    store = _store(args)
    if args.assessment is not None:
        assessments.refresh_result(store, args.assessment)
        count = 1
    else:
        count = assessments.refresh_stale_results(store)
    print(t("store.cli.refresh_done", count=count))
    return 0


def cmd_users_add(args) -> int:
    from riskmodel.services import auth
    from riskmodel.services.context import Actor

    if args.password_env:
        password = os.environ.get(args.password_env)
        if not password:
            raise ValidationError("store.cli.password_env_missing", var=args.password_env)
    else:
        password = getpass.getpass(t("store.cli.password_prompt", username=args.username))
    user = auth.create_user(
        _store(args), Actor.system(), args.username, password, args.role, display_name=args.name, field=args.field
    )
    print(t("store.cli.user_added", username=user["username"], role=user["role"]))
    return 0


def cmd_users_list(args) -> int:
    from riskmodel.services import auth
    from riskmodel.services.context import Actor

    rows = auth.list_users(_store(args), Actor.system())
    if args.json:
        _print_json(rows)
    else:
        for u in rows:
            print(f"{u['username']:<20} {u['role']:<10} {u['display_name']}{'' if u['active'] else '  (inactive)'}")
    return 0


def cmd_rounds(args) -> int:
    from riskmodel.services import rounds
    from riskmodel.services.context import Actor

    store = _store(args)
    if args.action == "open":
        out = rounds.open_next_round(store, Actor.system(), args.assessment)
    else:
        out = rounds.close_round(store, Actor.system(), args.assessment)
    key = "store.cli.round_opened" if args.action == "open" else "store.cli.round_closed"
    print(t(key, id=args.assessment, number=out["round"]["number"], state=out["state"]))
    return 0
