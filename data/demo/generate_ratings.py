"""Generate data/demo/ratings/<code>.csv from the profiles in data/demo/projects.yaml (deterministic).

Run from the repository root: ``python data/demo/generate_ratings.py``. The output is committed; the
seeder only reads it. Each expert has a personal leniency and scatters around the project's "true"
profile; in round 2 each expert moves halfway toward the round-1 median of the panel (the Delphi
effect), so agreement improves between rounds. Post-measure ("after") ratings are rated by the panel
like the others — never derived from fixed reduction ratios.

CSV columns: round, expert, submission (1 = first submission in that round, 2 = a revision),
status (submitted / draft), indicator, phase, score, probability, impact, comment.
"""

from __future__ import annotations

import csv
import hashlib
import random
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from riskmodel import safe_yaml  # noqa: E402
from riskmodel.questionnaire import builtin_questionnaires  # noqa: E402

COLUMNS = ["round", "expert", "submission", "status", "indicator", "phase", "score", "probability", "impact", "comment"]

COMMENTS = {
    "PRO": ["选址距离敏感目标偏近，需补充比选论证", "施工期噪声和交通影响较大", "技术方案成熟，有同类项目运行经验"],
    "LEG": ["补偿依据需进一步明确，程序上应补充听证", "审批手续基本完备", "存在涉法涉诉信访的隐患"],
    "PUB": ["群众对补偿标准意见集中", "网络舆情有升温迹象，需及时回应", "知晓度不高，宣传解释不到位"],
    "STB": ["有组织串联苗头，需重点关注", "属地化解力量较强", "存在攀比和连锁反应的可能"],
    "LGL": ["审批程序需补正", "规划调整依据充分"],
    "RAT": ["补偿标准低于周边同类项目", "安置方案基本合理"],
    "FEA": ["施工组织方案需细化", "资金来源落实"],
    "CTL": ["应急预案需演练", "舆情引导机制需加强"],
}


def _rng(*parts: object) -> random.Random:
    return random.Random(int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16], 16))


def _clip(value: float, low: int = 1, high: int = 5) -> int:
    return int(min(high, max(low, round(value))))


def true_values(project: dict, q) -> dict[tuple[str, str], object]:
    """(indicator, phase) → true score (float) or [probability, impact] levels."""
    profile = project["profile"]
    rng = _rng(project["code"], "truth")
    out: dict[tuple[str, str], object] = {}
    for dim in q.dimensions:
        for ind in dim.indicators:
            wobble = rng.gauss(0, 0.25)
            for phase in ("before", "after"):
                base = profile[phase][dim.id]
                if q.method == "score":
                    hot = (profile.get("hot") or {}).get(ind.id, 0.0) * (1.0 if phase == "before" else 0.5)
                    out[(ind.id, phase)] = base + wobble + hot
                else:
                    override = (project.get("hot_after") if phase == "after" else None) or {}
                    hot = override.get(ind.id) or (
                        (profile.get("hot") or {}).get(ind.id) if phase == "before" else None
                    )
                    out[(ind.id, phase)] = list(hot) if hot else [base[0], base[1]]
    return out


def expert_round1(project: dict, q, truth: dict, expert: str) -> dict:
    rng = _rng(project["code"], expert, "r1")
    leniency = rng.uniform(-0.35, 0.35)
    values = {}
    for (ind, phase), value in truth.items():
        if q.method == "score":
            values[(ind, phase)] = _clip(value + leniency + rng.gauss(0, 0.55))
        else:
            values[(ind, phase)] = [_clip(v + leniency * 0.5 + rng.gauss(0, 0.3)) for v in value]
    return values


def converge(project: dict, q, r1: dict[str, dict], expert: str) -> dict:
    """Round 2: halfway toward the panel's round-1 median, with a little noise."""
    rng = _rng(project["code"], expert, "r2")
    out = {}
    for key, own in r1[expert].items():
        if q.method == "score":
            median = statistics.median(r1[e][key] for e in r1)
            out[key] = _clip(0.5 * own + 0.5 * median + rng.gauss(0, 0.25))
        else:
            medians = [statistics.median(r1[e][key][i] for e in r1) for i in (0, 1)]
            out[key] = [_clip(0.5 * own[i] + 0.5 * medians[i] + rng.gauss(0, 0.15)) for i in (0, 1)]
    return out


def rows_for(project: dict, q) -> list[dict]:
    truth = true_values(project, q)
    panel = [e for e in project["panel"] if e not in (project.get("conflicts") or {})]
    r1 = {e: expert_round1(project, q, truth, e) for e in panel}
    r2 = {e: converge(project, q, r1, e) for e in panel}
    rows: list[dict] = []
    rng = _rng(project["code"], "comments")

    def emit(
        rnd: int, expert: str, values: dict, submission: int = 1, status: str = "submitted", only: set | None = None
    ) -> None:
        for ind in q.indicator_ids():
            for phase in q.phases:
                if only is not None and (ind, phase) not in only:
                    continue
                value = values[(ind, phase)]
                high = (value >= 4) if q.method == "score" else (value[0] * value[1] >= 12)
                comment = ""
                if phase == "before" and high and rng.random() < 0.35:
                    comment = rng.choice(COMMENTS[ind.split("-")[0]])
                rows.append(
                    {
                        "round": rnd,
                        "expert": expert,
                        "submission": submission,
                        "status": status,
                        "indicator": ind,
                        "phase": phase,
                        "score": value if q.method == "score" else "",
                        "probability": value[0] if q.method != "score" else "",
                        "impact": value[1] if q.method != "score" else "",
                        "comment": comment,
                    }
                )

    for e in panel:
        emit(1, e, r1[e])
    open_round = project.get("open_round")
    for e in panel:
        if open_round == 2 and e not in (project.get("round2_submitted") or []):
            if e in (project.get("round2_draft") or []):
                keys = {(ind, "before") for ind in q.indicator_ids()[:8]}
                emit(2, e, r2[e], status="draft", only=keys)
            continue
        emit(2, e, r2[e])
        if e in (project.get("round2_revised") or []):
            # the expert revises four indicators one step toward the median after reading the comments
            keys = {(ind, "before") for ind in q.indicator_ids()[:4]}
            revised = {
                k: (max(1, v - 1) if q.method == "score" else [max(1, v[0] - 1), v[1]]) for k, v in r2[e].items()
            }
            emit(2, e, revised, submission=2, only=keys)
    return rows


def main(argv: list[str] | None = None) -> int:
    """``--out DIR`` writes elsewhere (the tests regenerate into a temporary directory and compare)."""
    argv = sys.argv[1:] if argv is None else argv
    out_dir = Path(argv[argv.index("--out") + 1]) if "--out" in argv else HERE / "ratings"
    spec = safe_yaml.load_file(HERE / "projects.yaml")
    questionnaires = builtin_questionnaires()
    out_dir.mkdir(parents=True, exist_ok=True)
    for project in spec["projects"]:
        q = questionnaires[project["questionnaire"]]
        rows = rows_for(project, q)
        path = out_dir / f"{project['code']}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        print(f"{path}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
