"""assess_many(): the batched pipeline gives exactly what assess() gives, one assessment at a time."""

from __future__ import annotations

import importlib
import math
import random

import numpy as np
import pytest

from riskmodel.engine import assess, assess_many, parse_assessment
from riskmodel.errors import ValidationError
from tests.engine.fixtures import pi_questionnaire, score_input, score_questionnaire

Q = score_questionnaire()
PI = pi_questionnaire()


def assert_close(a, b, path="result"):
    """Equal JSON trees, floats within 1e-12 (NaN/None already cleaned by to_dict)."""
    if isinstance(a, float) or isinstance(b, float):
        assert isinstance(a, (int, float)) and isinstance(b, (int, float)), path
        assert math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12), f"{path}: {a} != {b}"
    elif isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), path
        for k in a:
            assert_close(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            assert_close(x, y, f"{path}[{i}]")
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


def score_inputs() -> list:
    rng = random.Random(3)
    out = []
    for k, m in enumerate((2, 3, 5, 8, 13, 1, 4)):
        scores = {f"e{i}": [rng.randint(1, 5) for _ in range(4)] for i in range(m)}
        post = {f"e{i}": [rng.randint(1, 4) for _ in range(4)] for i in range(m) if k % 3 != 0 and i % 2 == 0}
        experts = [{"id": e, "ca": rng.uniform(0.2, 1.0), "cs": {"A": rng.uniform(0, 1), "*": 0.5}} for e in scores]
        extra = {}
        if k % 2:
            extra["survey"] = {"support": rng.randint(0, 90), "neutral": 5, "oppose": rng.randint(1, 90)}
        if k % 3 == 1:
            extra["group_event_people"] = rng.choice([50, 150, 250])
        data = score_input(scores, post, experts=experts, **extra)
        if k in (2, 4):  # missing ratings: one indicator unrated by one expert, another by everyone
            data["ratings"] = [
                r
                for r in data["ratings"]
                if not (r["expert"] == "e0" and r["indicator"] == "A2")
                and not (k == 4 and r["indicator"] == "B1" and r.get("phase", "before") == "before")
            ]
        if k == 5:  # after-phase ratings missing for one indicator → carried forward
            data["ratings"] = [r for r in data["ratings"] if not (r.get("phase") == "after" and r["indicator"] == "B2")]
        rng.shuffle(data["ratings"])
        out.append(parse_assessment(data))
    return out


def pi_inputs() -> list:
    rng = random.Random(5)
    out = []
    for k, m in enumerate((3, 6, 2, 9)):
        ratings = []
        for i in range(m):
            for f in ("F1", "F2", "F3"):
                ratings.append(
                    {"expert": f"e{i}", "indicator": f, "probability": rng.randint(1, 5), "impact": rng.randint(1, 5)}
                )
                if k % 2 and rng.random() < 0.7:
                    ratings.append(
                        {
                            "expert": f"e{i}",
                            "indicator": f,
                            "phase": "after",
                            "probability": rng.randint(1, 3),
                            "impact": rng.randint(1, 3),
                        }
                    )
        data = {
            "project": {"name": "p", "type": "征地拆迁", "affected_households": 40},
            "questionnaire": "test-pi",
            "experts": [{"id": f"e{i}", "ca": 0.8, "cs": 0.4 + 0.05 * i} for i in range(m)],
            "ratings": ratings,
            "uncertainty": {"draws": 0},
        }
        if k == 2:
            data["survey"] = {"support": 10, "oppose": 30, "households_covered": 40}
        out.append(parse_assessment(data))
    return out


@pytest.mark.parametrize("q, make", [(Q, score_inputs), (PI, pi_inputs)], ids=["score", "probability_impact"])
def test_assess_many_equals_assess_one_by_one(q, make):
    inputs = make()
    many = assess_many(inputs, q)
    assert len(many) == len(inputs)
    for inp, res in zip(inputs, many):
        assert_close(res.to_dict(), assess(inp, q, draws=0).to_dict())


def test_the_fixtures_cover_what_they_claim():
    results = assess_many(score_inputs(), Q)
    notes = [n for r in results for n in r.notes]
    assert any(n.startswith("unrated:") for n in notes) and "after_carried_forward" in notes
    assert "no_post_measure_ratings" in notes and any(r.verdict for r in results)
    assert any(r.survey for r in results) and any(r.group_event for r in results)
    assert len({r.panel.size for r in results}) > 3


@pytest.mark.parametrize("q, make", [(Q, score_inputs), (PI, pi_inputs)], ids=["score", "probability_impact"])
def test_permuting_the_inputs_permutes_the_outputs(q, make):
    inputs = make()
    base = [r.to_dict() for r in assess_many(inputs, q)]
    perm = np.random.default_rng(1).permutation(len(inputs)).tolist()
    shuffled = assess_many([inputs[i] for i in perm], q)
    for i, res in zip(perm, shuffled):
        assert res.to_dict() == base[i]


def test_groups_by_questionnaire_id_and_accepts_dicts(monkeypatch):
    engine = importlib.import_module("riskmodel.engine.assess")  # the module, not the function

    monkeypatch.setattr(engine, "get_questionnaire", {"test-score": Q, "test-pi": PI}.__getitem__)
    mixed = [pi_inputs()[0], score_inputs()[1], pi_inputs()[1]]
    raw = score_input({"e1": [1, 2, 3, 4], "e2": [2, 2, 4, 4]})
    results = assess_many([*mixed, raw])
    assert [r.questionnaire.id for r in results] == ["test-pi", "test-score", "test-pi", "test-score"]
    assert results[1].to_dict() == assess(mixed[1], Q, draws=0).to_dict()
    assert results[3].to_dict() == assess(raw, Q, draws=0).to_dict()
    assert assess_many([], Q) == []


def test_draws_run_per_assessment_with_the_same_numbers_as_assess():
    inputs = score_inputs()[1:3]
    many = assess_many(inputs, Q, draws=200, seed=4)
    for inp, res in zip(inputs, many):
        assert res.to_dict() == assess(inp, Q, draws=200, seed=4).to_dict()


def test_a_bad_rating_in_the_batch_is_named():
    good = score_input({"e1": [1, 2, 3, 4], "e2": [2, 2, 4, 4]})
    bad = score_input({"e1": [1, 2, 3, 4], "e2": [2, 2, 4, 4]})
    bad["ratings"][5]["score"] = 9
    with pytest.raises(ValidationError) as err:
        assess_many([good, bad], Q)
    assert err.value.key == "engine.rating.score_range" and "9" in str(err.value)
