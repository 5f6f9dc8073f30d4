"""``python -m riskmodel [--db URL] COMMAND`` — the command line.

Each area contributes its sub-commands from a module in ``riskmodel/commands/`` that defines
``register(subparsers)``; every parser sets ``func(args) -> int`` (the exit code). Errors a user can
fix (``RiskModelError``) print their message in the user's language and exit 1; anything else prints
a short message with a reference id (the traceback goes to the log), never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
import uuid

from riskmodel import commands
from riskmodel.errors import RiskModelError
from riskmodel.i18n import t

log = logging.getLogger("riskmodel")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m riskmodel", description=t("common.cli.description"))
    parser.add_argument("--db", metavar="URL", default=None, help=t("common.cli.db_help"))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception:
        ref = uuid.uuid4().hex[:8]
        logging.basicConfig()
        log.exception("unexpected error, reference %s", ref)
        print(t("common.error.unexpected", ref=ref), file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
