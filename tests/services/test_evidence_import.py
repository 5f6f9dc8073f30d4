"""Importing consultation records and the demands list from CSV/XLSX: all rows or nothing."""

from __future__ import annotations

import io

import openpyxl
import pytest

from riskmodel.errors import ValidationError
from riskmodel.services import evidence
from riskmodel.services.evidence_import import ImportFailed, import_records

CONSULTATIONS = (
    "类型,日期,地点,政府部门,社会组织,专业机构,专家学者,群众代表,主要意见\n"
    "座谈会,2026-05-06,东湖村村委会,3,1,0,2,15,担心补偿标准偏低\n"
    "入户走访,2026-05-08,东湖村,2,,,,48,多数支持，少数要求就近安置\n"
)


def test_a_gb18030_csv_of_consultations_is_imported(setup):
    n = import_records(
        setup.store, setup.organizer, setup.assessment_id, "consultations", CONSULTATIONS.encode("gb18030"), "c.csv"
    )
    assert n == 2
    cons = evidence.get_evidence(setup.store, setup.assessment_id).consultations
    assert [c.total for c in cons] == [21, 50]
    assert cons[0].participants == {"政府部门": 3, "社会组织": 1, "专家学者": 2, "群众代表": 15}


def test_an_xlsx_demands_list_with_one_bad_row_stores_nothing_and_names_the_row_and_field(setup):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["诉求", "提出者", "人数", "采纳情况", "理由", "措施"])
    ws.append(["提高补偿标准", "被征收户", 35, "部分采纳", None, "按评估价补偿"])
    ws.append(["项目迁址", "东湖村村民", 40, "未采纳", None, None])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ImportFailed) as exc:
        import_records(setup.store, setup.organizer, setup.assessment_id, "demands", buf.getvalue(), "d.xlsx")
    text = exc.value.message("zh")
    assert "第 3 行" in text and "未采纳理由" in text
    assert "row 3" in exc.value.message("en")
    assert evidence.get_evidence(setup.store, setup.assessment_id).demands == []


def test_a_file_without_a_required_column_is_refused_naming_it(setup):
    with pytest.raises(ValidationError) as exc:
        import_records(
            setup.store, setup.organizer, setup.assessment_id, "demands", "诉求,人数\nx,1\n".encode(), "d.csv"
        )
    assert "提出者" in exc.value.message("zh") and "采纳情况" in exc.value.message("zh")
