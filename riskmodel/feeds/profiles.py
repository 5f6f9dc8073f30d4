"""Column profiles of the three sources and mapping files that rename the columns of other exports.

A profile maps each column of the source's standard export to a *field* the pipeline knows. A mapping
file (YAML, read with ``riskmodel.safe_yaml``) renames an export's own column names to the profile's::

    source: "12345"            # optional: refused when imported as another source
    columns:                   # export column → profile column
      工单号: 工单编号
      市民电话: 来电号码
    missing: [回访结果]        # profile columns this export does not have (left empty)
    coordinates: {longitude: 经度, latitude: 纬度}   # optional point of the event

Columns of the export that are neither in the profile nor mapped are ignored (exports carry many).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riskmodel import safe_yaml
from riskmodel.errors import ValidationError

SOURCES = ("12345", "petition", "grid")

# field names the pipeline knows
FIELDS = (
    "record_no",
    "received_at",
    "phone",
    "person",
    "id_number",
    "text",
    "address",
    "area",
    "category",
    "accepted_at",
    "completed_at",
    "status",
    "rating",
    "channel",
    "people_count",
    "purpose",
    "longitude",
    "latitude",
)


@dataclass(frozen=True)
class Profile:
    source: str
    columns: tuple[tuple[str, str], ...]  # (column as exported, field)
    required: frozenset[str] = frozenset({"record_no", "received_at", "text"})

    @property
    def names(self) -> list[str]:
        return [c for c, _ in self.columns]

    def field_of(self, column: str) -> str:
        return dict(self.columns)[column]

    def column_of(self, field_name: str) -> str | None:
        for column, f in self.columns:
            if f == field_name:
                return column
        return None


PROFILES: dict[str, Profile] = {
    "12345": Profile(
        "12345",
        (
            ("工单编号", "record_no"),
            ("来电时间", "received_at"),
            ("来电号码", "phone"),
            ("诉求人", "person"),
            ("诉求内容", "text"),
            ("事发地址", "address"),
            ("所属区域", "area"),
            ("诉求类型", "category"),
            ("受理时间", "accepted_at"),
            ("办结时间", "completed_at"),
            ("办理状态", "status"),
            ("回访结果", "rating"),
        ),
    ),
    "petition": Profile(
        "petition",
        (
            ("信访件编号", "record_no"),
            ("登记日期", "received_at"),
            ("信访形式", "channel"),
            ("信访人数", "people_count"),
            ("信访目的", "purpose"),
            ("内容摘要", "text"),
            ("问题属地", "area"),
            ("信访人", "person"),
            ("证件号码", "id_number"),
            ("联系电话", "phone"),
            ("办理状态", "status"),
            ("受理日期", "accepted_at"),
            ("办结日期", "completed_at"),
            ("满意度", "rating"),
        ),
    ),
    "grid": Profile(
        "grid",
        (
            ("事件编号", "record_no"),
            ("上报时间", "received_at"),
            ("网格", "area"),
            ("事件类型", "category"),
            ("事件描述", "text"),
            ("地址", "address"),
            ("处置状态", "status"),
            ("办结时间", "completed_at"),
        ),
    ),
}

# optional columns every source may carry under these names (a mapping can rename them)
OPTIONAL_COLUMNS = (("经度", "longitude"), ("纬度", "latitude"))


def profile(source: str) -> Profile:
    if source not in PROFILES:
        raise ValidationError("feeds.import.bad_source", source=source, allowed=", ".join(SOURCES))
    return PROFILES[source]


@dataclass(frozen=True)
class Mapping:
    """What a mapping file says: export column → profile column, and profile columns the export lacks."""

    rename: dict[str, str] = field(default_factory=dict)
    missing: frozenset[str] = frozenset()
    coordinates: dict[str, str] = field(default_factory=dict)  # field (longitude/latitude) → export column
    source: str | None = None


def load_mapping(path: str | Path, source: str) -> Mapping:
    """Read and check a mapping file for ``source`` (every problem names the file and the key)."""
    name = Path(path).name
    try:
        data = safe_yaml.load_file(path)
    except OSError as exc:
        raise ValidationError("feeds.mapping.unreadable", file=name, reason=exc.strerror or str(exc)) from None
    return parse_mapping(data, source, name)


def parse_mapping(data: Any, source: str, name: str = "mapping") -> Mapping:
    prof = profile(source)
    if not isinstance(data, dict):
        raise ValidationError("feeds.mapping.not_mapping", file=name)
    unknown = set(data) - {"source", "columns", "missing", "coordinates"}
    if unknown:
        raise ValidationError("feeds.mapping.unknown_key", file=name, keys=", ".join(sorted(map(str, unknown))))
    declared = data.get("source")
    if declared is not None and str(declared) != source:
        raise ValidationError("feeds.mapping.wrong_source", file=name, declared=declared, source=source)
    columns = data.get("columns") or {}
    if not isinstance(columns, dict):
        raise ValidationError("feeds.mapping.bad_columns", file=name)
    rename: dict[str, str] = {}
    for exported, target in columns.items():
        target = str(target)
        if target not in prof.names and target not in dict(OPTIONAL_COLUMNS):
            raise ValidationError(
                "feeds.mapping.unknown_target", file=name, column=exported, target=target, allowed="、".join(prof.names)
            )
        rename[str(exported)] = target
    missing = data.get("missing") or []
    if not isinstance(missing, list):
        raise ValidationError("feeds.mapping.bad_missing", file=name)
    for m in missing:
        if str(m) not in prof.names:
            raise ValidationError(
                "feeds.mapping.unknown_target", file=name, column="missing", target=m, allowed="、".join(prof.names)
            )
        if prof.field_of(str(m)) in prof.required:
            raise ValidationError("feeds.mapping.required_missing", file=name, column=m)
    coords = data.get("coordinates") or {}
    if not isinstance(coords, dict) or set(coords) - {"longitude", "latitude"}:
        raise ValidationError("feeds.mapping.bad_coordinates", file=name)
    return Mapping(
        rename=rename,
        missing=frozenset(str(m) for m in missing),
        coordinates={str(k): str(v) for k, v in coords.items()},
        source=None if declared is None else str(declared),
    )


def resolve_header(header: list[Any], source: str, mapping: Mapping | None, file: str) -> dict[str, int]:
    """{field: column index} for a file's header row; a missing profile column is refused by name."""
    prof = profile(source)
    mapping = mapping or Mapping()
    names = ["" if h is None else str(h).strip().lstrip("\ufeff") for h in header]
    renamed = [mapping.rename.get(n, n) for n in names]
    index: dict[str, int] = {}
    seen: dict[str, int] = {}
    for i, n in enumerate(renamed):
        if not n:
            continue
        if n in seen:
            raise ValidationError("feeds.import.duplicate_column", file=file, column=n)
        seen[n] = i
    known = dict(prof.columns) | dict(OPTIONAL_COLUMNS)
    for column, field_name in known.items():
        if column in seen:
            index[field_name] = seen[column]
    for field_name, column in mapping.coordinates.items():
        if column in seen:
            index[field_name] = seen[column]
    absent = [c for c in prof.names if c not in seen and c not in mapping.missing]
    if absent:
        raise ValidationError(
            "feeds.import.missing_columns", file=file, columns="、".join(absent), expected="、".join(prof.names)
        )
    return index
