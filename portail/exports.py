"""CSV and XLSX exports of a list exactly as the user sees it (same scope, same filters).

CSV is streamed line by line; XLSX comes from openpyxl's write-only workbook, which writes rows
as they come, so a national export of tens of thousands of rows never sits in memory as Python
objects (only the compressed file does). Exports stay synchronous; at ten times the programme's size the biggest one (all
fiches) is produced in a few seconds, which did not justify a background job and a notification.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone

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


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal | float):  # a decimal comma, as French spreadsheets expect
        return str(value).replace(".", ",")
    if isinstance(value, bool):
        return "oui" if value else "non"
    return value


def _xlsx_cell(value):
    if isinstance(value, bool):
        return "oui" if value else "non"
    return value


def export_response(objects: Iterable, columns: Sequence[Column], *, fmt: str, name: str, sheet: str):
    """The download of ``objects`` as ``name-YYYY-MM-DD.csv|xlsx``."""
    filename = f"{name}-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "csv":
        writer = csv.writer(_Echo(), delimiter=";")

        def lines():
            # A byte-order mark first, so that spreadsheet software reads the accents right.
            yield "\ufeff"
            for row in _rows(objects, columns):
                yield writer.writerow([_csv_cell(v) for v in row])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])
    for row in _rows(objects, columns):
        worksheet.append([_xlsx_cell(v) for v in row])
    response = HttpResponse(content_type=XLSX_TYPE)
    workbook.save(response)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
