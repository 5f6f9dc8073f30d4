"""From an export's rows to de-identified, classified, placed records (no database here).

``check_row`` turns one row into a record dict or a list of ``RowError`` (row as the spreadsheet numbers
it — the header is row 1 —, the column as the export names it, the value, the problem's catalog key).
``Pipeline.record`` then de-identifies it (``deid``), classifies it (``classify``), reads its place and
links (``linking``) and derives the per-record flags the metrics add up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from riskmodel.feeds import deid
from riskmodel.feeds.classify import KeywordClassifier
from riskmodel.feeds.config import FeedStandard
from riskmodel.feeds.linking import Link, Linker, Place
from riskmodel.feeds.profiles import Profile

RATINGS = {
    "满意": "满意",
    "非常满意": "满意",
    "很满意": "满意",
    "基本满意": "基本满意",
    "比较满意": "基本满意",
    "一般": "基本满意",
    "不满意": "不满意",
    "很不满意": "不满意",
    "非常不满意": "不满意",
}
UNRATED = {"", "未评价", "未回访", "无法联系", "拒绝评价", "未接通", "无", "-", "/"}
DONE_STATUSES = {"已办结", "办结", "已化解", "化解", "已处置", "处置完毕", "已完成", "完成", "已结案", "结案", "已回复"}
MAX_TEXT = 10_000
MAX_RECORD_NO = 64
_FORMATS = (
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日",
    "%Y.%m.%d %H:%M",
    "%Y.%m.%d",
    "%Y%m%d%H%M%S",
    "%Y%m%d",
)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    key: str  # catalog key of the problem (feeds.row.*)

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "problem": self.key}


def parse_time(value: Any) -> datetime | None:
    """A date or date-time as exports write it (ISO, 2025/01/03 08:15, 2025年1月3日, Excel cells)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if hasattr(value, "year") and hasattr(value, "month"):  # a date cell
        return datetime(value.year, value.month, value.day)
    text = str(value).strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        pass
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError(text)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class Pipeline:
    """Checks and turns rows of one source into records (see the module docstring)."""

    def __init__(
        self,
        profile: Profile,
        index: dict[str, int],
        pseudonymizer: deid.Pseudonymizer,
        classifier: KeywordClassifier,
        linker: Linker,
        standard: FeedStandard,
    ) -> None:
        self.profile = profile
        self.source = profile.source
        self.index = index
        self.pseudo = pseudonymizer
        self.classifier = classifier
        self.linker = linker
        limits = standard.limit(profile.source)
        self.accept_limit = timedelta(hours=limits.acceptance_hours)
        self.complete_limit = timedelta(days=limits.completion_days)
        self.columns = {f: profile.column_of(f) or f for f in index}
        wanted = (
            "record_no",
            "received_at",
            "accepted_at",
            "completed_at",
            "text",
            "rating",
            "people_count",
            "phone",
            "id_number",
            "longitude",
            "latitude",
            "address",
            "area",
            "category",
            "status",
            "channel",
            "purpose",
            "person",
        )
        self._fields = [f for f in wanted if f in index]
        self._positions = [index[f] for f in self._fields]

    def _values(self, raw: list[Any]) -> dict[str, Any]:
        n = len(raw)
        return {f: (raw[i] if i < n else None) for f, i in zip(self._fields, self._positions, strict=True)}

    def check_row(self, raw: list[Any], row: int) -> dict[str, Any] | list[RowError]:
        errors: list[RowError] = []

        def err(field_name: str, value: Any, key: str) -> None:
            errors.append(RowError(row, self.columns.get(field_name, field_name), _text(value)[:100], key))

        values = self._values(raw)
        get = values.get

        def g(_raw: Any, field_name: str) -> Any:
            return get(field_name)

        record_no = _text(get("record_no"))
        if not record_no:
            err("record_no", record_no, "feeds.row.empty")
        elif len(record_no) > MAX_RECORD_NO:
            err("record_no", record_no, "feeds.row.too_long")
        times: dict[str, datetime | None] = {}
        for f in ("received_at", "accepted_at", "completed_at"):
            value = g(raw, f)
            try:
                times[f] = parse_time(value)
            except ValueError:
                err(f, value, "feeds.row.bad_time")
                times[f] = None
        received = times["received_at"]
        if received is None and not any(e.column == self.columns.get("received_at") for e in errors):
            err("received_at", "", "feeds.row.empty")
        accepted, completed = times["accepted_at"], times["completed_at"]
        if received is not None:
            if accepted is not None and accepted < received - timedelta(days=1):
                err("accepted_at", g(raw, "accepted_at"), "feeds.row.before_receipt")
            if completed is not None and completed < received - timedelta(days=1):
                err("completed_at", g(raw, "completed_at"), "feeds.row.before_receipt")
        text = _text(g(raw, "text"))
        if not text:
            err("text", text, "feeds.row.empty")
        elif len(text) > MAX_TEXT:
            err("text", text, "feeds.row.too_long")
        rating_raw = _text(g(raw, "rating"))
        rating = RATINGS.get(rating_raw)
        if rating is None and rating_raw not in UNRATED:
            err("rating", rating_raw, "feeds.row.bad_rating")
        people: int | None = None
        people_raw = _text(g(raw, "people_count"))
        if people_raw:
            try:
                people = int(float(people_raw))
                if not 1 <= people <= 100_000:
                    raise ValueError
            except ValueError:
                err("people_count", people_raw, "feeds.row.bad_count")
        phone = _text(g(raw, "phone"))
        if phone and not any(ch.isdigit() for ch in phone):
            err("phone", phone, "feeds.row.bad_phone")
        id_number = _text(g(raw, "id_number"))
        if id_number and not (
            "*" in id_number or deid.PHONE_OR_ID.fullmatch(id_number.upper()) and len(id_number) in (15, 18)
        ):
            err("id_number", "…" if len(id_number) > 4 else id_number, "feeds.row.bad_id")
        coords: dict[str, float | None] = {}
        for f, low, high in (("longitude", -180.0, 180.0), ("latitude", -90.0, 90.0)):
            value = _text(g(raw, f))
            coords[f] = None
            if value:
                try:
                    number = float(value)
                    if not low <= number <= high:
                        raise ValueError
                    coords[f] = number
                except ValueError:
                    err(f, value, "feeds.row.bad_coordinate")
        if errors:
            return errors
        assert received is not None
        if self.source == "grid" and accepted is None:
            accepted = received  # a grid worker reports what he is handling: accepted when reported
        return {
            "record_no": record_no,
            "received_at": received,
            "accepted_at": accepted,
            "completed_at": completed,
            "text": text,
            "address": _text(g(raw, "address")),
            "area": _text(g(raw, "area")),
            "category_raw": _text(g(raw, "category")),
            "status": _text(g(raw, "status")),
            "rating": rating,
            "channel": _text(g(raw, "channel")) or None,
            "people_count": people,
            "purpose_raw": _text(g(raw, "purpose")),
            "person": _text(g(raw, "person")),
            "phone": phone,
            "id_number": id_number,
            "longitude": coords["longitude"],
            "latitude": coords["latitude"],
        }

    def record(self, checked: dict[str, Any]) -> tuple[dict[str, Any], Place, list[Link]]:
        """The de-identified record (no raw name, phone or ID left), its place and its links."""
        name = checked.pop("person")
        phone = checked.pop("phone")
        id_number = checked.pop("id_number")
        p = self.pseudo
        phone_h = p.hash("phone", phone) if phone else None
        id_h = p.hash("id", id_number) if id_number else None
        name_h = p.hash("name", name) if name else None
        checked["person_key"] = id_h or phone_h or name_h
        checked["phone_hash"], checked["id_hash"], checked["name_hash"] = phone_h, id_h, name_h
        text = deid.mask_text(checked["text"], name)
        address = deid.mask_text(checked["address"], name)
        checked["text"], checked["address"] = text, address
        if checked["area"]:
            checked["area"] = deid.mask_text(checked["area"], name)
        received, accepted, completed = checked["received_at"], checked["accepted_at"], checked["completed_at"]
        category = self.classifier.category(text, checked.pop("category_raw"))
        checked["category"] = category
        checked["purpose"] = self.classifier.purpose(text, checked.pop("purpose_raw"))
        place = self.linker.place(checked["area"], address)
        checked["region"], checked["street"], checked["community"] = place.district, place.street, place.community
        checked["month_key"] = received.year * 100 + received.month
        checked["timely"] = accepted is not None and accepted - received <= self.accept_limit
        done = completed is not None or checked["status"] in DONE_STATUSES
        checked["completed"] = done
        checked["on_time"] = (
            completed is not None and accepted is not None and completed - accepted <= self.complete_limit
        )
        checked["resolved"] = done and checked["rating"] != "不满意"
        channel = checked["channel"] or ""
        people = checked["people_count"] or 0
        checked["joint"] = "联名" in channel or "联名" in text
        checked["collective"] = people >= 5 or "集体" in channel
        checked["source"] = self.source
        links = self.linker.links(text, place, checked["longitude"], checked["latitude"])
        return checked, place, links
