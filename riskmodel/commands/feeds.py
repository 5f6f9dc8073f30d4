"""``python -m riskmodel feeds import|metrics|signals`` — the 12345, 信访 and grid feeds (issue 12).

- ``feeds import FILE --source 12345|petition|grid [--mapping FILE.yaml] [--skip-invalid] [--report FILE]``:
  progress on stderr; without ``--skip-invalid`` nothing is stored when any row is invalid (each problem
  printed with its row, column and value); with it the rejected rows go to a report file (CSV, default
  ``<FILE>.rejected.csv``). Re-importing adds nothing (keyed by the source's record number).
- ``feeds metrics [--period YYYY-MM] [--region R] [--project CODE] --json``
- ``feeds signals [--as-of YYYY-MM-DD] --json``: a list of project, region, category, window, count,
  baseline, change, level, method (the run is stored for the 日研判单 and the dashboard).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from riskmodel.errors import ValidationError
from riskmodel.i18n import t

MAX_PRINTED = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("feeds", help=t("feeds.cli.help"), description=t("feeds.cli.help"))
    sub = parser.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    imp = sub.add_parser("import", help=t("feeds.cli.import_help"))
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--source", required=True, choices=("12345", "petition", "grid"))
    imp.add_argument("--mapping", metavar="FILE.yaml", default=None, help=t("feeds.cli.mapping_help"))
    imp.add_argument("--skip-invalid", action="store_true", dest="skip_invalid", help=t("feeds.cli.skip_help"))
    imp.add_argument("--report", metavar="FILE", default=None, help=t("feeds.cli.report_help"))
    imp.add_argument("--json", action="store_true", help=t("feeds.cli.json_help"))
    imp.set_defaults(func=handle_import)
    met = sub.add_parser("metrics", help=t("feeds.cli.metrics_help"))
    met.add_argument("--period", metavar="YYYY-MM", default=None)
    met.add_argument("--region", metavar="R", default=None)
    met.add_argument("--project", metavar="CODE", default=None)
    met.add_argument("--json", action="store_true", help=t("feeds.cli.json_help"))
    met.set_defaults(func=handle_metrics)
    sig = sub.add_parser("signals", help=t("feeds.cli.signals_help"))
    sig.add_argument("--as-of", metavar="YYYY-MM-DD", dest="as_of", default=None)
    sig.add_argument("--json", action="store_true", help=t("feeds.cli.json_help"))
    sig.set_defaults(func=handle_signals)


def _store(args: argparse.Namespace) -> Any:
    from riskmodel.store import get_store

    return get_store(getattr(args, "db", None))


def _progress(stage: str, done: int, total: int) -> None:
    print(
        "\r" + t("feeds.cli.progress", stage=t(f"feeds.stage.{stage}"), done=done, total=total), end="", file=sys.stderr
    )
    if done >= total:
        print(file=sys.stderr)


def write_report(path: Path, rejected: list[Any]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [t("feeds.report.row"), t("feeds.report.column"), t("feeds.report.value"), t("feeds.report.problem")]
        )
        for r in rejected:
            w.writerow([r.row, r.column, _safe(r.value), r.problem])


def _safe(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def handle_import(args: argparse.Namespace) -> int:
    from riskmodel.feeds.profiles import load_mapping
    from riskmodel.services.context import Actor
    from riskmodel.services.feeds import ImportRefused, import_feed

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError("feeds.import.unreadable", file=path.name, reason=exc.strerror or str(exc)) from None
    mapping = load_mapping(args.mapping, args.source) if args.mapping else None
    try:
        result = import_feed(
            _store(args),
            Actor.system(),
            data,
            path.name,
            args.source,
            mapping=mapping,
            skip_invalid=args.skip_invalid,
            progress=_progress,
        )
    except ImportRefused as exc:
        for e in exc.errors[:MAX_PRINTED]:
            print(
                t("feeds.cli.row_error", row=e.row, column=e.column, value=e.value, problem=t(e.key)), file=sys.stderr
            )
        if len(exc.errors) > MAX_PRINTED:
            print(t("feeds.cli.more_errors", count=len(exc.errors) - MAX_PRINTED), file=sys.stderr)
        raise
    out = result.to_dict()
    if result.rejected:
        report = Path(args.report) if args.report else path.with_name(path.name + ".rejected.csv")
        write_report(report, result.rejected)
        out["report"] = str(report)
    if args.json:
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(t("feeds.cli.imported", **{k: v for k, v in out.items() if k != "file"}, file=path.name))
        if result.rejected:
            print(t("feeds.cli.report_written", count=len(result.rejected), file=out["report"]))
    return 0


def handle_metrics(args: argparse.Namespace) -> int:
    from riskmodel.services.feeds import feed_metrics

    result = feed_metrics(_store(args), period=args.period, region=args.region, project=args.project)
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for key, value in result.items():
            print(f"{t('feeds.metric.' + key)}: {'—' if value is None else value}")
    return 0


def handle_signals(args: argparse.Namespace) -> int:
    from riskmodel.services.context import Actor
    from riskmodel.services.feeds import run_signals
    from riskmodel.services.views.feeds import SignalView

    as_of = None
    if args.as_of:
        try:
            as_of = date.fromisoformat(args.as_of)
        except ValueError:
            raise ValidationError("feeds.cli.bad_date", value=args.as_of) from None
    found = run_signals(_store(args), Actor.system(), as_of)
    if args.json:
        json.dump([SignalView.from_signal(s).to_dict() for s in found], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for s in found:
            print(
                t(
                    "feeds.cli.signal_line",
                    level=s.level,
                    project=s.project or "—",
                    region=s.region or "—",
                    category=s.category or t("feeds.all_categories"),
                    count=s.count,
                    baseline="—" if s.baseline is None else s.baseline,
                    change="—" if s.change is None else f"{s.change:+.0%}",
                    method=s.method,
                )
            )
        if not found:
            print(t("feeds.cli.no_signals"))
    return 0
