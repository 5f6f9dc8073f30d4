"""Reading an uploaded or imported table (CSV or XLSX) as hostile input.

Every importer reads through ``read_rows`` (ratings, surveys, stakeholder networks), so one set of limits
holds everywhere, each with a message in the user's language naming what and where:

- **size**: the file itself at most ``MAX_FILE_BYTES``; an XLSX (a zip archive) at most ``MAX_MEMBERS``
  parts and ``MAX_UNPACKED_BYTES`` once unpacked — measured from the archive's directory *before* anything
  is decompressed (Python's zip reader never inflates a part beyond its declared size, so a part that
  lies about it fails instead of filling memory), which stops zip bombs;
- **rows and columns**: at most ``MAX_ROWS`` rows (header included) and ``MAX_COLUMNS`` columns; reading
  stops at the first row over the cap, so a million-row file costs milliseconds, not minutes;
- **cells**: at most ``MAX_CELL_CHARS`` characters (Excel's own limit), and no NUL or other control
  character (the store refuses them on every backend; here the row and column are named);
- **XLSX**: read-only mode with the sheet's ``<dimension>`` tag reset (``reset_dimensions``): the tag is
  written by the producing program and may be wrong, and trusting it silently drops rows;
- **encodings** (CSV): UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), else GB18030
  (a superset of GBK/GB2312, what Excel writes on Chinese Windows); delimiter ``,`` — or ``;`` / tab when
  the header has no comma;
- old binary ``.xls`` files are refused with advice (save as XLSX or CSV).

``read_rows`` returns every row as written (blank rows included, so callers can number rows as a
spreadsheet shows them: the header is row 1).
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from typing import Any

from riskmodel.errors import ValidationError
from riskmodel.store.guard import bad_char

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 2_000
MAX_ROWS = 100_001  # a header and 100,000 data rows
MAX_COLUMNS = 200
MAX_CELL_CHARS = 32_767

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and other compound documents (also encrypted .xlsx)


def is_xlsx(data: bytes, name: str) -> bool:
    return data[:4] == b"PK\x03\x04" or name.lower().endswith((".xlsx", ".xlsm"))


def decode_text(data: bytes, name: str) -> str:
    """CSV text: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ValidationError("security.files.encoding", file=name) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("security.files.encoding", file=name)


def _check_cell(value: Any, name: str, row: int, column: int) -> None:
    if isinstance(value, str):
        if len(value) > MAX_CELL_CHARS:
            raise ValidationError("security.files.cell_too_long", file=name, row=row, column=column, max=MAX_CELL_CHARS)
        found = bad_char(value)
        if found:
            raise ValidationError("security.files.control_char", file=name, row=row, column=column, char=found)


def _check_row(values: list[Any], name: str, row: int) -> list[Any]:
    while values and (values[-1] is None or values[-1] == ""):
        values.pop()
    if len(values) > MAX_COLUMNS:
        raise ValidationError("security.files.too_many_columns", file=name, row=row, max=MAX_COLUMNS)
    for column, value in enumerate(values, start=1):
        _check_cell(value, name, row, column)
    return values


def _csv_rows(data: bytes, name: str) -> list[list[Any]]:
    text = decode_text(data, name)
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:  # Excel in some locales saves ";"-separated, a few tools tab-separated
        delimiter = ";" if ";" in first_line else ("\t" if "\t" in first_line else ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[Any]] = []
    number = 0
    try:
        for number, raw in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise ValidationError("security.files.too_many_rows", file=name, max=MAX_ROWS - 1)
            rows.append(_check_row(list(raw), name, number))
    except csv.Error as exc:
        line = reader.line_num or number + 1
        message = str(exc)
        if "field larger than field limit" in message:
            raise ValidationError(
                "security.files.cell_too_long", file=name, row=line, column="?", max=MAX_CELL_CHARS
            ) from None
        if "NUL" in message:
            raise ValidationError(
                "security.files.control_char", file=name, row=line, column="?", char="U+0000"
            ) from None
        raise ValidationError("security.files.bad_csv", file=name, row=line, reason=message) from None
    return rows


def check_archive(data: bytes, name: str) -> None:
    """Refuse an XLSX whose unpacked size or number of parts is over the limits, before unpacking it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ValidationError("security.files.bad_xlsx", file=name) from None
    if len(members) > MAX_MEMBERS:
        raise ValidationError("security.files.too_many_parts", file=name, max=MAX_MEMBERS)
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            "security.files.unpacked_too_large",
            file=name,
            mb=round(unpacked / 2**20, 1),
            max_mb=MAX_UNPACKED_BYTES // 2**20,
        )


def sheet_names(data: bytes, name: str) -> list[str]:
    book = _open_book(data, name)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _open_book(data: bytes, name: str):
    from openpyxl import load_workbook

    check_archive(data, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — any workbook openpyxl cannot open is the same user error
        raise ValidationError("security.files.bad_xlsx", file=name) from None


class SheetMissing(ValidationError):
    """The workbook has no sheet of the requested name (``sheets`` lists those it has)."""

    def __init__(self, name: str, sheet: str, sheets: list[str]) -> None:
        self.sheet = sheet
        self.sheets = sheets
        super().__init__("security.files.missing_sheet", file=name, sheet=sheet, sheets=", ".join(sheets))


def _xlsx_rows(data: bytes, name: str, sheet: str | None) -> list[list[Any]]:
    book = _open_book(data, name)
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise SheetMissing(name, sheet, list(book.sheetnames))
        if not book.worksheets:
            raise ValidationError("security.files.bad_xlsx", file=name)
        ws = book[sheet] if sheet else book.worksheets[0]
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # the <dimension> tag may lie: read every row actually there
        rows: list[list[Any]] = []
        try:
            for number, raw in enumerate(ws.iter_rows(values_only=True), start=1):
                if number > MAX_ROWS:
                    raise ValidationError("security.files.too_many_rows", file=name, max=MAX_ROWS - 1)
                rows.append(_check_row(list(raw), name, number))
        except ValidationError:
            raise
        except Exception:  # noqa: BLE001 — malformed sheet XML, a part that lies about its size…
            raise ValidationError("security.files.bad_xlsx", file=name) from None
        return rows
    finally:
        book.close()


def read_rows(data: bytes, name: str, *, sheet: str | None = None) -> list[list[Any]]:
    """Every row of a CSV file or of one sheet of an XLSX workbook (the first unless ``sheet``), checked."""
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            "security.files.too_large", file=name, mb=round(len(data) / 2**20, 1), max_mb=MAX_FILE_BYTES // 2**20
        )
    if data[:8] == _OLE or name.lower().endswith(".xls"):
        raise ValidationError("security.files.xls", file=name)
    if is_xlsx(data, name):
        return _xlsx_rows(data, name, sheet)
    return _csv_rows(data, name)
