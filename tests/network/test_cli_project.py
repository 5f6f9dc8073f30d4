"""``python -m riskmodel --db URL network --project ID --json`` on a seeded database."""

from __future__ import annotations

import json

from riskmodel.cli import main


def test_project_json_from_the_database(demo_db, capsys):
    assert main(["--db", demo_db, "network", "--project", "DEMO-01", "--runs", "200", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["nodes"] == len(report["nodes"]) > 30
    assert {"id", "community", "betweenness", "pagerank"} <= set(report["nodes"][0])
    assert report["communities"] and {"members", "people", "mean_attitude"} <= set(report["communities"][0])
    assert isinstance(report["brokers"], list)
    assert {"expected_people", "p_ge_100", "p_ge_200"} <= set(report["mobilisation"])


def test_project_as_of_shows_an_earlier_network(demo_db, capsys):
    assert main(["--db", demo_db, "network", "--project", "DEMO-01", "--runs", "50", "--json"]) == 0
    full = json.loads(capsys.readouterr().out)
    assert (
        main(["--db", demo_db, "network", "--project", "DEMO-01", "--runs", "50", "--json", "--as-of", "2025-10-20"])
        == 0
    )
    early = json.loads(capsys.readouterr().out)
    assert early["summary"]["nodes"] < full["summary"]["nodes"]
    assert early["summary"]["disputes"] < full["summary"]["disputes"]


def test_project_by_numeric_id_and_unknown_project(demo_db, capsys):
    assert main(["--db", demo_db, "network", "--project", "1", "--runs", "20", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["nodes"] >= 2000  # DEMO-03 was seeded first
    assert main(["--db", demo_db, "network", "--project", "NOPE-99"]) == 1
    err = capsys.readouterr().err
    assert "NOPE-99" in err and "Traceback" not in err
