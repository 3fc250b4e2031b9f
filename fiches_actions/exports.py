"""CSV (streamed) and XLSX exports of exactly the list the user sees, with the same filters."""

import csv

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

COLUMNS = [
    ("Territoire", lambda f: f.territoire.nom),
    ("Code du territoire", lambda f: f.territoire.code),
    ("Titre", lambda f: f.titre),
    ("Axe", lambda f: f.get_axe_display()),
    ("Statut", lambda f: f.get_statut_display()),
    ("Avancement", lambda f: f.get_suivi_display() if f.suivi else ""),
    ("Porteur", lambda f: f.porteur_organisation),
    ("Coût total (€ HT)", lambda f: f.cout_total),
    ("Financements prévus (€ HT)", lambda f: f.total_finance),
    ("Début", lambda f: f.date_debut),
    ("Fin", lambda f: f.date_fin),
    ("Déposée le", lambda f: timezone.localtime(f.deposee_le).date() if f.deposee_le else None),
]


class _Echo:
    def write(self, value):
        return value


def _rows(fiches):
    yield [title for title, _ in COLUMNS]
    for fiche in fiches.iterator(chunk_size=500):
        yield [getter(fiche) for _, getter in COLUMNS]


def _csv_cell(value):
    if value is None:
        return ""
    if hasattr(value, "as_tuple"):  # Decimal: a French decimal comma, as spreadsheets here expect
        return str(value).replace(".", ",")
    return value


def fiches_export(fiches, fmt: str):
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        writer = csv.writer(_Echo(), delimiter=";")
        lines = (writer.writerow([_csv_cell(v) for v in row]) for row in _rows(fiches))
        # A byte-order mark first, so that spreadsheet software reads the accents right.
        response = StreamingHttpResponse(_prepend("\ufeff", lines), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="fiches-actions-{stamp}.csv"'
        return response
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Fiches actions")
    for row in _rows(fiches):
        sheet.append(row)
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    workbook.save(response)
    response["Content-Disposition"] = f'attachment; filename="fiches-actions-{stamp}.xlsx"'
    return response


def _prepend(first, iterable):
    yield first
    yield from iterable
