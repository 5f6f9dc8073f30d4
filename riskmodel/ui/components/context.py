"""What a page hands its components: the store, the acting user and the language.

Built by ``shell.page_context`` (which checks the role); components import it from here, never the
shell, so the arrow goes one way: pages → shell and components, components → services.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from riskmodel.i18n import t
from riskmodel.services.context import Actor
from riskmodel.store import Store


@dataclass(frozen=True)
class PageContext:
    """What a page needs: the store, the acting user (role fresh from the database) and the language."""

    store: Store
    actor: Actor
    lang: str

    def t(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)
