"""Importing a territory's existing fiches from a spreadsheet: every line checked, all or nothing."""

from __future__ import annotations

import dataclasses
import datetime
import io
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction

from comptes.models import User
from habilitations.scoping import can
from portail.rules import END_BEFORE_START, ends_before_start
from portail.typographie import megabytes, plural
from territoires.models import Axe, Operateur, Territoire
from territoires.phases import axe_for, current_phase

from ..enums import Financeur, StatutFinancement, TypePorteur
from ..models import FicheAction
from ..validators import normalize_siret, validate_siret
from .fiches import fiche_create_with_details, plan_imbalance

FINANCING_GROUPS = 3
COLUMNS = [
    "Titre",
    "Axe",
    "Description",
    "Objectifs",
    "Organisation porteuse",
    "SIRET du porteur",
    "Type de porteur",
    "Maître d'ouvrage",
    "Contact : nom",
    "Contact : courriel",
    "SIREN de l'EPCI de localisation",
    "Début",
    "Fin",
    "Coût total (€ HT)",
] + [f"{label} {n}" for n in range(1, FINANCING_GROUPS + 1) for label in ("Financeur", "Montant", "Statut")]
REQUIRED = {"Titre", "Axe"}
# Stated limits, checked before the file is queued. A spreadsheet declares its own size, which a
# crafted file sets to 16,384 columns or row 400,000,000: nothing here trusts it.
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 500


@dataclasses.dataclass
class LineError:
    line: int
    column: str
    message: str

    def __str__(self):
        return f"Ligne {self.line}, colonne « {self.column} » : {self.message}"


class ImportRefused(Exception):
    def __init__(self, errors: list[LineError]):
        self.errors = errors
        super().__init__(plural(len(errors), "erreur"))


def template_bytes() -> bytes:
    """The model workbook, its axe column checked against the current phase's axes; the help sheet
    lists each phase's, since a territory of another phase imports too."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    by_phase: dict[str, list[str]] = {}
    for phase, code in Axe.objects.order_by("phase__debut", "ordre").values_list("phase", "code"):
        by_phase.setdefault(phase, []).append(code)
    current = current_phase()
    current_codes = by_phase.get(current.code, []) if current else []
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Fiches actions"
    sheet.append(COLUMNS)
    sheet.append(
        [
            "Usine de démonstration de l'industrie du futur",
            current_codes[2] if len(current_codes) > 2 else (current_codes or [""])[0],
            "Exemple : à remplacer",
            "",
            "",
            "",
            "public",
            "",
            "",
            "",
            "",
            "01/09/2019",
            "31/12/2022",
            100000,
            "Région",
            60000,
            "sollicité",
            "État",
            40000,
            "acquis",
        ]
    )
    axes = DataValidation(type="list", formula1='"' + ",".join(current_codes) + '"', allow_blank=False)
    sheet.add_data_validation(axes)
    axes.add("B2:B2000")
    help_sheet = workbook.create_sheet("Aide")
    for line in [
        ["Une ligne par fiche action. Les colonnes Titre et Axe sont obligatoires."],
        *[[f"Axe d'un territoire de la phase {code} : " + ", ".join(codes)] for code, codes in by_phase.items()],
        ["Type de porteur : public, privé, partenariat public-privé"],
        ["Financeur : " + ", ".join(str(label) for label in Financeur.labels) + " ou le nom d'un opérateur"],
        ["Statut d'un financement : sollicité ou acquis"],
        ["Dates au format JJ/MM/AAAA ; montants en euros hors taxes."],
        ["La somme des montants doit être égale au coût total."],
    ]:
        help_sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _norm(value: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", value.lower()) if unicodedata.category(c) != "Mn").strip()


def _rows(content: bytes):
    """The first sheet's rows as tuples of values, streamed and bounded in both directions."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # Forget the declared dimensions: rows are then as wide as their cells (a file of at most
        # 2 MB holds few), never padded to a declared width, and the row bound stops at the first
        # row past the limit without walking to a far-away row number.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(max_row=MAX_IMPORT_ROWS + 2, values_only=True)
    except ImportRefused:
        raise
    except Exception:
        raise ImportRefused([LineError(1, "—", "le fichier n'est pas un classeur Excel (.xlsx) lisible.")]) from None


def precheck(content: bytes) -> int:
    """Size and line count, before anything is queued: the number of filled lines, or ImportRefused."""
    if len(content) > MAX_IMPORT_BYTES:
        raise ImportRefused(
            [
                LineError(
                    1,
                    "—",
                    f"le fichier pèse {megabytes(len(content))} : la limite est "
                    f"de {MAX_IMPORT_BYTES // 1024 // 1024}\u00a0Mo.",
                )
            ]
        )
    count = 0
    for number, row in enumerate(_rows(content), start=1):
        if number > MAX_IMPORT_ROWS + 1:
            raise ImportRefused(
                [
                    LineError(
                        number, "—", f"le fichier dépasse {MAX_IMPORT_ROWS} fiches : découpez-le en plusieurs imports."
                    )
                ]
            )
        if number > 1 and any(_text(value) for value in row):
            count += 1
    return count


def parse(content: bytes, *, territoire: Territoire, progress=None) -> list[dict]:
    """Read and check every line; raise ImportRefused listing every fault (line and column)."""
    total = precheck(content)
    rows = _rows(content)
    header = [_text(h) for h in next(rows, [])]
    missing = [c for c in COLUMNS[:14] if c not in header]
    if missing:
        raise ImportRefused([LineError(1, c, "colonne absente : partez du modèle à télécharger.") for c in missing])
    index = {name: header.index(name) for name in COLUMNS if name in header}
    epcis = {m.epci.siren: m.epci for m in territoire.membres.select_related("epci") if m.epci is not None}
    operateurs = {_norm(o.nom): o for o in Operateur.objects.all()}
    financeurs = {_norm(str(label)): value for value, label in Financeur.choices}
    types = {_norm(str(label)): value for value, label in TypePorteur.choices} | {v: v for v in TypePorteur.values}
    statuts = {_norm(str(label)): value for value, label in StatutFinancement.choices}
    errors: list[LineError] = []
    parsed = []
    if progress:
        progress(0, total)
    for number, row in enumerate(rows, start=2):
        if progress and number % 50 == 0:
            progress(min(number - 1, total), total)
        cell = {name: (row[i] if i < len(row) else None) for name, i in index.items()}
        if all(_text(v) == "" for v in cell.values()):
            continue
        line_errors: list[LineError] = []

        def fail(column, message, line_errors=line_errors, number=number):
            line_errors.append(LineError(number, column, message))

        data: dict[str, Any] = {
            "titre": _text(cell["Titre"])[:200],
            "description": _text(cell["Description"]),
            "objectifs": _text(cell["Objectifs"]),
            "porteur_organisation": _text(cell["Organisation porteuse"]),
            "maitre_ouvrage": _text(cell["Maître d'ouvrage"]),
            "contact_nom": _text(cell["Contact : nom"]),
        }
        for column in REQUIRED:
            if not _text(cell[column]):
                fail(column, "valeur obligatoire.")
        axe = _norm(_text(cell["Axe"]))
        if axe:
            try:
                data["axe"] = axe_for(territoire.phase_id, axe)
            except ValidationError as error:
                fail("Axe", error.message_dict["axe"][0])
        siret = normalize_siret(_text(cell["SIRET du porteur"]))
        try:
            validate_siret(siret)
        except ValidationError as error:
            fail("SIRET du porteur", error.messages[0])
        data["porteur_siret"] = siret
        porteur_type = _norm(_text(cell["Type de porteur"]))
        if porteur_type and porteur_type not in types:
            fail("Type de porteur", f"« {cell['Type de porteur']} » : public, privé ou partenariat public-privé.")
        data["porteur_type"] = types.get(porteur_type, "")
        email = _text(cell["Contact : courriel"])
        if email:
            try:
                validate_email(email)
            except ValidationError:
                fail("Contact : courriel", f"« {email} » n'est pas une adresse électronique.")
        data["contact_email"] = email
        siren = _text(cell["SIREN de l'EPCI de localisation"])
        if siren and siren not in epcis:
            fail("SIREN de l'EPCI de localisation", f"{siren} n'est pas un EPCI du périmètre du territoire.")
        data["localisation"] = epcis.get(siren)
        for column, field in (("Début", "date_debut"), ("Fin", "date_fin")):
            data[field] = _date(cell[column], lambda message, column=column: fail(column, message))
        if ends_before_start(data["date_debut"], data["date_fin"]):
            fail("Fin", END_BEFORE_START)
        data["cout_total"] = _amount(cell["Coût total (€ HT)"], lambda m: fail("Coût total (€ HT)", m))
        lignes = []
        for n in range(1, FINANCING_GROUPS + 1):
            name = _text(cell.get(f"Financeur {n}"))
            if not name:
                continue
            key = _norm(name)
            ligne: dict[str, Any] = {"operateur": None}
            if key in operateurs:
                ligne.update(financeur=Financeur.OPERATEUR, operateur=operateurs[key])
            elif key in financeurs:
                ligne["financeur"] = financeurs[key]
            else:
                fail(f"Financeur {n}", f"« {name} » n'est pas un financeur connu.")
                continue
            ligne["montant"] = _amount(cell.get(f"Montant {n}"), lambda m, n=n: fail(f"Montant {n}", m), required=True)
            statut = _norm(_text(cell.get(f"Statut {n}")) or "sollicité")
            if statut not in statuts:
                fail(f"Statut {n}", "sollicité ou acquis.")
            ligne["statut"] = statuts.get(statut, StatutFinancement.SOLLICITE)
            lignes.append(ligne)
        if all(ligne.get("montant") is not None for ligne in lignes) and (
            reason := plan_imbalance(data["cout_total"], [ligne["montant"] for ligne in lignes])
        ):
            fail("Coût total (€ HT)", reason)
        errors.extend(line_errors)
        parsed.append({"fields": data, "lignes": lignes})
    if not parsed and not errors:
        errors.append(LineError(2, "—", "aucune fiche dans le fichier."))
    if progress:
        progress(total, total)
    if errors:
        raise ImportRefused(errors)
    return parsed


def _date(value, fail):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.datetime.strptime(_text(value), "%d/%m/%Y").date()
    except ValueError:
        fail(f"« {value} » n'est pas une date JJ/MM/AAAA.")
        return None


def _amount(value, fail, required=False):
    if value in (None, ""):
        if required:
            fail("montant obligatoire.")
        return None
    try:
        amount = Decimal(_text(value).replace(" ", "").replace("\u202f", "").replace("€", "").replace(",", "."))
    except InvalidOperation:
        fail(f"« {value} » n'est pas un montant.")
        return None
    if amount < 0:
        fail("un montant ne peut être négatif.")
        return None
    return amount.quantize(Decimal("0.01"))


def fiches_import(*, territoire: Territoire, by: User, content: bytes, progress=None) -> list[FicheAction]:
    """Create one draft per line, authored by the importer; one faulty line and nothing is created.

    Reading happens outside the transaction so that progress can be seen from elsewhere.
    """
    if not can(by, "fiche.import", territoire):
        raise PermissionDenied("Seul le chef de projet du territoire importe des fiches.")
    return _create(territoire=territoire, by=by, lines=parse(content, territoire=territoire, progress=progress))


@transaction.atomic
def _create(*, territoire, by, lines) -> list[FicheAction]:
    # Through the creation service, so an imported draft obeys every rule a typed one does.
    return [
        fiche_create_with_details(by=by, territoire=territoire, lignes=line["lignes"], **line["fields"])
        for line in lines
    ]


@transaction.atomic
def import_queue(*, territoire: Territoire, by: User, name: str, content: bytes):
    """Keep the file and let a worker run the import; the page follows its progress. A file over the
    stated size or line count, or no spreadsheet at all, is refused here, before anything is queued."""
    from django.core.files.base import ContentFile

    from ..models import ImportFiches

    if not can(by, "fiche.import", territoire):
        raise PermissionDenied("Seul le chef de projet du territoire importe des fiches.")
    try:
        precheck(content)
    except ImportRefused as refused:
        raise ValidationError({"fichier": [str(error) for error in refused.errors]}) from None
    job = ImportFiches(territoire=territoire, par=by)
    job.fichier.save("import.xlsx", ContentFile(content), save=False)
    job.save()
    from portail.queue import enqueue

    from ..tasks import run_import

    transaction.on_commit(lambda: enqueue(run_import, job.pk))
    return job


INTERRUPTED = (
    "Le traitement du fichier a été interrompu (mémoire ou durée dépassée) : aucune fiche n'a été créée. "
    "Vérifiez le fichier (partez du modèle) ou découpez-le, puis importez-le à nouveau."
)
UNEXPECTED = (
    "Le fichier n'a pas pu être traité : aucune fiche n'a été créée. Partez du modèle à télécharger, "
    "puis importez-le à nouveau."
)


def _end(job_id: int, statut: str, **fields) -> None:
    from django.utils import timezone

    from ..models import ImportFiches

    ImportFiches.objects.filter(pk=job_id).update(statut=statut, fini_le=timezone.now(), **fields)


def import_run(*, job_id: int) -> None:
    """Run a queued import once. A retried task finds it finished and does nothing; one that finds it
    started (the previous worker died on it) ends it « en échec » instead of dying in turn. Whatever
    happens, the job ends with a French reason and the uploaded file is deleted."""
    from ..models import ImportFiches

    with transaction.atomic():
        job = ImportFiches.objects.select_for_update().select_related("territoire", "par").get(pk=job_id)
        if job.statut in (ImportFiches.TERMINE, ImportFiches.ECHEC):
            return
        interrupted = job.statut == ImportFiches.EN_COURS
        if not interrupted:
            job.statut = ImportFiches.EN_COURS
            job.save(update_fields=["statut"])
    try:
        if interrupted:
            _end(job_id, ImportFiches.ECHEC, erreurs=[INTERRUPTED])
            return

        def progress(done, total):
            ImportFiches.objects.filter(pk=job_id).update(lignes_traitees=done, lignes_total=total)

        with job.fichier.open("rb") as handle:
            content = handle.read(MAX_IMPORT_BYTES + 1)
        try:
            created = fiches_import(territoire=job.territoire, by=job.par, content=content, progress=progress)
        except ImportRefused as refused:
            _end(job_id, ImportFiches.ECHEC, erreurs=[str(e) for e in refused.errors])
        except (PermissionDenied, ValidationError) as refused:
            _end(job_id, ImportFiches.ECHEC, erreurs=list(getattr(refused, "messages", [str(refused)])))
        except MemoryError:
            _end(job_id, ImportFiches.ECHEC, erreurs=[INTERRUPTED])
        except Exception as error:  # noqa: BLE001 - any failure ends the job with a reason, never « en cours »
            from celery.exceptions import SoftTimeLimitExceeded

            _end(
                job_id,
                ImportFiches.ECHEC,
                erreurs=[INTERRUPTED if isinstance(error, SoftTimeLimitExceeded) else UNEXPECTED],
            )
            import logging

            logging.getLogger(__name__).exception("Import %s en échec", job_id)
        else:
            _end(job_id, ImportFiches.TERMINE, nb_creees=len(created))
    finally:
        if job.fichier:
            job.fichier.delete(save=False)
