"""``python -m riskmodel bulletin --kind daily|weekly|monthly|quarterly --period P --format docx|pdf -o FILE``.

The working-rhythm documents of the feeds (issue 12): 日研判单 (P = YYYY-MM-DD), 周会办 agenda (a day of the
week or YYYY-Www), 月通报 (YYYY-MM), 季核查 sample (YYYYQn; the seed is recorded, the sample reproducible).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from riskmodel.i18n import t


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "bulletin", help=t("feeds.bulletin.cli_help"), description=t("feeds.bulletin.cli_help")
    )
    parser.add_argument("--kind", required=True, choices=("daily", "weekly", "monthly", "quarterly"))
    parser.add_argument("--period", required=True, metavar="P")
    parser.add_argument("--format", required=True, choices=("docx", "pdf"), dest="fmt")
    parser.add_argument("-o", "--output", required=True, metavar="FILE")
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from riskmodel.i18n import default_language
    from riskmodel.services.context import Actor
    from riskmodel.services.feeds_bulletin import render_bulletin
    from riskmodel.store import get_store

    data = render_bulletin(
        get_store(getattr(args, "db", None)), Actor.system(), args.kind, args.period, args.fmt, default_language()
    )
    out = Path(args.output)
    out.write_bytes(data)
    print(t("feeds.bulletin.written", file=str(out), kind=t(f"feeds.bulletin.kind.{args.kind}")))
    return 0
