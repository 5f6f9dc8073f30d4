"""Chapter builders the report's outline calls (owned by the evidence area, issue 10).

Each builder takes the ``ReportContext`` and returns outline blocks (``riskmodel.reports.outline``). The
builders import the block types from the outline, and the outline imports this package at its top: so the
package loads its modules on first use (``__getattr__``), when the outline is complete — no import circle.
The records come from ``ctx.evidence`` (plain JSON: ``services.evidence.evidence_dict``; also the bundle's
``report.evidence``), so a report rebuilt from a bundle prints them too.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "cover_lines": "evidence",
    "parties_blocks": "evidence",
    "survey_blocks": "evidence",
    "emergency_pointer": "evidence",
    "back_matter": "evidence",
    "annex_blocks": "evidence",
    "emergency_chapter": "emergency",
    "review_chapter": "review",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(name)
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
