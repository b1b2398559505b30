"""Tables written as files a French spreadsheet opens as they are: CSV (UTF-8 with a byte
order mark, ";" between the cells, as French Excel and LibreOffice read them) and XLSX.

A cell typed by a user that starts with "=", "+", "-", "@", a tab or a carriage return
would be run as a formula by the spreadsheet (formula injection: ``=HYPERLINK(...)`` in a
first name). In CSV it gets a leading apostrophe; in XLSX every text is written as text,
never read as a formula.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import TYPE_STRING

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Table:
    """A title (the sheet's name), column headers and rows of plain values."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def neutralised(text: str) -> str:
    """``text`` made harmless for a spreadsheet: a leading apostrophe before a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralised(_text(h)) for h in table.headers])
    for row in table.rows:
        writer.writerow([
            value if isinstance(value, int) and not isinstance(value, bool)
            else neutralised(_text(value))
            for value in row
        ])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(table: Table) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.title[:31])
    sheet.append([_text_cell(sheet, _text(h)) for h in table.headers])
    for row in table.rows:
        sheet.append([_xlsx_value(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_value(sheet, value):
    if value is None:
        return None
    if isinstance(value, int | float | dt.date) and not isinstance(value, bool):
        return value
    return _text_cell(sheet, _text(value))


def _text_cell(sheet, text: str) -> WriteOnlyCell:
    """A cell of text, whatever it starts with (openpyxl takes "=..." for a formula)."""
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = TYPE_STRING
    return cell
