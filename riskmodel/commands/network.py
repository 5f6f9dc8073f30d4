"""``python -m riskmodel network``: analyse a stakeholder network and simulate mobilisation.

Input is a nodes/edges file pair (CSV or XLSX), or ``--project ID`` (id or code): the latest network stored
for the project in the database (``--db``), as of ``--as-of`` when given. Either way the handler builds a ``Network`` and hands it to
``riskmodel.network.report.network_report`` — loading and analysing stay separate.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from riskmodel.errors import NotFoundError, ValidationError
from riskmodel.i18n import default_language, t
from riskmodel.network.io import read_network
from riskmodel.network.model import Network
from riskmodel.network.report import format_report, network_report


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("network", help=t("network.cli.help"), description=t("network.cli.help"))
    parser.add_argument("--nodes", metavar="FILE", help=t("network.cli.nodes_help"))
    parser.add_argument("--edges", metavar="FILE", help=t("network.cli.edges_help"))
    parser.add_argument("--project", metavar="ID", help=t("network.cli.project_help"))
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", dest="as_of", help=t("network.cli.as_of_help"))
    parser.add_argument("--runs", type=int, default=1000, help=t("network.cli.runs_help"))
    parser.add_argument("--seed", type=int, default=42, help=t("network.cli.seed_help"))
    parser.add_argument("--json", action="store_true", help=t("network.cli.json_help"))
    parser.set_defaults(func=handle)


def load_network(args: argparse.Namespace) -> Network:
    """The network named on the command line: a file pair, or the project's latest stored version."""
    if args.project is not None:
        from riskmodel.services.network_analysis import project_network
        from riskmodel.store import get_store

        stored = project_network(get_store(getattr(args, "db", None)), args.project)
        if stored is None:
            raise NotFoundError("network.cli.project_no_network", project=args.project)
        return stored.network
    if not args.nodes:
        raise ValidationError("network.cli.need_files")
    return read_network(args.nodes, args.edges)


def handle(args: argparse.Namespace) -> int:
    if args.runs < 1:
        raise ValidationError("network.simulate.bad_runs", runs=args.runs)
    network = load_network(args)
    if args.as_of:
        try:
            day = date.fromisoformat(args.as_of)
        except ValueError:
            raise ValidationError("network.cli.bad_as_of", value=args.as_of) from None
        network = network.as_of(day)
    report = network_report(network, runs=args.runs, seed=args.seed)
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(format_report(report, default_language()))
    return 0
