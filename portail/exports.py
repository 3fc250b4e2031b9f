"""CSV and XLSX exports of a list exactly as the user sees it (same scope, same filters).

Both are streamed as the rows are read (CSV line by line, XLSX through ``portail.xlsx``): the
download starts at once and memory stays flat, even for a national export of tens of thousands of
rows. Exports stay synchronous; at ten times the programme's size the biggest one (all fiches) is
produced in a few seconds, which did not justify a background job and a notification.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone

from .xlsx import xlsx_stream

EXPORT_FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Column = tuple[str, Callable[[object], object]]


def requested_format(request: HttpRequest) -> str | None:
    fmt = request.GET.get("format")
    return fmt if fmt in EXPORT_FORMATS else None


class _Echo:
    def write(self, value):
        return value


def _rows(objects: Iterable, columns: Sequence[Column]):
    yield [title for title, _ in columns]
    iterator = objects.iterator(chunk_size=500) if hasattr(objects, "iterator") else objects
    for obj in iterator:
        yield [getter(obj) for _, getter in columns]


# A spreadsheet reads a cell starting with one of these as a formula (OWASP's « CSV injection »):
# a title typed as ``=HYPERLINK(...)`` would run on the reader's machine.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that a spreadsheet would take for a formula, made inert by a leading quote; the one
    rule every CSV and XLSX cell goes through. Numbers are left alone (a negative amount is no
    formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal | float):  # a decimal comma, as French spreadsheets expect
        return str(value).replace(".", ",")
    if isinstance(value, bool):
        return "oui" if value else "non"
    return neutralise(str(value)) if not isinstance(value, int) else value


def csv_lines(rows: Iterable[list], *, delimiter: str = ";", bom: bool = True):
    """Rows as CSV text, line by line, for a streamed download (``bom``: a byte-order mark first, so that
    spreadsheet software reads the accents right)."""
    writer = csv.writer(_Echo(), delimiter=delimiter)
    if bom:
        yield "\ufeff"
    for row in rows:
        yield writer.writerow(row)


def export_response(objects: Iterable, columns: Sequence[Column], *, fmt: str, name: str, sheet: str):
    """The download of ``objects`` as ``name-YYYY-MM-DD.csv|xlsx``."""
    filename = f"{name}-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "csv":
        rows = ([_csv_cell(v) for v in row] for row in _rows(objects, columns))
        response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    rows = ([neutralise(value) for value in row] for row in _rows(objects, columns))
    response = StreamingHttpResponse(xlsx_stream(rows, sheet=sheet), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
