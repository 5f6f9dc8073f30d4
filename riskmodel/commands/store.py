"""Store commands: init-db, seed-demo, projects, import-ratings, import-survey, backup, restore,
audit-verify, audit-checkpoint, rotate-key, pg-grants, users, rounds, refresh-results, portfolio.

``assess --assessment ID`` is registered by the engine's command module; it calls
``riskmodel.services.assessments.assessment_input``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import sys

from riskmodel.domain import ROLES
from riskmodel.errors import ValidationError
from riskmodel.i18n import t

ID_MAX = 2**31 - 1  # ids are PostgreSQL integers


def db_id(text: str) -> int:
    """An id argument: a whole number the database can hold, or a translated usage error."""
    if not re.fullmatch(r"[0-9]{1,10}", (text or "").strip()) or not 1 <= int(text) <= ID_MAX:
        raise argparse.ArgumentTypeError(t("security.cli.bad_id", value=text[:40], max=ID_MAX))
    return int(text)


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
    p.add_argument("--assessment", type=db_id, required=True, metavar="ID")
    p.add_argument("--expert", required=True, metavar="USERNAME")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_import_ratings)

    p = subparsers.add_parser("import-survey", help=t("store.cli.import_survey_help"))
    p.add_argument("--assessment", type=db_id, required=True, metavar="ID")
    p.add_argument("--method", default=None, help=t("store.cli.survey_method_help"))
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_import_survey)

    p = subparsers.add_parser("backup", help=t("store.cli.backup_help"))
    p.add_argument("file", metavar="FILE.json")
    p.set_defaults(func=cmd_backup)

    p = subparsers.add_parser("restore", help=t("store.cli.restore_help"))
    p.add_argument("file", metavar="FILE.json")
    p.set_defaults(func=cmd_restore)

    p = subparsers.add_parser("audit-verify", help=t("security.cli.audit_verify_help"))
    p.add_argument("--checkpoint", metavar="FILE", default=None, help=t("security.cli.checkpoint_file_help"))
    p.add_argument("--public-key", metavar="KEY", default=None, help=t("security.cli.public_key_help"))
    p.set_defaults(func=cmd_audit_verify)

    p = subparsers.add_parser("audit-checkpoint", help=t("security.cli.audit_checkpoint_help"))
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=t("security.cli.checkpoint_out_help"))
    p.add_argument("--signing-key", metavar="FILE", default=None, help=t("security.cli.signing_key_help"))
    p.set_defaults(func=cmd_audit_checkpoint)

    p = subparsers.add_parser("rotate-key", help=t("security.cli.rotate_key_help"))
    p.add_argument("purpose", choices=("audit", "checkpoint"))
    p.set_defaults(func=cmd_rotate_key)

    p = subparsers.add_parser("pg-grants", help=t("security.cli.pg_grants_help"))
    p.add_argument("role", help=t("security.cli.pg_role_help"))
    p.add_argument("--apply", action="store_true", help=t("security.cli.pg_apply_help"))
    p.set_defaults(func=cmd_pg_grants)

    p = subparsers.add_parser("refresh-results", help=t("store.cli.refresh_help"))
    p.add_argument("--assessment", type=db_id, default=None, metavar="ID")
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
    p = usub.add_parser("set-role", help=t("security.cli.users_set_role_help"))
    p.add_argument("username")
    p.add_argument("role", choices=ROLES)
    p.set_defaults(func=cmd_users_change, change="role")
    p = usub.add_parser("reset-password", help=t("security.cli.users_reset_password_help"))
    p.add_argument("username")
    p.add_argument("--password-env", default=None, metavar="VAR", help=t("store.cli.users_password_env_help"))
    p.set_defaults(func=cmd_users_change, change="password")
    for action in ("activate", "deactivate", "reset-totp", "unlock"):
        p = usub.add_parser(action, help=t(f"security.cli.users_{action.replace('-', '_')}_help"))
        p.add_argument("username")
        p.set_defaults(func=cmd_users_change, change=action)

    rounds = subparsers.add_parser("rounds", help=t("store.cli.rounds_help"))
    rsub = rounds.add_subparsers(dest="rounds_command", metavar="ACTION", required=True)
    for action in ("open", "close"):
        p = rsub.add_parser(action, help=t(f"store.cli.rounds_{action}_help"))
        p.add_argument("--assessment", type=db_id, required=True, metavar="ID")
        p.set_defaults(func=cmd_rounds, action=action)


# --- handlers ------------------------------------------------------------------------------------
def cmd_init_db(args) -> int:
    from riskmodel.store.db import redact
    from riskmodel.store.migrate import head_revision

    store = _store(args)
    print(t("store.cli.init_db_done", url=redact(store.url), revision=head_revision()))
    return 0


def cmd_seed_demo(args) -> int:
    from riskmodel.services import bootstrap, demo

    store = _store(args)
    summary = bootstrap.seed_demo(store, if_empty=args.if_empty)
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
                accounts=", ".join(demo.DEMO_ACCOUNTS),
            )
        )
    return 0


def cmd_projects(args) -> int:
    from riskmodel.services import projects

    rows = projects.list_projects(_store(args))
    if args.json:
        _print_json([p.to_dict() for p in rows])
        return 0
    for p in rows:
        print(f"{p.id:>4}  {p.code:<14} {p.type:<10} {p.region:<8} {p.name}")
        for a in p.assessments:
            print(
                f"      #{a.id:<4} {a.questionnaire_id}@{a.questionnaire_version}"
                f"  {a.state.value:<5} {a.level or '-'}/{a.residual_level or '-'}  {a.verdict or '-'}"
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
            count=out.ratings,
            expert=args.expert,
            id=args.assessment,
            round=out.round,
            submission=out.submission_id,
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
            support=out.support,
            neutral=out.neutral,
            oppose=out.oppose,
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
    from riskmodel.services import checkpoint
    from riskmodel.services.audit import audit_count, verify_audit

    store = _store(args)
    cp = checkpoint.read_checkpoint(args.checkpoint, public_key=args.public_key) if args.checkpoint else None
    broken = verify_audit(store)
    if broken is None and cp is not None:
        broken = checkpoint.check_against(store, cp)
    if broken is None:
        print(t("security.cli.audit_ok", count=audit_count(store)))
        if cp is not None:
            local = checkpoint.local_public_key(store)
            trust = "security.cli.checkpoint_ok_local" if local == cp.public_key else "security.cli.checkpoint_ok"
            print(t(trust, seq=cp.seq, made_at=cp.made_at, key_id=cp.key_id))
        return 0
    print(
        t("security.cli.audit_broken", reason=t(f"security.audit.reason.{broken.reason}", **broken.params())),
        file=sys.stderr,
    )
    return 1


def cmd_audit_checkpoint(args) -> int:
    from riskmodel.services import checkpoint

    seed = checkpoint.read_seed(args.signing_key) if args.signing_key else None
    cp = checkpoint.make_checkpoint(_store(args), args.output, seed=seed)
    print(t("security.cli.checkpoint_done", file=args.output, seq=cp.seq, hash=cp.hash[:16], key_id=cp.key_id))
    return 0


def cmd_rotate_key(args) -> int:
    from riskmodel import keys

    store = _store(args)
    old, new = keys.rotate_key(args.purpose, store.url)
    print(t("security.cli.key_rotated", purpose=args.purpose, old=old, new=new))
    return 0


_APPEND_ONLY = ("verdicts", "submissions", "ratings", "audit_log", "outcome_tracking", "outcome_incidents")
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def grant_statements(role: str, tables: list[str]) -> list[str]:
    """GRANTs for the app's PostgreSQL role: no UPDATE, DELETE or TRUNCATE on the signed records."""
    if not _ROLE_NAME.match(role):
        raise ValidationError("security.cli.bad_role_name", role=role)
    q = f'"{role}"'
    signed = [t_ for t_ in _APPEND_ONLY if t_ in tables]
    other = [t_ for t_ in tables if t_ not in _APPEND_ONLY and t_ != "alembic_version"]
    out = [f"GRANT USAGE ON SCHEMA public TO {q};"]
    if "alembic_version" in tables:
        out.append(f"GRANT SELECT ON alembic_version TO {q};")
    if signed:
        out.append(f"GRANT SELECT, INSERT ON {', '.join(signed)} TO {q};")
        out.append(f"REVOKE UPDATE, DELETE, TRUNCATE ON {', '.join(signed)} FROM {q};")
    if other:
        out.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(other)} TO {q};")
    out.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {q};")
    return out


def cmd_pg_grants(args) -> int:
    from sqlalchemy import text

    store = _store(args)
    if store.dialect != "postgresql":
        raise ValidationError("security.cli.pg_only")
    with store.read() as s:
        tables = [
            r[0] for r in s.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"))
        ]
    statements = grant_statements(args.role, tables)
    if args.apply:
        with store.transaction() as s:
            for statement in statements:
                s.execute(text(statement))
        print(t("security.cli.grants_applied", role=args.role, count=len(statements)))
    else:
        print("\n".join(statements))
    return 0


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


def _password(args) -> str:
    if args.password_env:
        password = os.environ.get(args.password_env)
        if not password:
            raise ValidationError("store.cli.password_env_missing", var=args.password_env)
        return password
    try:
        return getpass.getpass(t("store.cli.password_prompt", username=args.username))
    except EOFError:  # no terminal to ask on (a script): say how to pass it
        raise ValidationError("security.cli.password_needed") from None


def cmd_users_add(args) -> int:
    from riskmodel.services import auth
    from riskmodel.services.context import Actor

    if args.username.strip().lower().startswith(auth.DEMO_PREFIX):
        raise ValidationError("security.user.demo_prefix", prefix=auth.DEMO_PREFIX)
    password = _password(args)
    user = auth.create_user(
        _store(args), Actor.system(), args.username, password, args.role, display_name=args.name, field=args.field
    )
    print(t("store.cli.user_added", username=user.username, role=user.role))
    return 0


def cmd_users_list(args) -> int:
    from riskmodel.services import auth
    from riskmodel.services.context import Actor

    rows = auth.list_users(_store(args), Actor.system())
    if args.json:
        _print_json([u.to_dict() for u in rows])
    else:
        for u in rows:
            print(f"{u.username:<20} {u.role:<10} {u.display_name}{'' if u.active else '  (inactive)'}")
    return 0


def cmd_users_change(args) -> int:
    from riskmodel.services import auth
    from riskmodel.services.context import Actor

    store, system = _store(args), Actor.system()
    if args.change == "role":
        auth.set_role(store, system, args.username, args.role)
    elif args.change == "password":
        auth.set_password(store, system, args.username, _password(args))
    elif args.change in ("activate", "deactivate"):
        auth.set_active(store, system, args.username, args.change == "activate")
    elif args.change == "reset-totp":
        auth.reset_second_factor(store, system, args.username)
    else:
        auth.unlock_account(store, system, args.username)
    print(t("security.cli.user_changed", username=args.username, change=t(f"security.cli.change.{args.change}")))
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
    number = None if out.round is None else out.round.number
    print(t(key, id=args.assessment, number=number, state=out.state.value))
    return 0
