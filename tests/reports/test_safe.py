"""Formula injection: text that starts with = + - @ tab CR is neutralised, numbers stay numbers."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from riskmodel.reports.safe import csv_cell, is_dangerous, neutralise, set_cell

DANGEROUS = ['=HYPERLINK("http://example.com","x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "=1+1"]
HARMLESS = ["城东项目", "a=b", "1-2", " =x", "'quoted", ""]


@pytest.mark.parametrize("text", DANGEROUS)
def test_dangerous_text_gets_an_apostrophe(text):
    assert is_dangerous(text)
    assert neutralise(text) == "'" + text
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_text_is_unchanged(text):
    assert not is_dangerous(text)
    assert neutralise(text) == text


@pytest.mark.parametrize("number", [-2, -2.5, 0, 3, 1e-9])
def test_numbers_are_never_touched(number):
    assert neutralise(number) == number
    assert csv_cell(number) == number


def test_csv_cell_none_is_empty():
    assert csv_cell(None) == ""
    assert csv_cell(True) is True


@pytest.mark.parametrize("text", DANGEROUS)
def test_set_cell_writes_a_string_cell_with_quote_prefix(text):
    ws = Workbook().active
    cell = ws.cell(1, 1)
    set_cell(cell, text)
    assert cell.data_type == "s"
    assert not str(cell.value).startswith("=")
    assert cell.value == "'" + text
    assert cell.quotePrefix


def test_set_cell_keeps_numbers_numeric():
    ws = Workbook().active
    set_cell(ws.cell(1, 1), -2)
    set_cell(ws.cell(1, 2), "-2")
    set_cell(ws.cell(1, 3), 3.25)
    set_cell(ws.cell(1, 4), "plain")
    assert ws.cell(1, 1).data_type == "n" and ws.cell(1, 1).value == -2
    assert ws.cell(1, 2).data_type == "s" and ws.cell(1, 2).value == "'-2"
    assert ws.cell(1, 3).value == 3.25
    assert ws.cell(1, 4).value == "plain" and not ws.cell(1, 4).quotePrefix
