"""Load and validate questionnaire files; resolve their weights.

Errors name the file, the place inside it (path and line) and what is wrong, so an organizer can fix
a YAML file without reading code. Built-in files live in ``questionnaires/``; dropping another valid
file there makes it selectable.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import ValidationError as PydanticError

from riskmodel import safe_yaml
from riskmodel.errors import NotFoundError, ValidationError
from riskmodel.i18n import has, t
from riskmodel.questionnaire.schema import Questionnaire, WeightSpec
from riskmodel.validation import error_key_and_params, render_location

QUESTIONNAIRE_DIR = Path(__file__).resolve().parents[2] / "questionnaires"
CR_LIMIT = 0.10
# a questionnaire is ~50 KB and nests ~6 levels: anything far beyond is refused before it is built
LIMITS = safe_yaml.Limits(max_size=2 * 1024 * 1024, max_depth=20, max_nodes=200_000)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a questionnaire file: where (path and line) and what, translatable.

    ``key``/``params`` name a catalog entry when there is one; ``fallback`` is the validator's own
    (English) text, used when the catalog has no entry for that kind of error.
    """

    location: str
    line: int | None
    fallback: str
    key: str | None = None
    params: tuple[tuple[str, str], ...] = ()

    @property
    def message(self) -> str:
        return self.text()

    def text(self, lang: str | None = None) -> str:
        if self.key and has(self.key):
            return t(self.key, lang, **dict(self.params))
        return self.fallback

    def render(self, lang: str | None = None) -> str:
        line = t("questionnaire.at_line", lang, line=self.line) if self.line else ""
        return f"{self.location}{line}: {self.text(lang)}"


class QuestionnaireError(ValidationError):
    """A questionnaire file that cannot be used; ``problems`` lists every finding."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("questionnaire.invalid", file=source, count=len(problems), details=self._details(None))

    def _details(self, lang: str | None) -> str:
        return "\n".join("  - " + p.render(lang) for p in self.problems)

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, file=self.source, count=len(self.problems), details=self._details(lang))


def parse_questionnaire(text: str, source: str = "<text>") -> Questionnaire:
    """Parse YAML text into a validated questionnaire; raise QuestionnaireError naming each problem.

    The text goes through the one safe loader (size, depth and node limits before any node is built,
    duplicate keys refused), so a hostile upload gets a message, never a crash.
    """
    try:
        data, node = safe_yaml.load_with_node(text, LIMITS)
    except safe_yaml.YamlError as exc:
        raise QuestionnaireError(source, [_yaml_problem(exc)]) from None
    if not isinstance(data, dict):
        raise QuestionnaireError(
            source, [Problem("/", 1, "the file must be a YAML mapping (key: value)", "questionnaire.not_mapping")]
        )
    try:
        questionnaire = Questionnaire.model_validate(data)
    except PydanticError as exc:
        problems = [_problem(err, node) for err in exc.errors()]
        raise QuestionnaireError(source, problems) from None
    problems = list(_weight_problems(questionnaire, node))
    if problems:
        raise QuestionnaireError(source, problems)
    return questionnaire


def load_questionnaire(path: str | Path) -> Questionnaire:
    path = Path(path)
    try:
        if path.stat().st_size > LIMITS.max_size:
            raise safe_yaml.YamlError("too_large", None, size=path.stat().st_size, limit=LIMITS.max_size)
        text = safe_yaml.decode(path.read_bytes())
    except OSError as exc:
        raise QuestionnaireError(
            str(path), [Problem("file", None, str(exc), "questionnaire.unreadable", (("reason", str(exc)),))]
        ) from None
    except safe_yaml.YamlError as exc:
        raise QuestionnaireError(str(path), [_yaml_problem(exc)]) from None
    return parse_questionnaire(text, str(path))


def _yaml_problem(exc: safe_yaml.YamlError) -> Problem:
    params = tuple(sorted(exc.params.items()))
    return Problem("YAML", exc.line, exc.plain(), exc.key, params)


@cache
def builtin_questionnaires() -> dict[str, Questionnaire]:
    """Every valid file in ``questionnaires/`` by id (the latest version wins)."""
    found: dict[str, Questionnaire] = {}
    for path in sorted(QUESTIONNAIRE_DIR.glob("*.yaml")):
        q = load_questionnaire(path)
        if q.id not in found or found[q.id].version < q.version:
            found[q.id] = q
    return found


def get_questionnaire(qid: str) -> Questionnaire:
    try:
        return builtin_questionnaires()[qid]
    except KeyError:
        raise NotFoundError("questionnaire.not_found", id=qid, known=", ".join(builtin_questionnaires())) from None


# --- weights ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ResolvedWeights:
    """Local weights per node and global indicator weights, in questionnaire order."""

    dimension: np.ndarray  # (d,)
    local: dict[str, np.ndarray]  # dimension id → (k,)
    indicator: np.ndarray  # (n,) global = dimension × local
    cr: dict[str, float]  # node ('__root__' or dimension id) → CR of its AHP matrix


def spec_weights(spec: WeightSpec, n: int, ri_table: str) -> tuple[np.ndarray, float | None]:
    """Weights of one node and the CR when they come from AHP."""
    if spec.method == "equal":
        return np.full(n, 1.0 / n), None
    if spec.method == "direct":
        return np.asarray(spec.values, dtype=float), None
    from riskmodel.model.ahp import ahp

    result = ahp(spec.matrix_as_floats(), ri=ri_table)
    return np.asarray(result.weights, dtype=float), float(result.cr)


_WEIGHT_CACHE: dict[int, tuple[Questionnaire, ResolvedWeights]] = {}


def resolve_weights(q: Questionnaire) -> ResolvedWeights:
    """Weights of a questionnaire, computed once per (immutable) questionnaire object."""
    hit = _WEIGHT_CACHE.get(id(q))
    if hit is not None and hit[0] is q:
        return hit[1]
    if len(_WEIGHT_CACHE) > 256:
        _WEIGHT_CACHE.clear()
    resolved = _resolve(q)
    _WEIGHT_CACHE[id(q)] = (q, resolved)  # keeps q alive, so its id cannot be reused while cached
    return resolved


def _resolve(q: Questionnaire) -> ResolvedWeights:
    dim_w, root_cr = spec_weights(q.weights, len(q.dimensions), q.ri_table)
    local: dict[str, np.ndarray] = {}
    crs: dict[str, float] = {} if root_cr is None else {"__root__": root_cr}
    parts = []
    for w, dim in zip(dim_w, q.dimensions):
        lw, cr = spec_weights(dim.weights, len(dim.indicators), q.ri_table)
        local[dim.id] = lw
        if cr is not None:
            crs[dim.id] = cr
        parts.append(w * lw)
    return ResolvedWeights(dim_w, local, np.concatenate(parts), crs)


def _weight_problems(q: Questionnaire, node: Any) -> Iterator[Problem]:
    """AHP judgments within the declared Saaty scale; matrices reciprocal and acceptably consistent (CR < 0.10)."""
    nodes: list[tuple[tuple[str | int, ...], WeightSpec, int]] = [(("weights",), q.weights, len(q.dimensions))]
    nodes += [(("dimensions", i, "weights"), d.weights, len(d.indicators)) for i, d in enumerate(q.dimensions)]
    for loc, spec, n in nodes:
        if spec.method != "ahp":
            continue
        outside = _outside_saaty_range(spec, q.ahp_scale_max)
        if outside is not None:
            i, j, cell = outside
            cell_loc = loc + ("matrix", i, j)
            yield Problem(
                _render_loc(cell_loc),
                _line_of(node, cell_loc),
                f"cell ({i + 1}, {j + 1}) = {cell} is outside the Saaty scale 1/{q.ahp_scale_max:g}–{q.ahp_scale_max:g}",
                "questionnaire.ahp_range",
                (("cell", str(cell)), ("col", str(j + 1)), ("max", f"{q.ahp_scale_max:g}"), ("row", str(i + 1))),
            )
            continue
        try:
            _, cr = spec_weights(spec, n, q.ri_table)
        except ValidationError as exc:
            yield Problem(
                _render_loc(loc + ("matrix",)),
                _line_of(node, loc + ("matrix",)),
                exc.message(),
                exc.key,
                tuple(sorted((k, str(v)) for k, v in exc.params.items())),
            )
            continue
        if cr is not None and cr >= CR_LIMIT:
            params = (("cr", f"{cr:.3f}"), ("limit", str(CR_LIMIT)), ("table", q.ri_table))
            yield Problem(
                _render_loc(loc + ("matrix",)),
                _line_of(node, loc + ("matrix",)),
                f"consistency ratio CR = {cr:.3f} (RI table {q.ri_table}) is not below {CR_LIMIT}; revise the judgments",
                "questionnaire.cr_too_high",
                params,
            )


def _outside_saaty_range(spec: WeightSpec, scale_max: float) -> tuple[int, int, str] | None:
    """The first judgment outside 1/max … max (row, column 0-based, the cell as written), or None."""
    top = Fraction(scale_max).limit_denominator(10**6)
    for i, row in enumerate(spec.matrix or []):
        for j, cell in enumerate(row):
            value = Fraction(str(cell).strip())
            if value > top or value * top < 1:
                return i, j, str(cell).strip()
    return None


def _problem(err: Mapping[str, Any], node: Any) -> Problem:
    """A pydantic error → a Problem with a catalog key (our validators' codes, pydantic's common types)."""
    key, params = error_key_and_params(err)
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    if "at" in params:  # a whole-file check that knows the exact place (e.g. the repeated id)
        loc = tuple(int(p) if p.isdigit() else p for p in params.pop("at").split("."))
    return Problem(_render_loc(loc), _line_of(node, loc), _clean(err["msg"]), key, tuple(sorted(params.items())))


def _render_loc(loc: tuple[object, ...]) -> str:
    return render_location(loc)


def _line_of(node: Any, loc: tuple[object, ...]) -> int | None:
    """Line (1-based) of the deepest YAML node along ``loc`` — the place a user should look."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            match = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            match = node.value[part]
        else:
            match = None
        if match is None:
            break
        node = match
        line = node.start_mark.line + 1
    return line


def _clean(msg: str) -> str:
    return msg.removeprefix("Value error, ")
