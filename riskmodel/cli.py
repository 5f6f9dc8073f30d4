"""``python -m riskmodel [--db URL] COMMAND`` — the command line.

Each area contributes its sub-commands from a module in ``riskmodel/commands/`` that defines
``register(subparsers)``; every parser sets ``func(args) -> int`` (the exit code).

Every error is one line in the user's language (``RISKMODEL_LANG``) and an exit code, never a traceback:
- errors a user can fix (``RiskModelError``: a bad file, an illegal step, a missing key) → their message, 1;
- wrong arguments → a translated usage line naming the problem, 2;
- a number too large for the database, a database that refuses or cannot be reached → a message, 1;
- anything else → "unexpected error" with a reference id, 1. The traceback goes to the log file only
  (``RISKMODEL_LOG_FILE``, default ``data/logs/riskmodel.log``, or the temp directory when that is not
  writable), under the same reference.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any, NoReturn

from riskmodel import commands
from riskmodel.errors import RiskModelError
from riskmodel.i18n import t

log = logging.getLogger("riskmodel")
ENV_LOG = "RISKMODEL_LOG_FILE"


class Parser(argparse.ArgumentParser):
    """argparse with its errors as one translated line (argparse's own detail kept in it)."""

    def error(self, message: str) -> NoReturn:
        print(t("security.cli.usage", prog=self.prog, message=message), file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m riskmodel", description=t("common.cli.description"))
    parser.add_argument("--db", metavar="URL", default=None, help=t("common.cli.db_help"))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(subparsers)
    return parser


def log_file() -> Path:
    """Where the command line writes tracebacks (created on first use)."""
    configured = os.environ.get(ENV_LOG)
    if configured:
        return Path(configured)
    from riskmodel.store.db import REPO_ROOT

    return REPO_ROOT / "data" / "logs" / "riskmodel.log"


def _log_to_file() -> Path:
    """Send the ``riskmodel`` log to a file (never to the terminal); the file used."""
    for handler in log.handlers:
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    for path in (log_file(), Path(tempfile.gettempdir()) / "riskmodel.log"):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = logging.FileHandler(path, encoding="utf-8")
        except OSError:
            continue
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.propagate = False
        return path
    return Path(os.devnull)


def _unexpected(kind: str, **params: Any) -> int:
    ref = uuid.uuid4().hex[:8]
    path = _log_to_file()
    log.exception("command line error (%s), reference %s", kind, ref)
    print(t(f"security.cli.{kind}", ref=ref, log=str(path), **params), file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # --help exits 0; a usage error prints one line and exits 2
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except RiskModelError as exc:
        print(f"{t('common.cli.error_prefix')}: {exc.message()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OverflowError:
        return _unexpected("number_too_large")
    except Exception as exc:  # noqa: BLE001 — the one place every other error becomes a message
        from sqlalchemy.exc import DBAPIError

        if isinstance(exc, DBAPIError):
            lines = str(exc.orig).strip().splitlines() or [type(exc.orig).__name__]
            return _unexpected("database_error", reason=lines[0][:300])
        return _unexpected("unexpected")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
