"""The hostile-input corpus: files an attacker or a careless operator feeds the importers, each with the
outcome expected of it (a catalog key naming the problem, or acceptance with the right numbers).

Files are built here, deterministically, rather than committed: several are large on purpose (a zip bomb,
a million-row CSV) and the small ones read better as the few lines that make them. ``python -m
tests.hostile.corpus DIR`` writes them all to DIR for trying by hand (``import-survey``, the app's upload).
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SURVEY_HEADER = "item,value\n"


@dataclass(frozen=True)
class Case:
    name: str  # file name (its suffix decides how it is read)
    build: Callable[[], bytes]
    expect: str  # catalog key of the refusal, or "ok"
    what: str  # the attack, in a few words
    counts: dict | None = None  # for "ok": the survey counts the file must give
    row_key: str | None = None  # for a row-level refusal (store.rows.invalid): the key of its first problem


# --- XLSX builders -------------------------------------------------------------------------------
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _col(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def _sheet_xml(rows: list[list[object]], dimension: str | None = None, prolog: str = "") -> str:
    out = [f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet {_NS}>']
    if dimension:
        out.append(f'<dimension ref="{dimension}"/>')
    out.append("<sheetData>")
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, v in enumerate(row):
            ref = f"{_col(c)}{r}"
            if isinstance(v, (int, float)):
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    out.append("</sheetData></worksheet>")
    return "".join(out)


def xlsx(sheet: str | bytes) -> bytes:
    """A minimal workbook whose first sheet is ``sheet`` (XML text), written as Excel would."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return buf.getvalue()


def _respondents(n: int) -> list[list[object]]:
    return [["attitude", "household"]] + [[("支持", "反对", "中立")[i % 3], f"H{i}"] for i in range(n)]


def wrong_dimension() -> bytes:
    """Ten respondents, but the sheet's <dimension> claims two rows (what some exporters write)."""
    return xlsx(_sheet_xml(_respondents(10), dimension="A1:B2"))


def zip_bomb() -> bytes:
    """~1 MB on disk, several hundred MB of sheet XML once inflated."""
    row = '<row><c t="inlineStr"><is><t>支持</t></is></c></row>'
    body = (row * 2_000_000).encode()
    sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><sheetData>'.encode() + body
    return xlsx(sheet + b"</sheetData></worksheet>")


def lying_sizes() -> bytes:
    """A sheet whose zip entry declares 100 bytes but inflates to 50 MB (the directory lies)."""
    real = xlsx(_sheet_xml(_respondents(3)))
    big = zlib.compress(b"<row/>" * 9_000_000)[2:-4]  # raw deflate
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(real)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info, src.read(info.filename))
    data = bytearray(buf.getvalue())
    # append a raw local header + data for the sheet that lies about its uncompressed size
    name = b"xl/worksheets/sheet1.xml"
    crc = zlib.crc32(b"x")
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(big), 100, len(name), 0) + name
    central_offset = data.find(b"PK\x01\x02")
    head, central = bytes(data[:central_offset]), bytes(data[central_offset:])
    offset = len(head)
    entry = (
        struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(big), 100, len(name), 0, 0, 0, 0, 0, offset
        )
        + name
    )
    end = central.rfind(b"PK\x05\x06")
    records, eocd = central[:end], bytearray(central[end:])
    count = struct.unpack("<H", eocd[10:12])[0] + 1
    new_central = records + entry
    eocd[8:10] = struct.pack("<H", count)
    eocd[10:12] = struct.pack("<H", count)
    eocd[12:16] = struct.pack("<I", len(new_central))
    eocd[16:20] = struct.pack("<I", offset + len(local) + len(big))
    return head + local + big + new_central + bytes(eocd)


def billion_laughs() -> bytes:
    entities = '<!ENTITY l0 "ha">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    prolog = f"<!DOCTYPE worksheet [{entities}]>"
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>attitude</t></is></c></row>'
    rows += '<row r="2"><c r="A2" t="inlineStr"><is><t>&l9;</t></is></c></row>'
    return xlsx(
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet {_NS}><sheetData>{rows}</sheetData></worksheet>'
    )


def external_entity() -> bytes:
    prolog = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>attitude</t></is></c></row>'
    rows += '<row r="2"><c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    return xlsx(
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet {_NS}><sheetData>{rows}</sheetData></worksheet>'
    )


def wide_sheet() -> bytes:
    return xlsx(_sheet_xml([[f"c{i}" for i in range(300)], list(range(300))]))


# --- CSV builders --------------------------------------------------------------------------------
def _survey(rows: str, encoding: str = "utf-8") -> bytes:
    return (SURVEY_HEADER + rows).encode(encoding)


def million_rows() -> bytes:
    return b"attitude\n" + b"\xe6\x94\xaf\xe6\x8c\x81\n" * 1_000_000  # 支持 × 1e6


def many_bad_rows() -> bytes:
    return ("attitude\n" + "maybe\n" * 5_000).encode()


CASES: tuple[Case, ...] = (
    Case(
        "gbk.csv",
        lambda: "项目,数值\n支持,60\n中立,20\n反对,20\n".encode("gbk"),
        "ok",
        "GBK text from Chinese Excel",
        {"support": 60, "neutral": 20, "oppose": 20},
    ),
    Case(
        "gb18030.csv",
        lambda: "项目,数值\n支持,7\n反对,3\n".encode("gb18030"),
        "ok",
        "GB18030 text",
        {"support": 7, "neutral": 0, "oppose": 3},
    ),
    Case(
        "utf16.csv",
        lambda: "项目\t数值\n支持\t5\n反对\t5\n".encode("utf-16"),
        "ok",
        "Excel 'Unicode text' (UTF-16, tabs)",
        {"support": 5, "neutral": 0, "oppose": 5},
    ),
    Case(
        "bom.csv",
        lambda: "\ufeffitem,value\nsupport,1\noppose,2\n".encode(),
        "ok",
        "UTF-8 with BOM",
        {"support": 1, "neutral": 0, "oppose": 2},
    ),
    Case(
        "wrong-dimension.xlsx",
        wrong_dimension,
        "ok",
        "XLSX whose <dimension> tag claims fewer rows",
        {"support": 4, "neutral": 3, "oppose": 3},
    ),
    Case(
        "field-140k.csv",
        lambda: _survey("support," + "9" * 140_000 + "\n"),
        "security.files.cell_too_long",
        "a field over csv's 131,072-character limit",
    ),
    Case(
        "field-40k.csv",
        lambda: _survey("support,1\noppose,2\n" + "note," + "长" * 40_000 + "\n"),
        "security.files.cell_too_long",
        "a field over Excel's 32,767 characters",
    ),
    Case("nul.csv", lambda: _survey("support,1\x00\noppose,2\n"), "security.files.control_char", "a NUL byte"),
    Case(
        "escape.csv",
        lambda: _survey("support,1\noppose,2\x1b[31m\n"),
        "security.files.control_char",
        "a terminal escape sequence",
    ),
    Case(
        "superscript.csv",
        lambda: _survey("support,1130²\noppose,2\n"),
        "store.rows.invalid",
        "a count with a superscript two (str.isdigit accepts it, int does not)",
        row_key="store.rows.bad_count",
    ),
    Case(
        "huge-count.csv",
        lambda: _survey("support,99999999999999999999\noppose,2\n"),
        "store.rows.invalid",
        "a count above 2⁶³",
        row_key="security.files.count_too_large",
    ),
    Case("million-rows.csv", million_rows, "security.files.too_many_rows", "a million rows"),
    Case(
        "many-bad-rows.csv",
        many_bad_rows,
        "store.rows.invalid",
        "5,000 bad rows (the report is capped)",
        row_key="store.rows.bad_attitude",
    ),
    Case(
        "oversized.csv", lambda: b"item,value\n" + b"x" * (21 * 1024 * 1024), "security.files.too_large", "a 21 MB file"
    ),
    Case("empty.csv", lambda: b"", "store.import.empty", "an empty file"),
    Case("zip-bomb.xlsx", zip_bomb, "security.files.unpacked_too_large", "a zip bomb"),
    Case("lying-sizes.xlsx", lying_sizes, "security.files.bad_xlsx", "a zip entry that lies about its size"),
    Case("billion-laughs.xlsx", billion_laughs, "security.files.bad_xlsx", "XML entity expansion"),
    Case("xxe.xlsx", external_entity, "security.files.bad_xlsx", "an external XML entity (file:///etc/passwd)"),
    Case("wide.xlsx", wide_sheet, "security.files.too_many_columns", "300 columns"),
    Case("old.xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "security.files.xls", "an old .xls"),
    Case("garbage.xlsx", lambda: b"PK\x03\x04" + bytes(range(256)) * 4, "security.files.bad_xlsx", "a broken zip"),
)


def write_all(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        (directory / case.name).write_bytes(case.build())
        print(f"{case.name:<24} {case.expect:<36} {case.what}")


if __name__ == "__main__":  # pragma: no cover
    write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus"))
