import datetime

import pytest
from django.utils import timezone

from contrats.services import contrats as services
from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction
from gouvernance.enums import Qualite, Verdict
from gouvernance.services import decision_record, membre_add, seance_convene
from habilitations.enums import Role

from ..conftest import mandate
from ..fiches_actions.conftest import complete_fiche
from ..gouvernance.conftest import in_days, move_to_past


@pytest.fixture
def signatories(gov):
    """One account holding each party's mandate for territory A1."""
    from ..factories import operateur

    bpi = operateur()
    etat = mandate(Role.SERVICES_ETAT_REGION, region=gov.world.region_a)
    industriel = mandate(Role.INDUSTRIEL_BINOME, territoire=gov.world.a1)
    referent = mandate(Role.REFERENT_OPERATEUR, territoire=gov.world.a1)
    presidents = []
    for membre in gov.world.a1.membres.select_related("epci"):
        president = mandate(Role.MEMBRE_COMITE_PROJET, territoire=gov.world.a1)
        membre_add(
            comite=gov.comite_a1,
            user=president,
            qualite=Qualite.PRESIDENT_EPCI,
            epci=membre.epci,
            by=None,
            date_debut=datetime.date(2019, 1, 1),
        )
        presidents.append((membre.epci, president))
    return {
        "etat": etat,
        "region": gov.pilote_a,
        "industriel": industriel,
        "operateur": (bpi, referent),
        "epci": dict(presidents),
    }


@pytest.fixture
def validated_version(gov, porteur_a1, signatories):
    """A contract of A1 with three validated fiches, submitted and validated by the comité régional."""
    fiches = []
    for titre in ("Usine de démonstration", "Industry-lab au CFAI", "Couverture 5G"):
        fiche = complete_fiche(gov.world.a1, porteur_a1, titre=titre)
        FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.VALIDEE)
        fiches.append(FicheAction.objects.get(pk=fiche.pk))
    version = services.contrat_create(
        territoire=gov.world.a1,
        by=gov.chef_a1,
        intitule="Contrat Territoire d'industrie",
        annee_debut=2024,
        annee_fin=2027,
    )
    services.version_set_fiches(
        version=version, by=gov.chef_a1, lignes=[(fiches[0], True), (fiches[1], True), (fiches[2], False)]
    )
    services.version_submit(version=version, by=gov.chef_a1)
    seance = move_to_past(
        seance_convene(
            comite=gov.comite_regional_a, by=gov.pilote_a, date=in_days(3), lieu="Orléans", contrats=[version]
        )
    )
    decision_record(point=seance.points.get(), by=gov.membre_regional_a, verdict=Verdict.VALIDEE)
    version.refresh_from_db()
    return version


def sign_all(version, signatories, *, except_last=False):
    parties = list(version.parties.order_by("ordre"))
    if except_last:
        parties = parties[:-1]
    for partie in parties:
        user = {
            "etat": signatories["etat"],
            "region": signatories["region"],
            "industriel": signatories["industriel"],
        }.get(partie.type)
        if partie.type == "epci":
            user = signatories["epci"][partie.epci]
        elif partie.type == "operateur":
            user = signatories["operateur"][1] if partie.operateur == signatories["operateur"][0] else None
        if user is None:
            continue
        services.signature_record(
            partie=partie,
            by=user,
            signataire=str(user),
            qualite="",
            lieu="Amboise",
            date=timezone.localdate() - datetime.timedelta(days=1),
        )


def submitted_contract(gov, porteur, **fiche_fields):
    """A contract of A1 (2023-2027) holding one validated fiche, submitted to the comité régional."""
    fiche = complete_fiche(gov.world.a1, porteur, **fiche_fields)
    FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.VALIDEE)
    version = services.contrat_create(
        territoire=gov.world.a1, by=gov.chef_a1, intitule="Contrat", annee_debut=2023, annee_fin=2027
    )
    services.version_set_fiches(version=version, by=gov.chef_a1, lignes=[(FicheAction.objects.get(pk=fiche.pk), True)])
    services.version_submit(version=version, by=gov.chef_a1)
    return version
