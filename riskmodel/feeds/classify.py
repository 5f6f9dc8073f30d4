"""Classification of a record: its 矛盾纠纷 category and its 信访目的 (求决 / 意见建议 / 揭发控告 / 申诉).

Rules come from an editable data file (``data/categories.yaml``, or ``RISKMODEL_FEEDS_CATEGORIES``): each
category lists keywords; the category with the most keyword occurrences in the text wins (the first in
the file on a tie); with no hit, the source's own type decides when it names a category or an alias,
else 其他. One compiled pattern of every keyword scans a text once.

``train_classifier`` fits an optional scikit-learn model (TF-IDF of jieba words and character bigrams,
logistic regression) on records the office has labelled; it runs locally, loads nothing from a network,
and ``KeywordClassifier.with_model`` uses it for records the rules leave as 其他.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from riskmodel import safe_yaml
from riskmodel.errors import ValidationError

DEFAULT_FILE = Path(__file__).parent / "data" / "categories.yaml"
ENV_FILE = "RISKMODEL_FEEDS_CATEGORIES"
OTHER = "其他"
PURPOSES = ("求决", "意见建议", "揭发控告", "申诉")


def _pattern(words: list[str]) -> re.Pattern[str] | None:
    words = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))) if words else None


@dataclass
class KeywordClassifier:
    categories: list[str]
    keywords: dict[str, str]  # keyword → category
    aliases: dict[str, str]
    purposes: dict[str, str]  # keyword → purpose
    purpose_aliases: dict[str, str]
    default_purpose: str = "求决"
    model: Any = None  # optional scikit-learn pipeline
    _cat_re: re.Pattern[str] | None = field(default=None, repr=False)
    _pur_re: re.Pattern[str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._cat_re = _pattern(list(self.keywords))
        self._pur_re = _pattern(list(self.purposes))
        self._order = {c: i for i, c in enumerate(self.categories)}

    def category(self, text: str, own_type: str | None = None) -> str:
        if self._cat_re is not None and text:
            hits = self._cat_re.findall(text)
            if len(hits) == 1:
                return self.keywords[hits[0]]
            if hits:
                counts = Counter(self.keywords[h] for h in hits)
                return min(counts, key=lambda c: (-counts[c], self._order.get(c, 999)))
        if own_type:
            own = own_type.strip()
            if own in self._order:
                return own
            if own in self.aliases:
                return self.aliases[own]
        if self.model is not None and text:
            return str(self.model.predict([text])[0])
        return OTHER

    def purpose(self, text: str, own: str | None = None) -> str:
        if own:
            own = own.strip()
            if own in PURPOSES:
                return own
            if own in self.purpose_aliases:
                return self.purpose_aliases[own]
        if self._pur_re is not None and text:
            hits = self._pur_re.findall(text)
            if len(hits) == 1:
                return self.purposes[hits[0]]
            if hits:
                counts = Counter(self.purposes[h] for h in hits)
                return min(counts, key=lambda p: (-counts[p], PURPOSES.index(p) if p in PURPOSES else 9))
        return self.default_purpose

    def with_model(self, model: Any) -> KeywordClassifier:
        return KeywordClassifier(
            self.categories,
            self.keywords,
            self.aliases,
            self.purposes,
            self.purpose_aliases,
            self.default_purpose,
            model,
        )


def parse_rules(data: Any, name: str) -> KeywordClassifier:
    if not isinstance(data, dict) or not isinstance(data.get("categories"), list):
        raise ValidationError("feeds.categories.bad", file=name, reason="categories")
    cats: list[str] = []
    kw: dict[str, str] = {}
    for entry in data["categories"]:
        if not isinstance(entry, dict) or not entry.get("name"):
            raise ValidationError("feeds.categories.bad", file=name, reason=str(entry))
        cat = str(entry["name"])
        cats.append(cat)
        for word in entry.get("keywords") or []:
            kw.setdefault(str(word), cat)
    if OTHER not in cats:
        cats.append(OTHER)
    purposes: dict[str, str] = {}
    for entry in data.get("purposes") or []:
        if str(entry.get("name")) not in PURPOSES:
            raise ValidationError("feeds.categories.bad", file=name, reason=str(entry.get("name")))
        for word in entry.get("keywords") or []:
            purposes.setdefault(str(word), str(entry["name"]))
    aliases = {str(k): str(v) for k, v in (data.get("aliases") or {}).items()}
    for target in aliases.values():
        if target not in cats:
            raise ValidationError("feeds.categories.bad", file=name, reason=target)
    return KeywordClassifier(
        cats,
        kw,
        aliases,
        purposes,
        {str(k): str(v) for k, v in (data.get("purpose_aliases") or {}).items()},
        str(data.get("default_purpose") or "求决"),
    )


@lru_cache(maxsize=4)
def _load(path: str) -> KeywordClassifier:
    return parse_rules(safe_yaml.load_file(path), Path(path).name)


def classifier() -> KeywordClassifier:
    return _load(os.environ.get(ENV_FILE) or str(DEFAULT_FILE))


def jieba_words(text: str) -> list[str]:
    import jieba

    jieba.setLogLevel(60)

    return [w for w in jieba.lcut(text, HMM=False) if len(w.strip()) >= 2]


def train_classifier(texts: list[str], labels: list[str], *, seed: int = 0) -> Any:
    """A local scikit-learn model predicting the category from a text (needs ≥ 2 labels)."""
    if len(set(labels)) < 2:
        raise ValidationError("feeds.classify.too_few_labels", count=len(set(labels)))
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(analyzer=jieba_words, min_df=1),
        TfidfVectorizer(analyzer="char", ngram_range=(2, 2), min_df=1),
    )
    model = make_pipeline(features, LogisticRegression(max_iter=500, random_state=seed))
    model.fit(texts, labels)
    return model
