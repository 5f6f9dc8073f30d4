"""Import and export of ``nodes.csv`` / ``edges.csv`` (CSV in UTF-8 with or without BOM, GB18030, or XLSX).

Import is all-or-nothing: every row is checked and *every* problem is collected with its file, the
spreadsheet row a user sees (header = row 1) and the column, then ``NetworkImportError`` is raised with
the whole list — nothing is stored unless the whole pair is valid.

Export writes the same columns back (CSV with BOM so Excel shows Chinese correctly, or XLSX) and
neutralises spreadsheet formula injection: a text cell starting with ``= + - @``, tab or CR gets a leading
apostrophe (numbers stay numbers). Import strips that apostrophe again, so export → import round-trips.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from riskmodel.errors import ValidationError
from riskmodel.i18n import t
from riskmodel.network.model import CHANNELS, RELATIONS, STATUSES, SYMMETRIC_RELATIONS, Edge, Network, Node

Source = str | Path | bytes | BinaryIO

NODE_REQUIRED = ("id", "name", "kind", "people", "attitude", "grievance", "influence")
NODE_DISPUTE = ("channel", "category", "status", "opened", "closed")
NODE_OPTIONAL = NODE_DISPUTE + ("valid_from", "valid_to")
NODE_COLUMNS = NODE_REQUIRED + NODE_OPTIONAL
EDGE_REQUIRED = ("source", "target", "relation", "weight")
EDGE_OPTIONAL = ("valid_from", "valid_to")
EDGE_COLUMNS = EDGE_REQUIRED + EDGE_OPTIONAL

KIND_ALIASES = {
    "group": "group",
    "群体": "group",
    "person": "person",
    "个人": "person",
    "人员": "person",
    "organisation": "organisation",
    "organization": "organisation",
    "组织": "organisation",
    "机构": "organisation",
    "单位": "organisation",
    "dispute": "dispute",
    "纠纷": "dispute",
    "矛盾纠纷": "dispute",
}
RELATION_ALIASES = {
    **{r: r for r in RELATIONS},
    "成员": "member_of",
    "属于": "member_of",
    "代表": "represents",
    "结盟": "allied_with",
    "同盟": "allied_with",
    "反对": "opposes",
    "对立": "opposes",
    "影响": "influences",
    "涉及": "involved_in",
    "参与": "involved_in",
}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_MINUS = str.maketrans({"−": "-", "－": "-", "＋": "+", "．": "."})
_DATE_RE = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\s*$"
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import: where (file, row, column) and why (catalog key + params)."""

    file: str
    row: int | None
    column: str | None
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        if self.row is not None and self.column:
            where = t("network.import.at_cell", lang, file=self.file, row=self.row, column=self.column)
        elif self.row is not None:
            where = t("network.import.at_row", lang, file=self.file, row=self.row)
        else:
            where = t("network.import.at_file", lang, file=self.file)
        return f"{where}: {t(self.key, lang, **self.params)}"

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "key": self.key,
            "params": {k: str(v) for k, v in self.params.items()},
            "message": self.message(lang),
        }


class NetworkImportError(ValidationError):
    """The file pair is invalid; ``problems`` lists every row-level problem (nothing was stored)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("network.import.failed", count=len(self.problems))

    def message(self, lang: str | None = None) -> str:
        head = t("network.import.failed", lang, count=len(self.problems))
        return "\n".join([head] + [f"  - {p.message(lang)}" for p in self.problems])


@dataclass
class Table:
    file: str
    columns: list[str]
    rows: list[tuple[int, dict[str, Any]]]
    problems: list[Problem]
    header_row: int = 1

    @property
    def ok(self) -> bool:
        return not self.problems


# --- reading ------------------------------------------------------------------------------------------


def _display_name(source: Source, name: str | None, default: str) -> str:
    if name:
        return Path(name).name
    if isinstance(source, (str, Path)):
        return Path(source).name
    source_name = getattr(source, "name", None)
    return Path(str(source_name)).name if source_name else default


def _read_bytes(source: Source) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, (str, Path)):
        return Path(source).read_bytes()
    data = source.read()
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


def read_table(
    source: Source, name: str | None = None, *, default_name: str = "nodes.csv", sheet: str | None = None
) -> Table:
    """Read one CSV or XLSX table into (spreadsheet row number, {column: raw value}) records."""
    file = _display_name(source, name, default_name)
    try:
        data = _read_bytes(source)
    except OSError as exc:
        return Table(
            file, [], [], [Problem(file, None, None, "network.import.unreadable", {"reason": exc.strerror or exc})]
        )
    records, problem = _records(data, file, sheet)
    if problem:
        return Table(file, [], [], [Problem(file, None, None, problem[0], problem[1])])
    return _to_table(file, records)


def _records(data: bytes, file: str, sheet: str | None) -> tuple[list[tuple[int, list[Any]]], tuple[str, dict] | None]:
    """Rows through the hardened reader (``riskmodel.tabular``: size, row and cell limits, zip bombs, XLSX
    dimensions, encodings); its refusal becomes the file-level problem of the import report."""
    from riskmodel import tabular

    try:
        rows = tabular.read_rows(data, file, sheet=sheet)
    except tabular.SheetMissing as exc:
        return [], ("network.import.missing_sheet", {"sheet": exc.sheet, "sheets": ", ".join(exc.sheets)})
    except ValidationError as exc:
        if exc.key in ("security.files.bad_xlsx", "security.files.bad_csv"):
            return [], ("network.import.unreadable", {"reason": exc.params.get("reason", "XLSX")})
        return [], (exc.key, dict(exc.params))
    return list(enumerate(rows, start=1)), None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _to_table(file: str, records: list[tuple[int, list[Any]]]) -> Table:
    records = [(i, row) for i, row in records if not all(_blank(v) for v in row)]
    if not records:
        return Table(file, [], [], [Problem(file, None, None, "network.import.empty_file")])
    header_row, header = records[0]
    problems: list[Problem] = []
    columns: list[str | None] = []
    for cell in header:
        col = None if _blank(cell) else str(cell).strip().lstrip("\ufeff").strip().lower()
        if col is not None and col in columns:
            problems.append(Problem(file, header_row, col, "network.import.duplicate_column", {"column": col}))
            col = None
        columns.append(col)
    rows = []
    for number, raw in records[1:]:
        values: dict[str, Any] = {}
        for pos, value in enumerate(raw):
            col = columns[pos] if pos < len(columns) else None
            if col is None:
                if not _blank(value) and (pos >= len(header) or _blank(header[pos])):
                    problems.append(Problem(file, number, None, "network.import.unnamed_column", {"index": pos + 1}))
                continue
            values[col] = value
        rows.append((number, values))
    return Table(file, [c for c in columns if c], rows, problems, header_row)


# --- cell parsing ---------------------------------------------------------------------------------------


class _Bad(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    text = value.isoformat() if isinstance(value, date) else str(value)
    text = text.strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        text = text[1:]  # undo our own export escaping
    return text


def _number(value: Any, column: str) -> float:
    if isinstance(value, bool):
        raise _Bad("network.import.not_number", column=column, value=value)
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = _text(value).translate(_MINUS)
        try:
            number = float(text)
        except ValueError:
            raise _Bad("network.import.not_number", column=column, value=_text(value)) from None
    if not math.isfinite(number):
        raise _Bad("network.import.not_number", column=column, value=_text(value))
    return number


def _date(value: Any, column: str) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    match = _DATE_RE.match(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise _Bad("network.import.bad_date", column=column, value=text)


class _Row:
    """Collects the problems of one row while its cells are parsed."""

    def __init__(self, file: str, number: int, values: dict[str, Any], problems: list[Problem]) -> None:
        self.file, self.number, self.values, self.problems = file, number, values, problems
        self.failed = False

    def add(self, where: str | None, key: str, /, **params: Any) -> None:
        self.failed = True
        self.problems.append(Problem(self.file, self.number, where, key, params))

    def get(self, column: str, parser, required: bool = True):
        value = self.values.get(column)
        if _blank(value):
            if required:
                self.add(column, "network.import.required", column=column)
            return None
        try:
            return parser(value, column)
        except _Bad as bad:
            self.add(column, bad.key, **bad.params)
            return None

    def ranged(self, column: str, low: float, high: float) -> float | None:
        number = self.get(column, _number)
        if number is not None and not low <= number <= high:
            self.add(
                column, "network.import.out_of_range", column=column, value=_fmt(number), min=_fmt(low), max=_fmt(high)
            )
            return None
        return number

    def choice(self, column: str, aliases: dict[str, str], key: str, required: bool = True) -> str | None:
        def parse(value: Any, col: str) -> str:
            text = _text(value)
            found = aliases.get(text) or aliases.get(text.lower())
            if found is None:
                raise _Bad(key, value=text)
            return found

        return self.get(column, parse, required)


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def _check_columns(table: Table, required: tuple[str, ...], allowed: tuple[str, ...]) -> list[Problem]:
    problems = []
    for col in required:
        if col not in table.columns:
            problems.append(
                Problem(table.file, table.header_row, col, "network.import.missing_column", {"column": col})
            )
    for col in table.columns:
        if col not in allowed:
            problems.append(
                Problem(
                    table.file,
                    table.header_row,
                    col,
                    "network.import.unknown_column",
                    {"column": col, "allowed": ", ".join(allowed)},
                )
            )
    return problems


def _date_order(row: _Row, start_col: str, start: date | None, end_col: str, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        row.add(
            end_col,
            "network.import.date_order",
            start=start_col,
            start_value=start.isoformat(),
            end=end_col,
            end_value=end.isoformat(),
        )


DISPUTE_DEFAULTS = {"channel": "其他", "status": "排查"}  # a dispute row without them; ``opened`` stays unknown


def parse_nodes(table: Table, notices: list[Problem] | None = None) -> tuple[list[Node], list[Problem]]:
    """Nodes and the problems that refuse the file; ``notices`` (when given) collects the defaults applied."""
    notices = [] if notices is None else notices
    problems = list(table.problems) + _check_columns(table, NODE_REQUIRED, NODE_COLUMNS)
    if any(
        p.key
        in (
            "network.import.missing_column",
            "network.import.empty_file",
            "network.import.unreadable",
            "network.import.encoding",
            "network.import.missing_sheet",
        )
        for p in problems
    ):
        return [], problems
    if not table.rows:
        problems.append(Problem(table.file, None, None, "network.import.no_rows"))
    nodes: list[Node] = []
    first_row: dict[str, int] = {}
    channels = {c: c for c in CHANNELS}
    statuses = {s: s for s in STATUSES}
    for number, values in table.rows:
        row = _Row(table.file, number, values, problems)
        node_id = row.get("id", lambda v, c: _text(v))
        if node_id is not None:
            if node_id in first_row:
                row.add("id", "network.import.duplicate_id", id=node_id, first_row=first_row[node_id])
            else:
                first_row[node_id] = number
        name = row.get("name", lambda v, c: _text(v))
        kind = row.choice("kind", KIND_ALIASES, "network.import.bad_kind")
        people = row.get("people", _number)
        if people is not None and (people < 0 or not float(people).is_integer()):
            row.add("people", "network.import.bad_people", value=_fmt(people))
        attitude = row.ranged("attitude", -2, 2)
        grievance = row.ranged("grievance", 0, 1)
        influence = row.ranged("influence", 0, 1)
        channel = row.choice("channel", channels, "network.import.bad_channel", required=False)
        category = row.get("category", lambda v, c: _text(v), required=False)
        status = row.choice("status", statuses, "network.import.bad_status", required=False)
        opened = row.get("opened", _date, required=False)
        closed = row.get("closed", _date, required=False)
        valid_from = row.get("valid_from", _date, required=False)
        valid_to = row.get("valid_to", _date, required=False)
        if kind == "dispute":  # the optional dispute columns take their documented defaults, with a notice
            if _blank(values.get("channel")):
                channel = DISPUTE_DEFAULTS["channel"]
                notices.append(
                    Problem(table.file, number, "channel", "house.network.default_channel", {"value": channel})
                )
            if _blank(values.get("status")):
                status = DISPUTE_DEFAULTS["status"]
                notices.append(Problem(table.file, number, "status", "house.network.default_status", {"value": status}))
            if _blank(values.get("opened")):
                notices.append(Problem(table.file, number, "opened", "house.network.default_opened"))
        elif kind is not None:
            for col in ("channel", "status", "opened", "closed"):
                if not _blank(values.get(col)):
                    row.add(col, "network.import.dispute_only", column=col)
        _date_order(row, "opened", opened, "closed", closed)
        _date_order(row, "valid_from", valid_from, "valid_to", valid_to)
        if not row.failed:  # every required value was read (a missing one fails the row)
            assert kind is not None and attitude is not None and grievance is not None and influence is not None
            nodes.append(
                Node(
                    id=node_id,
                    name=name,
                    kind=kind,
                    people=int(people),
                    attitude=float(attitude),
                    grievance=float(grievance),
                    influence=float(influence),
                    channel=channel,
                    category=category or None,
                    status=status,
                    opened=opened,
                    closed=closed,
                    valid_from=valid_from,
                    valid_to=valid_to,
                )
            )
    return nodes, problems


def parse_edges(table: Table, known_ids: set[str] | None) -> tuple[list[Edge], list[Problem]]:
    """``known_ids=None`` skips the reference check (when the nodes file itself could not be read)."""
    problems = list(table.problems) + _check_columns(table, EDGE_REQUIRED, EDGE_COLUMNS)
    if any(
        p.key
        in (
            "network.import.missing_column",
            "network.import.empty_file",
            "network.import.unreadable",
            "network.import.encoding",
            "network.import.missing_sheet",
        )
        for p in problems
    ):
        return [], problems
    edges: list[Edge] = []
    first_row: dict[tuple, int] = {}
    for number, values in table.rows:
        row = _Row(table.file, number, values, problems)
        source = row.get("source", lambda v, c: _text(v))
        target = row.get("target", lambda v, c: _text(v))
        for col, node_id in (("source", source), ("target", target)):
            if node_id is not None and known_ids is not None and node_id not in known_ids:
                row.add(col, "network.import.unknown_node", column=col, id=node_id)
        if source is not None and source == target:
            row.add("target", "network.import.self_loop", id=source)
        relation = row.choice("relation", RELATION_ALIASES, "network.import.bad_relation")
        weight = row.get("weight", _number)
        if weight is not None and weight <= 0:
            row.add("weight", "network.import.not_positive", value=_fmt(weight))
        valid_from = row.get("valid_from", _date, required=False)
        valid_to = row.get("valid_to", _date, required=False)
        _date_order(row, "valid_from", valid_from, "valid_to", valid_to)
        if None not in (source, target, relation):
            ends = tuple(sorted((source, target))) if relation in SYMMETRIC_RELATIONS else (source, target)
            key = (*ends, relation, valid_from, valid_to)
            if key in first_row:
                row.add(None, "network.import.duplicate_edge", first_row=first_row[key])
            else:
                first_row[key] = number
        if not row.failed:
            assert relation is not None
            edges.append(Edge(source, target, relation, float(weight), valid_from=valid_from, valid_to=valid_to))
    return edges, problems


def parse_network(nodes_table: Table, edges_table: Table) -> tuple[Network | None, list[Problem]]:
    """Validate both tables; the network only when there is no problem at all."""
    notices: list[Problem] = []
    nodes, node_problems = parse_nodes(nodes_table, notices)
    known = None
    if "id" in nodes_table.columns:  # check references even when other node columns are broken
        known = {_text(values.get("id")) for _, values in nodes_table.rows if not _blank(values.get("id"))}
    edges, edge_problems = parse_edges(edges_table, known)
    problems = node_problems + edge_problems
    if problems:
        return None, problems
    meta = {
        "notices": [
            {"file": n.file, "row": n.row, "column": n.column, "key": n.key, "params": n.params} for n in notices
        ]
    }
    return Network(tuple(nodes), tuple(edges), meta=meta if notices else {}), []


def notices_of(network: Network) -> list[Problem]:
    """The defaults an import applied (a dispute row without channel, status or opened), as messages."""
    return [
        Problem(n.get("file") or "nodes", n.get("row"), n.get("column"), n["key"], dict(n.get("params") or {}))
        for n in network.meta.get("notices") or []
    ]


def validate_files(
    nodes: Source, edges: Source | None = None, *, nodes_name: str | None = None, edges_name: str | None = None
) -> tuple[Network | None, list[Problem]]:
    """Like ``read_network`` but returns (network or None, problems) instead of raising (for the UI)."""
    if edges is None:  # one workbook with sheets "nodes" and "edges"
        data = _read_bytes(nodes)
        file = _display_name(nodes, nodes_name, "network.xlsx")
        node_table = read_table(data, file, sheet="nodes")
        edge_table = read_table(data, file, sheet="edges")
    else:
        node_table = read_table(nodes, nodes_name, default_name="nodes.csv")
        edge_table = read_table(edges, edges_name, default_name="edges.csv")
    return parse_network(node_table, edge_table)


def read_network(
    nodes: Source, edges: Source | None = None, *, nodes_name: str | None = None, edges_name: str | None = None
) -> Network:
    """Read and validate a nodes/edges pair (paths, bytes or binary files; CSV or XLSX).

    With ``edges=None``, ``nodes`` must be one XLSX workbook with sheets ``nodes`` and ``edges``.
    Raises ``NetworkImportError`` listing every problem.
    """
    network, problems = validate_files(nodes, edges, nodes_name=nodes_name, edges_name=edges_name)
    if problems:
        raise NetworkImportError(problems)
    assert network is not None
    return network


# --- writing --------------------------------------------------------------------------------------------


def neutralise(value: Any) -> Any:
    """Defuse spreadsheet formula injection: text starting with = + - @ tab CR gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(str(value))


def node_rows(network: Network) -> list[list[Any]]:
    """Rows (header first) of nodes.csv, cells already neutralised."""
    rows: list[list[Any]] = [list(NODE_COLUMNS)]
    for node in network.nodes:
        rows.append([_cell(getattr(node, col)) for col in NODE_COLUMNS])
    return rows


def edge_rows(network: Network) -> list[list[Any]]:
    rows: list[list[Any]] = [list(EDGE_COLUMNS)]
    for edge in network.edges:
        rows.append([_cell(getattr(edge, col)) for col in EDGE_COLUMNS])
    return rows


def csv_bytes(rows: list[list[Any]]) -> bytes:
    """UTF-8 with BOM (Excel on Chinese Windows then shows the Chinese text correctly)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(sheets: dict[str, list[list[Any]]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_network(network: Network, nodes_path: str | Path, edges_path: str | Path | None = None) -> list[Path]:
    """Write nodes/edges as CSV or XLSX by extension; an XLSX ``nodes_path`` alone gets both sheets."""
    nodes_path = Path(nodes_path)
    written = []
    if edges_path is None:
        if nodes_path.suffix.lower() != ".xlsx":
            raise ValidationError("network.export.need_edges_path")
        nodes_path.write_bytes(xlsx_bytes({"nodes": node_rows(network), "edges": edge_rows(network)}))
        return [nodes_path]
    for path, rows, title in (
        (nodes_path, node_rows(network), "nodes"),
        (Path(edges_path), edge_rows(network), "edges"),
    ):
        path.write_bytes(xlsx_bytes({title: rows}) if path.suffix.lower() == ".xlsx" else csv_bytes(rows))
        written.append(path)
    return written
