"""Linking records to projects by place and by content.

**Place.** A record's 区 / 街道 / 社区 are read from its area and address fields (``parse_place``): names
the gazetteer knows (every project's location) first, then the usual suffixes (区/县, 街道/镇/乡, 社区/村).
Where both the record and the project have coordinates, the distance counts instead when it is closer.

**Content.** Each project's name and keywords are segmented with ``jieba`` (search mode) into terms;
every record is scanned for those terms with one compiled pattern — the result is what segmenting the
record and intersecting its words with the project's would give, without segmenting a million texts.

**Score** = place (社区 0.4, 街道 0.25, 区 0.1; within ``near_km`` 0.4, within ``radius_km`` 0.25; another
区 named −0.2) + content (0.3 per keyword, 0.1 per other name term, at most 0.6). A record is linked to a
project only when a keyword or two name terms matched (or one term within ``near_km``); at or above ``auto_threshold`` automatically,
from ``candidate_threshold`` on for confirmation in the app. The matched words are kept with the link.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from riskmodel.feeds.config import LinkSettings

KEYWORD_WEIGHT = 0.3
NAME_WEIGHT = 0.1
STOP_TERMS = frozenset(
    [
        "项目",
        "工程",
        "建设",
        "一期",
        "二期",
        "三期",
        "改造",
        "新建",
        "扩建",
        "有限公司",
        "公司",
        "市",
        "区",
        "县",
        "镇",
        "街道",
        "社区",
        "村",
        "中心",
        "配套",
        "及其",
        "工作",
        "计划",
        "方案",
        "政策",
        "实施",
        "关于",
        "推进",
        "城市",
        "整治",
        "提升",
        "综合",
    ]
)
DISTRICT_RE = re.compile(r"[\u4e00-\u9fff]{1,6}?(?<!小)(?:新区|区|县)")
STREET_RE = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:街道|镇|乡)")
COMMUNITY_RE = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:社区|村)")


@dataclass(frozen=True)
class Place:
    district: str | None = None
    street: str | None = None
    community: str | None = None


@dataclass(frozen=True)
class ProjectSite:
    project_id: int
    code: str
    name: str
    district: str | None = None
    street: str | None = None
    community: str | None = None
    longitude: float | None = None
    latitude: float | None = None
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    project_id: int
    score: float
    words: tuple[str, ...]
    auto: bool


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def project_terms(site: ProjectSite) -> dict[str, float]:
    """{term: weight} of a project: its keywords (0.25) and the jieba terms of its name (0.15)."""
    import jieba

    jieba.setLogLevel(60)

    terms: dict[str, float] = {}
    for word in jieba.cut_for_search(site.name, HMM=False):
        word = word.strip()
        if len(word) >= 2 and word not in STOP_TERMS and not word.isdigit():
            terms[word] = max(terms.get(word, 0.0), NAME_WEIGHT)
    for kw in site.keywords:
        kw = kw.strip()
        if len(kw) >= 2:
            terms[kw] = KEYWORD_WEIGHT
    for place in (site.district, site.street, site.community):
        terms.pop(place or "", None)  # a place name is place evidence, not content
    return terms


def drop_place_terms(terms: dict[str, float], places: set[str]) -> dict[str, float]:
    """Name terms that are part of a place name (滨江 of 滨江街道) say nothing about the content."""
    return {t: w for t, w in terms.items() if w >= KEYWORD_WEIGHT or not any(t in p for p in places)}


@dataclass
class Gazetteer:
    districts: set[str] = field(default_factory=set)
    streets: set[str] = field(default_factory=set)
    communities: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._compile()

    def _compile(self) -> None:
        def rx(names: set[str]) -> re.Pattern[str] | None:
            names = {n for n in names if n}
            return re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True)))) if names else None

        self._d, self._s, self._c = rx(self.districts), rx(self.streets), rx(self.communities)
        self._cache: dict[tuple[str, str], Place] = {}

    def parse(self, area: str | None, address: str | None) -> Place:
        key = (area or "", address or "")
        found = self._cache.get(key)
        if found is None:
            found = self._parse(*key)
            if len(self._cache) < 500_000:
                self._cache[key] = found
        return found

    def _parse(self, area: str, address: str) -> Place:
        text = f"{area} {address}"
        out: list[str | None] = []
        pos = 0
        for known, generic in ((self._d, DISTRICT_RE), (self._s, STREET_RE), (self._c, COMMUNITY_RE)):
            rest = text[pos:]
            for name in out:  # 东湖区 东湖区和平街道: the district again is no part of the street
                if name:
                    rest = rest.replace(name, " " * len(name))
            m = known.search(rest) if known is not None else None
            if m is None:
                m = generic.search(rest)
                if m is not None and generic is DISTRICT_RE and m.start() > len(area) + 1:
                    m = DISTRICT_RE.match(address)  # an address only gives its district at its start
                    if m is not None:
                        out.append(m.group())
                        pos = len(area) + 1 + m.end()
                        continue
            if m is None:
                out.append(None)
                continue
            out.append(m.group())
            pos += m.end()
        return Place(out[0], out[1], out[2])


class Linker:
    """Scores records against every project (see the module docstring)."""

    def __init__(
        self, sites: list[ProjectSite], settings: LinkSettings | None = None, gazetteer: Gazetteer | None = None
    ):
        self.settings = settings or LinkSettings()
        self.sites = sites
        self.gazetteer = gazetteer or Gazetteer(
            {s.district for s in sites if s.district},
            {s.street for s in sites if s.street},
            {s.community for s in sites if s.community},
        )
        self._terms: dict[str, list[tuple[int, float]]] = {}
        places = self.gazetteer.districts | self.gazetteer.streets | self.gazetteer.communities | {"滨江市"}
        for i, site in enumerate(sites):
            for term, weight in drop_place_terms(project_terms(site), places).items():
                self._terms.setdefault(term, []).append((i, weight))
        words = sorted(self._terms, key=len, reverse=True)
        self._re = re.compile("|".join(map(re.escape, words))) if words else None
        self._located = [i for i, s in enumerate(sites) if s.longitude is not None and s.latitude is not None]

    def place(self, area: str | None, address: str | None) -> Place:
        return self.gazetteer.parse(area, address)

    def links(
        self, text: str, place: Place, longitude: float | None = None, latitude: float | None = None
    ) -> list[Link]:
        content: dict[int, dict[str, float]] = {}
        if self._re is not None and text:
            for term in set(self._re.findall(text)):
                for i, weight in self._terms[term]:
                    content.setdefault(i, {})[term] = weight
        near: dict[int, float] = {}
        if longitude is not None and latitude is not None:
            for i in self._located:
                s = self.sites[i]
                km = haversine_km(longitude, latitude, s.longitude, s.latitude)  # type: ignore[arg-type]
                if km <= self.settings.radius_km:
                    near[i] = km
        out: list[Link] = []
        strong = {i for i, found in content.items() if max(found.values()) >= KEYWORD_WEIGHT or len(found) >= 2}
        for i in strong | {i for i, km in near.items() if km <= self.settings.near_km and i in content}:
            s = self.sites[i]
            words = sorted(content.get(i, {}))
            place_score = 0.0
            if s.district and place.district and s.district != place.district:
                place_score = -0.2  # named another district: content alone must carry it
            elif s.community and place.community == s.community:
                place_score, words = 0.4, words + [s.community]
            elif s.street and place.street == s.street:
                place_score, words = 0.25, words + [s.street]
            elif s.district and place.district == s.district:
                place_score, words = 0.1, words + [s.district]
            if i in near:
                dist_score = 0.4 if near[i] <= self.settings.near_km else 0.25
                if dist_score > place_score:
                    place_score = dist_score
                    words.append(f"{near[i]:.1f}km")
            score = round(place_score + min(0.6, sum(content.get(i, {}).values())), 3)
            if score >= self.settings.candidate_threshold:
                out.append(Link(s.project_id, score, tuple(words), score >= self.settings.auto_threshold))
        return sorted(out, key=lambda link: -link.score)
