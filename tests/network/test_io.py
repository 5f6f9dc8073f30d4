from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest

from riskmodel.network.io import (
    NetworkImportError,
    csv_bytes,
    neutralise,
    node_rows,
    read_network,
    validate_files,
    write_network,
)
from riskmodel.network.model import Edge, Network, Node, network_fingerprint

from .conftest import person

NODES_HEADER = [
    "id",
    "name",
    "kind",
    "people",
    "attitude",
    "grievance",
    "influence",
    "channel",
    "category",
    "status",
    "opened",
    "closed",
]
BAD_NODES = [
    NODES_HEADER,
    ["g1", "村民", "group", 100, -1, 0.6, 0.4, "", "", "", "", ""],  # 2 ok
    ["g1", "重复", "group", 10, 0, 0.1, 0.1, "", "", "", "", ""],  # 3 duplicate id
    ["p1", "张三", "alien", 1, 0, 0.1, 0.1, "", "", "", "", ""],  # 4 bad kind
    ["p2", "李四", "person", "abc", 3, 1.5, 0.2, "", "", "", "", ""],  # 5 number + ranges
    ["d1", "纠纷", "dispute", 2, -1, 0.5, 0.3, "微博", "环境", "处理中", "2024-13-01", ""],  # 6 dispute fields
    ["p3", "王五", "person", 1, 0, 0.1, 0.1, "信访", "", "", "", ""],  # 7 dispute-only column
    ["p4", "", "person", 1.5, 0, 0.1, 0.1, "", "", "", "", ""],  # 8 name empty, people
]
BAD_EDGES = [
    ["source", "target", "relation", "weight"],
    ["g1", "p9", "member_of", 1],  # 2 unknown target
    ["g1", "g1", "allied_with", 1],  # 3 self-loop
    ["g1", "d1", "friend", -1],  # 4 bad relation, weight <= 0
    ["g1", "d1", "involved_in", "x"],  # 5 not a number
    ["p2", "g1", "member_of", 1],  # 6 fine (p2 exists even though its row is bad)
    ["p2", "g1", "member_of", 2],  # 7 duplicate tie
]
EXPECTED = {
    ("nodes.{ext}", 3, "id", "network.import.duplicate_id"),
    ("nodes.{ext}", 4, "kind", "network.import.bad_kind"),
    ("nodes.{ext}", 5, "people", "network.import.not_number"),
    ("nodes.{ext}", 5, "attitude", "network.import.out_of_range"),
    ("nodes.{ext}", 5, "grievance", "network.import.out_of_range"),
    ("nodes.{ext}", 6, "channel", "network.import.bad_channel"),
    ("nodes.{ext}", 6, "status", "network.import.bad_status"),
    ("nodes.{ext}", 6, "opened", "network.import.bad_date"),
    ("nodes.{ext}", 7, "channel", "network.import.dispute_only"),
    ("nodes.{ext}", 8, "name", "network.import.required"),
    ("nodes.{ext}", 8, "people", "network.import.bad_people"),
    ("edges.{ext}", 2, "target", "network.import.unknown_node"),
    ("edges.{ext}", 3, "target", "network.import.self_loop"),
    ("edges.{ext}", 4, "relation", "network.import.bad_relation"),
    ("edges.{ext}", 4, "weight", "network.import.not_positive"),
    ("edges.{ext}", 5, "weight", "network.import.not_number"),
    ("edges.{ext}", 7, None, "network.import.duplicate_edge"),
}


def _csv(rows, encoding="utf-8-sig") -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode(encoding)


def _xlsx(rows, title="Sheet") -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = title
    for row in rows:
        ws.append([None if v == "" else v for v in row])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _found(problems):
    return {(p.file, p.row, p.column, p.key) for p in problems}


def test_example_files_load(example_paths):
    net = read_network(*example_paths)
    assert 35 <= len(net) <= 50
    assert {n.kind for n in net.nodes} == {"group", "person", "organisation", "dispute"}
    assert len(net.edges) > len(net)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_every_problem_by_row(tmp_path, encoding):
    nodes, edges = tmp_path / "nodes.csv", tmp_path / "edges.csv"
    nodes.write_bytes(_csv(BAD_NODES, encoding))
    edges.write_bytes(_csv(BAD_EDGES, encoding))
    with pytest.raises(NetworkImportError) as err:
        read_network(nodes, edges)
    expected = {(f.format(ext="csv"), r, c, k) for f, r, c, k in EXPECTED}
    assert _found(err.value.problems) == expected
    message = err.value.message("zh")
    assert f"共发现 {len(expected)} 个问题" in message
    assert "nodes.csv 第 3 行 id 列: 编号 g1 重复（首次出现在第 2 行）" in message
    assert "edges.csv 第 2 行 target 列: target 引用了不存在的节点编号 p9" in message
    assert "row 3" in err.value.message("en")


def test_xlsx_same_problems_same_rows():
    network, problems = validate_files(
        _xlsx(BAD_NODES), _xlsx(BAD_EDGES), nodes_name="nodes.xlsx", edges_name="edges.xlsx"
    )
    assert network is None
    assert _found(problems) == {(f.format(ext="xlsx"), r, c, k) for f, r, c, k in EXPECTED}


def test_xlsx_single_workbook_two_sheets(example_paths):
    net = read_network(*example_paths)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in (("nodes", node_rows(net)), ("edges", None)):
        ws = book.create_sheet(title)
        if rows is None:
            from riskmodel.network.io import edge_rows

            rows = edge_rows(net)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    book.save(buf)
    again = read_network(buf.getvalue(), nodes_name="network.xlsx")
    assert network_fingerprint(again) == network_fingerprint(net)


def test_wrong_columns_reported_on_header_row():
    nodes = _csv(
        [
            ["id", "name", "kind", "people", "atitude", "grievance", "influence", "remark"],
            ["a", "A", "person", 1, 0, 0, 0, "x"],
        ]
    )
    edges = _csv([["source", "target", "weight"], ["a", "a", 1]])
    _, problems = validate_files(nodes, edges)
    assert _found(problems) == {
        ("nodes.csv", 1, "attitude", "network.import.missing_column"),
        ("nodes.csv", 1, "atitude", "network.import.unknown_column"),
        ("nodes.csv", 1, "remark", "network.import.unknown_column"),
        ("edges.csv", 1, "relation", "network.import.missing_column"),
    }


def test_blank_lines_keep_spreadsheet_row_numbers_and_aliases():
    nodes = _csv([NODES_HEADER[:7], ["a", "甲", "群体", 10, -2, 1, 0.5], [], ["b", "乙", "组织", 0, 2, 0, 1]])
    edges = _csv([["source", "target", "relation", "weight"], ["a", "b", "反对", 1], ["a", "zz", "影响", 1]])
    _, problems = validate_files(nodes, edges)
    assert _found(problems) == {("edges.csv", 3, "target", "network.import.unknown_node")}
    ok = read_network(nodes, _csv([["source", "target", "relation", "weight"], ["a", "b", "反对", 1]]))
    assert [n.kind for n in ok.nodes] == ["group", "organisation"] and ok.edges[0].relation == "opposes"


def test_dates_and_date_order():
    nodes = _csv(
        [
            NODES_HEADER + ["valid_from", "valid_to"],
            ["d", "纠纷", "dispute", 3, -1, 0.5, 0.5, "12345", "噪声", "已化解", "2024/05/01", "2024-04-01", "", ""],
            ["p", "人", "person", 1, 0, 0, 0, "", "", "", "", "", "2024年6月1日", "2024-01-01"],
        ]
    )
    edges = _csv([["source", "target", "relation", "weight"], ["p", "d", "involved_in", 1]])
    _, problems = validate_files(nodes, edges)
    assert _found(problems) == {
        ("nodes.csv", 2, "closed", "network.import.date_order"),
        ("nodes.csv", 3, "valid_to", "network.import.date_order"),
    }


def test_unreadable_and_empty_files():
    _, problems = validate_files(b"", _csv([["source", "target", "relation", "weight"]]))
    assert ("nodes.csv", None, None, "network.import.empty_file") in _found(problems)
    _, problems = validate_files(b"PK\x03\x04garbage", b"source,target,relation,weight\n", nodes_name="nodes.xlsx")
    assert any(p.key == "network.import.unreadable" for p in problems)


def test_export_neutralises_formula_injection(tmp_path):
    evil = ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd")
    nodes = tuple(person(f"n{i}", name=text, attitude=-2.0, people=12) for i, text in enumerate(evil))
    nodes += (
        Node(
            "=id",
            "普通",
            "dispute",
            people=1,
            attitude=-1,
            grievance=0.5,
            influence=0.5,
            channel="信访",
            category="-分类",
            status="排查",
            opened=date(2024, 1, 2),
        ),
    )
    net = Network(nodes, (Edge("n0", "=id", "involved_in", 1.5),))
    rows = node_rows(net)
    names = [r[1] for r in rows[1:]]
    assert all(name.startswith("'") for name in names[:-1])
    assert rows[-1][0] == "'=id" and rows[-1][8] == "'-分类"
    assert rows[1][3] == 12 and rows[1][4] == -2  # numbers stay numbers (negative too)
    assert neutralise(-2) == -2 and neutralise("安全") == "安全"

    write_network(net, tmp_path / "nodes.csv", tmp_path / "edges.csv")
    text = (tmp_path / "nodes.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and ",-2," in text
    assert network_fingerprint(read_network(tmp_path / "nodes.csv", tmp_path / "edges.csv")) == network_fingerprint(net)

    write_network(net, tmp_path / "net.xlsx")
    book = openpyxl.load_workbook(tmp_path / "net.xlsx")
    ws = book["nodes"]
    assert ws["B2"].value.startswith("'=") and ws["B2"].data_type == "s"
    assert ws["D2"].value == 12 and ws["E2"].value == -2 and ws["E2"].data_type == "n"
    assert network_fingerprint(read_network(tmp_path / "net.xlsx")) == network_fingerprint(net)


def test_csv_bytes_has_bom():
    assert csv_bytes([["a"], ["b"]]).startswith(b"\xef\xbb\xbf")
