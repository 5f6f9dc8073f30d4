"""Turn pydantic's validation errors into translatable problems (what and where, in the user's language).

Our own validators raise ``PydanticCustomError`` whose type is a catalog key; pydantic's built-in error
types map to ``validation.pydantic.<type>``; anything else keeps pydantic's English text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from riskmodel.i18n import has, t


def error_key_and_params(err: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    """The catalog key and parameters for one entry of ``pydantic.ValidationError.errors()``."""
    kind = err["type"]
    params = {k: str(v) for k, v in (err.get("ctx") or {}).items()}
    loc = [p for p in err.get("loc", ()) if not (isinstance(p, str) and p.startswith("function-"))]
    if loc:
        params.setdefault("field", str(loc[-1]))
    key = kind if "." in kind else f"validation.pydantic.{kind}"
    return key, params


def error_text(err: Mapping[str, Any], lang: str | None = None) -> str:
    """One pydantic error as a sentence in ``lang`` (falls back to pydantic's own message)."""
    key, params = error_key_and_params(err)
    if has(key):
        return t(key, lang, **params)
    return str(err.get("msg", "")).removeprefix("Value error, ")


def render_location(loc: Sequence[object]) -> str:
    """``('experts', 0, 'ca')`` → ``experts[0].ca`` — the place a user should look."""
    out = ""
    for part in loc:
        if isinstance(part, str) and part.startswith("function-"):
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "/"
