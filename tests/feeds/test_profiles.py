"""Column profiles and mapping files: the contract columns, renaming, refusals naming what and where."""

from __future__ import annotations

import pytest

from riskmodel.errors import ValidationError
from riskmodel.feeds.profiles import PROFILES, load_mapping, parse_mapping, resolve_header

CONTRACT = {
    "12345": "工单编号,来电时间,来电号码,诉求人,诉求内容,事发地址,所属区域,诉求类型,受理时间,办结时间,办理状态,回访结果",
    "petition": "信访件编号,登记日期,信访形式,信访人数,信访目的,内容摘要,问题属地,信访人,证件号码,联系电话,办理状态,受理日期,办结日期,满意度",
    "grid": "事件编号,上报时间,网格,事件类型,事件描述,地址,处置状态,办结时间",
}


@pytest.mark.parametrize("source", sorted(CONTRACT))
def test_each_profile_has_exactly_the_columns_of_the_issue(source):
    assert ",".join(PROFILES[source].names) == CONTRACT[source]


def test_a_header_in_profile_order_or_any_order_resolves_to_fields():
    header = list(reversed(PROFILES["grid"].names)) + ["备注"]
    index = resolve_header(header, "grid", None, "g.csv")
    assert header[index["record_no"]] == "事件编号"
    assert header[index["text"]] == "事件描述"


def test_a_missing_column_is_refused_by_name():
    header = [c for c in PROFILES["12345"].names if c != "诉求内容"]
    with pytest.raises(ValidationError) as err:
        resolve_header(header, "12345", None, "x.csv")
    assert "诉求内容" in err.value.message("zh") and "x.csv" in err.value.message("zh")


def test_a_mapping_file_renames_export_columns_and_declares_missing_ones(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text(
        "source: '12345'\ncolumns:\n  工单号: 工单编号\n  市民电话: 来电号码\nmissing: [回访结果]\n", encoding="utf-8"
    )
    mapping = load_mapping(path, "12345")
    header = ["工单号", "市民电话"] + [
        c for c in PROFILES["12345"].names if c not in ("工单编号", "来电号码", "回访结果")
    ]
    index = resolve_header(header, "12345", mapping, "other.csv")
    assert index["record_no"] == 0 and index["phone"] == 1 and "rating" not in index


def test_a_mapping_to_an_unknown_column_or_for_another_source_is_refused():
    with pytest.raises(ValidationError, match="不存在|不是该来源"):
        parse_mapping({"columns": {"a": "不存在的列"}}, "grid")
    with pytest.raises(ValidationError):
        parse_mapping({"source": "petition"}, "grid")
    with pytest.raises(ValidationError):
        parse_mapping({"missing": ["事件编号"]}, "grid")  # a required column cannot be missing
