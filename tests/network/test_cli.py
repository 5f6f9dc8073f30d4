from __future__ import annotations

import json

from riskmodel.cli import main


def test_json_output(example_paths, capsys):
    nodes, edges = example_paths
    assert main(["network", "--nodes", str(nodes), "--edges", str(edges), "--json", "--runs", "200"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"summary", "nodes", "communities", "brokers", "mobilisation"}
    assert set(data["nodes"][0]) >= {
        "id",
        "name",
        "kind",
        "people",
        "attitude",
        "degree",
        "weighted_degree",
        "betweenness",
        "pagerank",
        "core",
        "community",
    }
    assert set(data["communities"][0]) >= {"id", "members", "people", "mean_attitude", "opposed_people"}
    assert set(data["brokers"][0]) >= {"id", "name", "kind", "betweenness", "is_articulation_point", "bridges"}
    mob = data["mobilisation"]
    assert set(mob) >= {"expected_people", "p_ge_100", "p_ge_200", "runs", "seed", "percentiles"}
    assert mob["runs"] == 200 and mob["seed"] == 42
    assert set(data["summary"]) >= {"nodes", "edges", "betweenness_sampled"}
    assert data["summary"]["nodes"] == len(data["nodes"])


def test_same_seed_same_json(example_paths, capsys):
    args = [
        "network",
        "--nodes",
        str(example_paths[0]),
        "--edges",
        str(example_paths[1]),
        "--json",
        "--runs",
        "100",
        "--seed",
        "7",
    ]
    main(args)
    first = capsys.readouterr().out
    main(args)
    assert capsys.readouterr().out == first


def test_text_summary_and_as_of(example_paths, capsys, monkeypatch):
    monkeypatch.setenv("RISKMODEL_LANG", "zh")
    args = ["network", "--nodes", str(example_paths[0]), "--edges", str(example_paths[1]), "--runs", "100"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "动员模拟" in out and "≥100 人" in out
    assert main(args + ["--as-of", "2024-03-02", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["as_of"] == "2024-03-02" and data["summary"]["disputes"] == 0


def test_bad_files_exit_1_with_every_problem(tmp_path, capsys):
    nodes = tmp_path / "nodes.csv"
    edges = tmp_path / "edges.csv"
    nodes.write_text(
        "id,name,kind,people,attitude,grievance,influence\na,甲,group,10,-3,0.5,0.5\na,乙,group,10,0,0.5,0.5\n",
        encoding="utf-8",
    )
    edges.write_text("source,target,relation,weight\na,b,allied_with,1\na,a,allied_with,1\n", encoding="utf-8")
    assert main(["network", "--nodes", str(nodes), "--edges", str(edges), "--json"]) == 1
    err = capsys.readouterr().err
    for fragment in ("第 2 行 attitude", "第 3 行 id", "edges.csv 第 2 行 target", "edges.csv 第 3 行 target"):
        assert fragment in err
    assert "Traceback" not in err


def test_project_without_network_and_files_are_required(capsys, tmp_path):
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    assert main(["--db", db, "network", "--project", "17"]) == 1
    assert "17" in capsys.readouterr().err
    assert main(["network"]) == 1
    assert "--nodes" in capsys.readouterr().err
