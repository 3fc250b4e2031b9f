"""Writing a fiche: creation (idempotent), edits with optimistic locking, financing, indicators, co-authors."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm
from simple_history.utils import bulk_create_with_history

from comptes.models import User
from habilitations.scoping import can, scope_for
from portail.cache import figures_changed
from portail.rules import END_BEFORE_START, ends_before_start
from territoires.models import Territoire
from territoires.phases import axe_for

from ..enums import Financeur, StatutFiche
from ..models import FicheAction, Indicateur, LigneFinancement

EDITABLE = (StatutFiche.BROUILLON, StatutFiche.A_COMPLETER)


def is_editable(fiche: FicheAction) -> bool:
    """A draft, or a fiche the committee sent back « à compléter »: the only states its authors change."""
    return fiche.statut in EDITABLE


CONTENT_FIELDS = [
    "titre",
    "axe",
    "enjeu",
    "description",
    "objectifs",
    "porteur_organisation",
    "porteur_siret",
    "porteur_type",
    "maitre_ouvrage",
    "contact_nom",
    "contact_email",
    "contact_telephone",
    "localisation",
    "date_debut",
    "date_fin",
    "cout_total",
    "obstacle",
    "texte_concerne",
    "derogation_demandee",
]


def _check_editable(fiche: FicheAction, by: User) -> None:
    decision = can(by, "fiche.edit", fiche)
    if not decision:
        raise PermissionDenied("Seuls les auteurs de la fiche peuvent la modifier.")
    if not is_editable(fiche):
        raise ValidationError(
            "Cette fiche est déposée : elle ne se modifie plus, sauf si le comité la renvoie « à compléter »."
        )


def _with_axe(territoire: Territoire, fields: dict) -> dict:
    """The axe named by a form, the API or an import, as one of the territory's phase (an ``Axe`` or a code)."""
    if fields.get("axe") not in (None, ""):
        fields = {**fields, "axe": axe_for(territoire.phase_id, fields["axe"])}
    return fields


def _check_content(fiche: FicheAction) -> None:
    errors: dict[str, Any] = {}
    if fiche.axe_id:
        # Also a fiche migrated with an axe of the previous phase: its next save asks for a current one.
        try:
            axe_for(fiche.territoire.phase_id, fiche.axe)
        except ValidationError as error:
            errors.update(error.message_dict)
    if fiche.localisation_id and not fiche.territoire.membres.filter(epci_id=fiche.localisation_id).exists():
        errors["localisation"] = "Cette intercommunalité n'appartient pas au périmètre du territoire."
    if fiche.enjeu is not None and fiche.enjeu.protocole.territoire_id != fiche.territoire_id:
        errors["enjeu"] = "Cet enjeu n'est pas celui du protocole de ce territoire."
    if ends_before_start(fiche.date_debut, fiche.date_fin):
        errors["date_fin"] = END_BEFORE_START
    if errors:
        raise ValidationError(errors)
    # The creation token's uniqueness is the database's to enforce (see fiche_create), never a form error.
    fiche.full_clean(exclude=["territoire", "auteur", "mesures", "jeton_creation"], validate_unique=False)


def envelope_refusal(fiche: FicheAction, ligne: LigneFinancement) -> str:
    """A line naming an envelope names one of its territory's phase, from its financeur, for a year the
    envelope has an amount. Returns the French reason, or an empty string."""
    instrument = ligne.instrument
    if instrument is None:
        return "indiquez aussi l'enveloppe de cette année." if ligne.annee else ""
    if instrument.phase_id != fiche.territoire.phase_id:
        return f"l'enveloppe « {instrument} » est celle de la phase {instrument.phase_id}, pas de ce territoire."
    if ligne.financeur != instrument.financeur:
        financeur = Financeur(instrument.financeur).label if instrument.financeur in Financeur.values else ""
        return f"l'enveloppe « {instrument} » est financée par « {financeur} » : choisissez ce financeur."
    years = sorted(instrument.enveloppes.values_list("annee", flat=True))
    if ligne.annee not in years:
        listed = ", ".join(str(year) for year in years)
        return f"choisissez l'année de l'enveloppe « {instrument} » ({listed})."
    return ""


def plan_imbalance(cout_total: Decimal | None, montants) -> str:
    """The one rule of the financing plan: once both a cost and lines are entered, the lines add up to the
    cost. A draft may lack either (it is checked complete at submission), never hold an incoherent pair.
    Returns the French reason, or an empty string when the plan holds."""
    montants = [Decimal(montant) for montant in montants if montant is not None]
    if not montants or cout_total is None:
        return ""
    total = sum(montants, Decimal("0"))
    if total == cout_total:
        return ""
    return (
        f"Le plan de financement totalise {_euros(total)} pour un coût total de {_euros(cout_total)} : "
        "les montants doivent s'équilibrer."
    )


def _check_plan(fiche: FicheAction) -> None:
    fiche.refresh_from_db(fields=["cout_total"])
    reason = plan_imbalance(fiche.cout_total, fiche.financements.values_list("montant", flat=True))
    if reason:
        raise ValidationError({"financements": reason})


def _created_with(jeton: uuid.UUID | None, by: User) -> FicheAction | None:
    return FicheAction.objects.filter(jeton_creation=jeton, auteur=by).first() if jeton else None


@transaction.atomic
def fiche_create(
    *, by: User, territoire: Territoire, jeton: uuid.UUID | None = None, mesures=None, **fields
) -> tuple[FicheAction, bool]:
    """Start a draft. Sent twice with the same ``jeton`` (double click, refresh), it creates one fiche,
    even when both requests arrive together: the second one lands on the fiche the first created."""
    existing = _created_with(jeton, by)
    if existing:
        return existing, False
    if not can(by, "fiche.create", territoire):
        raise PermissionDenied("Votre rôle ne permet pas de créer une fiche action sur ce territoire.")
    fields = _with_axe(territoire, fields)
    fiche = FicheAction(territoire=territoire, auteur=by, **{k: v for k, v in fields.items() if k in CONTENT_FIELDS})
    if jeton:
        fiche.jeton_creation = jeton
    _check_content(fiche)
    try:
        with transaction.atomic():
            fiche.save()
    except IntegrityError:
        # The concurrent twin committed first (PostgreSQL made this insert wait for it, then refused it).
        existing = _created_with(jeton, by)
        if existing is None:
            raise ValidationError("Ce formulaire a déjà servi : rechargez la page de création.") from None
        return existing, False
    if mesures is not None:
        fiche.mesures.set(mesures)
    return fiche, True


@transaction.atomic
def fiche_create_with_details(
    *, by: User, territoire: Territoire, lignes=None, indicateurs=None, **fields
) -> FicheAction:
    """A draft with its financing plan and indicators at once (the API's creation): all or nothing."""
    fiche, created = fiche_create(by=by, territoire=territoire, **fields)
    if created and lignes:
        financements_replace(fiche=fiche, by=by, lignes=lignes)
    if created and indicateurs:
        indicateurs_replace(fiche=fiche, by=by, indicateurs=indicateurs)
    _check_plan(fiche)
    return fiche


@transaction.atomic
def fiche_update_with_details(
    *, fiche: FicheAction, by: User, version: int, lignes=None, indicateurs=None, **fields
) -> FicheAction:
    """An edit of the fields, the plan and the indicators read at ``version`` (the API's update): the plan
    must hold once everything is written, so a cost and its lines can change together."""
    fiche = fiche_update(fiche=fiche, by=by, version=version, **fields)
    if lignes is not None:
        financements_replace(fiche=fiche, by=by, lignes=lignes)
    if indicateurs is not None:
        indicateurs_replace(fiche=fiche, by=by, indicateurs=indicateurs)
    _check_plan(fiche)
    return fiche


@transaction.atomic
def fiche_update(*, fiche: FicheAction, by: User, version: int, mesures=None, **fields) -> FicheAction:
    """Save an edit made on the version the form was read at; a stale form is refused, nothing is lost."""
    fiche = FicheAction.objects.select_for_update(of=("self",)).select_related("territoire").get(pk=fiche.pk)
    _check_editable(fiche, by)
    if fiche.version != version:
        raise ValidationError(
            "Conflit de modification : quelqu'un a enregistré cette fiche depuis que vous l'avez "
            "ouverte. Rechargez la page pour voir sa version actuelle, puis reportez vos "
            "changements.",
            code="conflit",
        )
    for name, value in _with_axe(fiche.territoire, fields).items():
        if name in CONTENT_FIELDS:
            setattr(fiche, name, value)
    _check_content(fiche)
    # The row is locked: the check above and this increment cannot interleave with another save.
    fiche.version = version + 1
    fiche.modifie_le = timezone.now()
    fiche.save()
    if mesures is not None:
        fiche.mesures.set(mesures)
    return fiche


def _bump(fiche: FicheAction) -> None:
    FicheAction.objects.filter(pk=fiche.pk).update(version=F("version") + 1, modifie_le=timezone.now())
    figures_changed(territoires=[fiche.territoire_id])  # the update and the bulk inserts above send no signal


@transaction.atomic
def financements_replace(*, fiche: FicheAction, by: User, lignes: list[dict]) -> None:
    """Replace the financing plan. Whether it adds up to the cost is checked at submission, so a
    draft can be saved half-way."""
    _check_editable(fiche, by)
    rows = []
    for index, ligne in enumerate(lignes, start=1):
        row = LigneFinancement(
            fiche=fiche,
            financeur=ligne["financeur"],
            montant=ligne["montant"],
            statut=ligne["statut"],
            precision=ligne.get("precision", ""),
            operateur=ligne.get("operateur") if ligne["financeur"] == Financeur.OPERATEUR else None,
            instrument=ligne.get("instrument"),
            annee=ligne.get("annee"),
        )
        if reason := envelope_refusal(fiche, row):
            raise ValidationError({"financements": f"Ligne {index} : {reason}"})
        if row.financeur == Financeur.OPERATEUR and row.operateur is None:
            raise ValidationError({"financements": f"Ligne {index} : choisissez l'opérateur qui finance."})
        if row.montant is None or row.montant < 0:
            raise ValidationError({"financements": f"Ligne {index} : le montant doit être positif."})
        rows.append(row)
    # One by one and through the history helpers, so each version of the plan can be read back.
    for old in fiche.financements.all():
        old.delete()
    bulk_create_with_history(rows, LigneFinancement)
    _bump(fiche)


@transaction.atomic
def indicateurs_replace(*, fiche: FicheAction, by: User, indicateurs: list[dict]) -> None:
    _check_editable(fiche, by)
    kept = []
    for data in indicateurs:
        indicateur = Indicateur(fiche=fiche, libelle=data["libelle"], unite=data["unite"], cible=data["cible"])
        indicateur.full_clean(exclude=["fiche"])
        kept.append(indicateur)
    # Indicators that already have measured values stay; the others are replaced.
    wanted = {(i.libelle, i.unite) for i in kept}
    for old in fiche.indicateurs.filter(valeurs__isnull=True):
        if (old.libelle, old.unite) not in wanted or old.cible != next(
            i.cible for i in kept if (i.libelle, i.unite) == (old.libelle, old.unite)
        ):
            old.delete()
    existing = {(i.libelle, i.unite) for i in fiche.indicateurs.all()}
    bulk_create_with_history([i for i in kept if (i.libelle, i.unite) not in existing], Indicateur)
    _bump(fiche)


# What the deposit requires, field by field (the form marks these fields while they are filled in).
REQUIRED_FOR_DEPOSIT = {
    "titre": "un titre",
    "description": "une description",
    "objectifs": "des objectifs",
    "porteur_organisation": "l'organisation porteuse",
    "porteur_type": "le type de porteur",
    "date_debut": "la date de début",
    "date_fin": "la date de fin",
    "cout_total": "le coût total",
}
REQUIRED_FOR_SIMPLIFICATION = {
    "obstacle": "l'obstacle rencontré",
    "texte_concerne": "le texte concerné",
    "derogation_demandee": "la dérogation demandée",
}
# The step of the form where each of them is filled in.
STEP_OF = {
    "titre": "identification",
    "description": "identification",
    "objectifs": "identification",
    "porteur_organisation": "porteur",
    "porteur_type": "porteur",
    "date_debut": "financement",
    "date_fin": "financement",
    "cout_total": "financement",
    "financements": "financement",
    "obstacle": "simplification",
    "texte_concerne": "simplification",
    "derogation_demandee": "simplification",
}


def deposit_fields(fiche: FicheAction) -> set[str]:
    fields = set(REQUIRED_FOR_DEPOSIT)
    if fiche.axe_id and fiche.axe.demande_simplification:
        fields |= set(REQUIRED_FOR_SIMPLIFICATION)
    return fields


def submission_errors(fiche: FicheAction) -> dict[str, list[str]]:
    """What is missing before the comité de projet can examine the fiche, field by field, in French."""
    errors: dict[str, list[str]] = {}

    def need(field, message):
        errors.setdefault(field, []).append(message)

    for field, label in REQUIRED_FOR_DEPOSIT.items():
        if getattr(fiche, field) in (None, ""):
            need(field, f"Indiquez {label}.")
    lignes = list(fiche.financements.all())
    if not lignes:
        need("financements", "Ajoutez au moins une ligne au plan de financement.")
    elif reason := plan_imbalance(fiche.cout_total, [ligne.montant for ligne in lignes]):
        need("financements", reason)
    if fiche.axe_id and fiche.axe.demande_simplification:
        for field, label in REQUIRED_FOR_SIMPLIFICATION.items():
            if not getattr(fiche, field):
                need(field, f"Une demande de simplification précise {label}.")
    return errors


def _euros(value: Decimal) -> str:
    from django.utils.formats import number_format

    return f"{number_format(value, 2, use_l10n=True, force_grouping=True)} €"


@transaction.atomic
def fiche_share(*, fiche: FicheAction, by: User, coauteur: User) -> None:
    """Invite a colleague to co-edit this fiche (a django-guardian grant on this fiche only)."""
    if not can(by, "fiche.share", fiche):
        raise PermissionDenied("Seuls les auteurs de la fiche et le chef de projet invitent des co-auteurs.")
    if coauteur.pk == fiche.auteur_id:
        raise ValidationError({"email": "Cette personne est déjà l'auteur de la fiche."})
    # Co-authorship opens rights only beside a running mandate on the territory (see acts_as_author):
    # a grant to someone without one would be a door that opens nothing, or, once allowed, one that
    # the end of a mandate could not close.
    if fiche.territoire_id not in scope_for(coauteur).territoire_ids:
        raise ValidationError(
            {
                "email": f"{coauteur} n'a pas de mandat en cours sur {fiche.territoire.nom} : "
                "invitez d'abord cette personne comme porteur de projet du territoire "
                "(« Inviter »), puis comme co-auteur."
            }
        )
    assign_perm("change_ficheaction", coauteur, fiche)
    assign_perm("view_ficheaction", coauteur, fiche)


@transaction.atomic
def fiche_unshare(*, fiche: FicheAction, by: User, coauteur: User) -> None:
    if not can(by, "fiche.share", fiche):
        raise PermissionDenied("Seuls les auteurs de la fiche et le chef de projet gèrent les co-auteurs.")
    remove_perm("change_ficheaction", coauteur, fiche)
    remove_perm("view_ficheaction", coauteur, fiche)


@transaction.atomic
def fiche_save_financing(
    *, fiche: FicheAction, by: User, version: int, date_debut, date_fin, cout_total, lignes: list[dict]
) -> FicheAction:
    """Calendar, cost and financing plan saved together: a plan that does not add up saves nothing."""
    if reason := plan_imbalance(cout_total, [ligne["montant"] for ligne in lignes]):
        raise ValidationError({"financements": reason})
    fiche = fiche_update_with_details(
        fiche=fiche,
        by=by,
        version=version,
        date_debut=date_debut,
        date_fin=date_fin,
        cout_total=cout_total,
        lignes=lignes,
    )
    fiche.refresh_from_db()
    return fiche
