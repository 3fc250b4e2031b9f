"""A contract's life: assembly from validated fiches, regional validation in séance, signatures,
then a sealed PDF produced by a Celery task; avenants make new versions."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from comptes.models import User
from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction
from gouvernance.enums import Qualite, Verdict
from gouvernance.models import MembreComite
from gouvernance.services.comites import comite_projet_follows_contract
from gouvernance.services.journal import transition_record
from habilitations.enums import Role
from habilitations.models import Mandat
from habilitations.scoping import can, scope_for
from notifications.services import notify
from portail.cache import figures_changed
from portail.rules import END_BEFORE_START, ends_before_start
from portail.uploads import SCANS as SCAN_TYPES
from portail.uploads import check_upload
from protocoles.models import Protocole
from territoires.models import Operateur, Territoire

from ..enums import StatutDocument, StatutVersion, TypePartie
from ..models import Contrat, DocumentContrat, LigneContrat, PartieSignataire, Signature, VersionContrat
from .contenu import snapshot

EDITABLE = (StatutVersion.BROUILLON, StatutVersion.A_REVOIR)


def _locked(version: VersionContrat) -> VersionContrat:
    return (
        VersionContrat.objects.select_for_update(of=("self",)).select_related("contrat__territoire").get(pk=version.pk)
    )


def _parties_for(territoire: Territoire, on: datetime.date | None = None) -> list[dict]:
    parties: list[dict[str, Any]] = [
        dict(type=TypePartie.ETAT, libelle="L'État, représenté par le préfet"),
        dict(type=TypePartie.REGION, libelle=f"La Région {territoire.region_pilote.nom}"),
    ]
    for membre in territoire.membres.filter(epci__isnull=False).select_related("epci").order_by("nom"):
        if membre.epci is not None:
            parties.append(dict(type=TypePartie.EPCI, libelle=membre.epci.nom, epci=membre.epci))
    parties.append(dict(type=TypePartie.INDUSTRIEL, libelle="Les industriels du territoire"))
    for operateur in Operateur.objects.prefetch_related("noms").order_by("nom"):
        parties.append(
            dict(type=TypePartie.OPERATEUR, libelle=operateur.nom_le(on or timezone.localdate()), operateur=operateur)
        )
    return parties


def _check_period_free(territoire: Territoire, annee_debut: int, annee_fin: int, *, besides=None) -> None:
    if ends_before_start(annee_debut, annee_fin):
        raise ValidationError({"annee_fin": END_BEFORE_START})
    phase = territoire.phase
    if annee_debut < phase.debut.year or annee_fin > phase.fin.year:
        raise ValidationError(
            {
                "annee_debut": f"La période {annee_debut}-{annee_fin} dépasse celle de la phase {phase.code} "
                f"du territoire ({phase.debut:%d/%m/%Y} – {phase.fin:%d/%m/%Y})."
            }
        )
    others = Contrat.objects.filter(territoire=territoire, annee_debut__lte=annee_fin, annee_fin__gte=annee_debut)
    if besides is not None:
        others = others.exclude(pk=besides.pk)
    overlapping = others.order_by("annee_debut").first()
    if overlapping is not None:
        raise ValidationError(
            {
                "annee_debut": f"La période {annee_debut}-{annee_fin} recouvre celle du contrat "
                f"« {overlapping} » : un territoire a un contrat par période ; pour "
                "changer un contrat signé, préparez un avenant."
            }
        )


def _draft_only(contrat: Contrat, by: User) -> VersionContrat:
    """The contract's single version, locked, while it is still a draft nobody has submitted."""
    if not can(by, "contrat.prepare", contrat):
        raise PermissionDenied("Seuls le chef de projet et le binôme préparent le contrat.")
    versions = list(VersionContrat.objects.select_for_update().filter(contrat=contrat))
    if len(versions) != 1 or versions[0].statut != StatutVersion.BROUILLON:
        raise ValidationError(
            "Seul un contrat encore en brouillon, jamais soumis, se modifie ou se supprime ainsi ; "
            "un contrat signé se modifie par avenant."
        )
    return versions[0]


@transaction.atomic
def contrat_update(*, contrat: Contrat, by: User, intitule: str, annee_debut: int, annee_fin: int) -> Contrat:
    """Correct the title or the period of a contract still in draft."""
    _draft_only(contrat, by)
    _check_period_free(contrat.territoire, annee_debut, annee_fin, besides=contrat)
    contrat.intitule = title_without_period(intitule, annee_debut, annee_fin)
    contrat.annee_debut, contrat.annee_fin = annee_debut, annee_fin
    contrat.full_clean(exclude=["territoire", "cree_par"])
    contrat.save(update_fields=["intitule", "annee_debut", "annee_fin"])
    return contrat


@transaction.atomic
def contrat_delete(*, contrat: Contrat, by: User) -> None:
    """Delete a contract opened by mistake, while it is a draft: its fiches stay validated and free."""
    version = _draft_only(contrat, by)
    version.lignes.all().delete()
    version.parties.all().delete()
    version.delete()
    contrat.delete()


def title_without_period(intitule: str, annee_debut: int, annee_fin: int) -> str:
    """The title as typed, without the period at its end: the contract shows its period itself, so
    « Contrat 2027-2030 » would read « Contrat 2027-2030 (2027-2030) »."""
    pattern = rf"[\s,–—-]*\(?\s*{annee_debut}\s*[-–—/à]+\s*{annee_fin}\s*\)?\s*$"
    return re.sub(pattern, "", intitule.strip()).strip() or intitule.strip()


@transaction.atomic
def contrat_create(
    *, territoire: Territoire, by: User, intitule: str, annee_debut: int, annee_fin: int, preambule: str = ""
) -> VersionContrat:
    """Open the contract of a period with its first version and the list of signatory parties."""
    if not can(by, "contrat.prepare", territoire):
        raise PermissionDenied("Seuls le chef de projet et le binôme préparent le contrat.")
    _check_period_free(territoire, annee_debut, annee_fin)
    contrat = Contrat.objects.create(
        territoire=territoire,
        intitule=title_without_period(intitule, annee_debut, annee_fin),
        annee_debut=annee_debut,
        annee_fin=annee_fin,
        cree_par=by,
    )
    version = VersionContrat.objects.create(contrat=contrat, numero=1, preambule=preambule, cree_par=by)
    PartieSignataire.objects.bulk_create(
        [PartieSignataire(version=version, ordre=i, **p) for i, p in enumerate(_parties_for(territoire), start=1)]
    )
    transition_record(obj=version, source="", cible=StatutVersion.BROUILLON, par=by)
    return version


@transaction.atomic
def version_set_fiches(
    *,
    version: VersionContrat,
    by: User,
    lignes: list[tuple[FicheAction, bool]],
    preambule: str | None = None,
    revision: int | None = None,
) -> VersionContrat:
    """Choose and order the validated fiches of the contract, each « engagement ferme » or not.

    ``revision`` is the one the form was drawn from: if someone saved in between, nothing is
    written and the caller is told, rather than one choice silently replacing the other."""
    version = _locked(version)
    if revision is not None and revision != version.revision:
        raise ValidationError(
            "Ce contrat a été modifié par quelqu'un d'autre depuis que vous avez ouvert la page : "
            "voici les fiches telles qu'elles sont maintenant ; refaites votre choix."
        )
    if not can(by, "contrat.prepare", version):
        raise PermissionDenied("Seuls le chef de projet et le binôme préparent le contrat.")
    if version.statut not in EDITABLE:
        raise ValidationError("Cette version est soumise ou signée : elle ne se modifie plus.")
    territoire = version.contrat.territoire
    wrong = [f.titre for f, _ in lignes if f.territoire_id != territoire.pk or f.statut != StatutFiche.VALIDEE]
    if wrong:
        raise ValidationError(
            {"fiches": f"Seules les fiches validées du territoire entrent au contrat : {', '.join(wrong)}."}
        )
    version.lignes.all().delete()
    LigneContrat.objects.bulk_create(
        [
            LigneContrat(version=version, fiche=fiche, ordre=i, engagement_ferme=ferme)
            for i, (fiche, ferme) in enumerate(lignes, start=1)
        ]
    )
    version.revision += 1
    if preambule is not None:
        version.preambule = preambule
    version.save(update_fields=["preambule", "revision"])
    return version


def _parties_editable(version: VersionContrat, by: User) -> VersionContrat:
    version = _locked(version)
    if not can(by, "contrat.prepare", version):
        raise PermissionDenied("Seuls le chef de projet et le binôme préparent le contrat.")
    if version.statut not in (StatutVersion.BROUILLON, StatutVersion.A_REVOIR):
        raise ValidationError("Les parties signataires se modifient avant la soumission au comité régional.")
    return version


@transaction.atomic
def partie_add(*, version: VersionContrat, by: User, libelle: str) -> PartieSignataire:
    """Add a signatory the proposal did not name (the Département, a CCI, ADEME…), before submission."""
    version = _parties_editable(version, by)
    libelle = " ".join(libelle.split())[:200]
    if not libelle:
        raise ValidationError(
            {"libelle": "Nommez la partie signataire (par exemple : Le Département d'Indre-et-Loire)."}
        )
    if version.parties.filter(libelle__iexact=libelle).exists():
        raise ValidationError({"libelle": f"« {libelle} » signe déjà ce contrat."})
    ordre = (version.parties.order_by("-ordre").values_list("ordre", flat=True).first() or 0) + 1
    partie = PartieSignataire.objects.create(version=version, type=TypePartie.AUTRE, libelle=libelle, ordre=ordre)
    transition_record(obj=version, champ="signataires", source="", cible="partie ajoutée", par=by, motif=libelle)
    return partie


@transaction.atomic
def partie_remove(*, partie: PartieSignataire, by: User) -> None:
    """Take out a party that does not sign this contract, before submission (the État and the Région stay)."""
    version = _parties_editable(partie.version, by)
    if partie.type in (TypePartie.ETAT, TypePartie.REGION):
        raise ValidationError("L'État et la Région signent chaque contrat : ils ne se retirent pas.")
    libelle = partie.libelle
    partie.delete()
    transition_record(obj=version, champ="signataires", source="", cible="partie retirée", par=by, motif=libelle)


@transaction.atomic
def version_submit(*, version: VersionContrat, by: User) -> VersionContrat:
    """Freeze the fiches and send the version to the comité régional of the pilot région."""
    version = _locked(version)
    if not can(by, "contrat.prepare", version):
        raise PermissionDenied("Seuls le chef de projet et le binôme soumettent le contrat.")
    if version.statut == StatutVersion.SOUMIS:
        return version
    lignes = list(version.lignes.select_related("fiche__axe"))
    if not lignes:
        raise ValidationError("Le contrat ne compte encore aucune fiche action.")
    for ligne in lignes:
        ligne.instantane = snapshot(ligne.fiche)
    LigneContrat.objects.bulk_update(lignes, ["instantane"])
    source = version.statut
    version.soumettre()
    version.save()
    transition_record(obj=version, source=source, cible=version.statut, par=by)
    notify("contrat.soumis", version=version)
    return version


def signature_date_refusal(version: VersionContrat, date: datetime.date) -> str:
    """The dates a signature must respect: not before the comité régional validated the contract, nor
    before the territory's protocole d'accord was signed (the protocol precedes its contract)."""
    validated_on = timezone.localdate(version.validee_le) if version.validee_le else None
    if validated_on and date < validated_on:
        return (
            f"Le contrat a été validé par le comité régional le {validated_on:%d/%m/%Y} : "
            "il ne peut avoir été signé avant."
        )
    protocole = Protocole.objects.filter(territoire=version.contrat.territoire_id).first()
    if protocole and protocole.date_signature and date < protocole.date_signature:
        return (
            f"Le protocole d'accord a été signé le {protocole.date_signature:%d/%m/%Y} : le contrat, qui le suit, "
            "ne peut avoir été signé avant."
        )
    return ""


def version_apply_decision(*, version: VersionContrat, decision) -> None:
    """Called only by a decision of the comité régional: validated, or sent back « à revoir »."""
    version = _locked(version)
    if version.statut != StatutVersion.SOUMIS:
        raise ValidationError("Ce contrat n'attend pas de décision.")
    if decision.verdict == Verdict.AJOURNE:
        return
    source = version.statut
    if decision.verdict == Verdict.VALIDEE:
        version.valider(le=decision.point.seance.date)
    else:
        version.renvoyer()
    version.save()
    transition_record(
        obj=version,
        source=source,
        cible=version.statut,
        par=decision.enregistree_par,
        motif=decision.motifs,
        decision=decision,
    )
    notify("contrat.decide", version=version, decision=decision)
    if version.statut == StatutVersion.VALIDE:
        notify("contrat.signature_demandee", version=version)


def party_holders(partie: PartieSignataire) -> set[int]:
    """Who holds the mandate of this party today (their own signature needs no evidence)."""
    return set(party_mandates(partie))


def party_mandates(partie: PartieSignataire) -> dict[int, datetime.date]:
    """The holders of this party's mandate today, each with the day their mandate began."""
    version = partie.version
    territoire = version.contrat.territoire
    mandats = Mandat.objects.active()
    if partie.type == TypePartie.ETAT:
        ids = mandats.filter(role=Role.SERVICES_ETAT_REGION, region=territoire.region_pilote_id)
    elif partie.type == TypePartie.REGION:
        ids = mandats.filter(role=Role.PILOTE_REGIONAL, region=territoire.region_pilote_id)
    elif partie.type == TypePartie.INDUSTRIEL:
        ids = mandats.filter(role=Role.INDUSTRIEL_BINOME, territoire=territoire)
    elif partie.type == TypePartie.OPERATEUR:
        ids = mandats.filter(role=Role.REFERENT_OPERATEUR, territoire=territoire, operateur=partie.operateur_id)
    elif partie.type == TypePartie.AUTRE:
        return {}  # no mandate in the portal: its scanned signature page is recorded by the chef de projet
    else:
        return dict(
            MembreComite.objects.active()
            .filter(comite__territoire=territoire, qualite=Qualite.PRESIDENT_EPCI, epci=partie.epci_id)
            .values_list("user_id", "date_debut")
        )
    return dict(ids.order_by("-date_debut").values_list("user_id", "date_debut"))


@transaction.atomic
def signature_record(
    *, partie: PartieSignataire, by: User, signataire: str, qualite: str, date: datetime.date, lieu: str, preuve=None
) -> Signature:
    """Record one party's signature. The last one seals the contract: a Celery task renders its PDF."""
    version = _locked(partie.version)
    partie = PartieSignataire.objects.select_for_update().get(pk=partie.pk)
    holders = party_mandates(partie)
    holder = by.pk in holders
    chef = Role.CHEF_DE_PROJET in scope_for(by).roles_by_territoire.get(version.contrat.territoire_id, set())
    if not holder and not chef:
        raise PermissionDenied(
            "Seul un représentant de cette partie, ou le chef de projet avec la page signée "
            "numérisée, enregistre sa signature."
        )
    if not holder and preuve is None:
        raise ValidationError({"preuve": "Joignez la page de signature numérisée de cette partie."})
    if version.statut == StatutVersion.A_REVOIR:
        raise ValidationError("Le comité régional a demandé de revoir ce contrat : il ne peut pas être signé.")
    if version.statut != StatutVersion.VALIDE:
        raise ValidationError("Seul un contrat validé par le comité régional se signe.")
    if Signature.objects.filter(partie=partie).exists():
        raise ValidationError(f"{partie.libelle} a déjà signé.")
    if not signataire.strip() or not lieu.strip():
        raise ValidationError({"signataire": "Indiquez le signataire et le lieu de signature."})
    if date > timezone.localdate():
        raise ValidationError({"date": "La date de signature ne peut être dans le futur."})
    validated_on = timezone.localdate(version.validee_le) if version.validee_le else None
    if refusal := signature_date_refusal(version, date):
        raise ValidationError({"date": refusal})
    if partie.operateur is not None:
        # An operator signs under the name it bore that day (Pôle emploi in 2019, France Travail today).
        named = partie.operateur.nom_le(date)
        if named != partie.libelle:
            partie.libelle = named
            partie.save(update_fields=["libelle"])
    signature = Signature(
        partie=partie,
        signataire=signataire.strip(),
        qualite=qualite.strip(),
        date=date,
        lieu=lieu.strip(),
        enregistree_par=by,
        mandat_posterieur=bool(holder and validated_on and holders[by.pk] > validated_on),
    )
    if preuve is not None:
        content = preuve.read()
        mime = check_upload(
            name=getattr(preuve, "name", None) or "signature.pdf", content=content, field="preuve", allowed=SCAN_TYPES
        )
        extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}[mime]
        signature.preuve.save(f"signature-{partie.pk}.{extension}", ContentFile(content), save=False)
    signature.save()
    if not version.parties.filter(signature__isnull=True).exists():
        _seal(version, by)
    return signature


def _seal(version: VersionContrat, by: User) -> None:
    last_day = max(Signature.objects.filter(partie__version=version).values_list("date", flat=True))
    version.signer(le=timezone.make_aware(datetime.datetime.combine(last_day, datetime.time(12, 0))))
    version.save()
    transition_record(obj=version, source=StatutVersion.VALIDE, cible=StatutVersion.SIGNE, par=by)
    comite_projet_follows_contract(territoire=version.contrat.territoire, since=timezone.localdate())
    document = DocumentContrat.objects.create(version=version)
    from .documents import enqueue_render

    transaction.on_commit(lambda: enqueue_render(document.pk))


@transaction.atomic
def avenant_create(*, contrat: Contrat, by: User, motif: str) -> VersionContrat:
    """Open version n+1 from the last signed one: its fiches and parties are copied, then amended."""
    last = contrat.versions.order_by("-numero").first()
    if not can(by, "contrat.prepare", contrat):
        raise PermissionDenied("Seuls le chef de projet et le binôme préparent un avenant.")
    if last is None or last.statut != StatutVersion.SIGNE:
        raise ValidationError("Un avenant part d'une version signée ; la version en cours n'est pas signée.")
    if not motif.strip():
        raise ValidationError({"motif": "Indiquez l'objet de l'avenant (fiches ajoutées, retirées ou modifiées)."})
    version = VersionContrat.objects.create(
        contrat=contrat, numero=last.numero + 1, preambule=last.preambule, motif_avenant=motif.strip(), cree_par=by
    )
    LigneContrat.objects.bulk_create(
        [
            LigneContrat(
                version=version, fiche_id=ligne.fiche_id, ordre=ligne.ordre, engagement_ferme=ligne.engagement_ferme
            )
            for ligne in last.lignes.all()
        ]
    )
    PartieSignataire.objects.bulk_create(
        [
            PartieSignataire(
                version=version,
                type=p.type,
                libelle=p.libelle,
                epci_id=p.epci_id,
                operateur_id=p.operateur_id,
                ordre=p.ordre,
            )
            for p in last.parties.all()
        ]
    )
    transition_record(obj=version, source="", cible=StatutVersion.BROUILLON, par=by, motif=motif)
    return version


def document_retry(*, document: DocumentContrat, by: User) -> None:
    if not can(by, "contrat.prepare", document.version):
        raise PermissionDenied("Seuls le chef de projet et le binôme relancent la production du document.")
    if document.statut != StatutDocument.ECHEC:
        raise ValidationError("Seule une production en échec se relance.")
    DocumentContrat.objects.filter(pk=document.pk).update(statut=StatutDocument.EN_ATTENTE, erreur="")
    figures_changed(territoires=())  # no longer a failure in anyone's inbox; no figure counts documents
    from .documents import enqueue_render

    transaction.on_commit(lambda: enqueue_render(document.pk))
