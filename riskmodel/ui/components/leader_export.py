"""评估详情, 导出 tab: the export panel of the reports area."""

from __future__ import annotations

from riskmodel.ui.components import exports


def render(assessment_id: int, store, code: str) -> None:
    exports.render_export_panel(assessment_id, code, store=store)
