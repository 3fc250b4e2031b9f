"""Request → comité régional decision → perimeter changed, with its history."""

import html

import pytest
from django.urls import reverse

from gouvernance.enums import StatutDemandePerimetre, Verdict
from gouvernance.models import DemandePerimetre, Seance
from gouvernance.services import decision_record
from territoires.models import MembreTerritoire

from ..factories import DepartementFactory, EPCIFactory
from .conftest import move_to_past

pytestmark = pytest.mark.django_db


@pytest.fixture
def epcis(gov):
    dep_a = gov.world.a1.departements.first()
    inside = EPCIFactory(nom="CC Loches Sud Touraine", siren="200071587", departement_principal=dep_a)
    inside.regions.set([gov.world.region_a])
    inside.departements.set([dep_a])
    elsewhere = EPCIFactory(
        nom="CC du Grand Autunois Morvan",
        departement_principal=DepartementFactory(code="71", nom="Saône-et-Loire", region=gov.world.region_b),
    )
    elsewhere.regions.set([gov.world.region_b])
    return inside, elsewhere


def file_request(client, gov, ajouts=(), retraits=(), motifs="Sous-traitants installés dans le Lochois."):
    return client.post(
        reverse("gouvernance:demande_create", args=[gov.world.a1.code]),
        {"ajouts": [e.pk for e in ajouts], "retraits": [e.pk for e in retraits], "motifs": motifs},
    )


def test_request_decided_by_the_regional_committee_changes_the_perimeter(
    gov, epcis, client, django_capture_on_commit_callbacks
):
    inside, _ = epcis
    client.force_login(gov.chef_a1)
    response = file_request(client, gov, ajouts=[inside])
    demande = DemandePerimetre.objects.get()
    assert response["Location"] == reverse("gouvernance:demande_detail", args=[demande.pk])
    assert [(ligne.changement, ligne.epci_id) for ligne in demande.lignes.all()] == [("ajout", inside.pk)]

    # The regional pilot sees it pending and puts it on the agenda of the comité régional.
    client.force_login(gov.pilote_a)
    page = client.get(reverse("gouvernance:region_gouvernance", args=["24"])).content.decode()
    assert "Grand Est Touraine" in page and "CC Loches Sud Touraine" in page
    form = client.get(reverse("gouvernance:seance_create", args=[gov.comite_regional_a.pk])).content.decode()
    assert "Grand Est Touraine — déposée le" in form
    from .test_seances import convene

    with django_capture_on_commit_callbacks(execute=True):
        convene(client, gov.comite_regional_a, demandes=[demande.pk], points_libres="")
    seance = Seance.objects.get(comite=gov.comite_regional_a)
    point = seance.points.get()
    assert point.demande_perimetre == demande
    move_to_past(seance)

    client.force_login(gov.membre_regional_a)
    client.post(
        reverse("gouvernance:decision_create", args=[point.pk]),
        {f"p{point.pk}-verdict": Verdict.ACCEPTEE, f"p{point.pk}-motifs": "Cohérence du bassin d'emploi."},
    )
    demande.refresh_from_db()
    assert demande.statut == StatutDemandePerimetre.ACCEPTEE
    membre = MembreTerritoire.objects.get(territoire=gov.world.a1, epci=inside)
    assert membre.history.count() == 1 and membre.history.first().history_type == "+"

    # The decision shows in the history of the request: who, when, in which séance.
    client.force_login(gov.chef_a1)
    page = client.get(reverse("gouvernance:demande_detail", args=[demande.pk])).content.decode()
    assert "déposée → acceptée" in html.unescape(page)
    assert gov.membre_regional_a.get_full_name() in page
    assert f"Comité régional — {gov.world.region_a.nom}, séance du" in page
    assert "Cohérence du bassin d&#x27;emploi." in page


def test_refusal_leaves_the_perimeter_alone(gov, epcis, client):
    inside, _ = epcis
    client.force_login(gov.chef_a1)
    file_request(client, gov, ajouts=[inside])
    demande = DemandePerimetre.objects.get()
    from gouvernance.services import seance_convene

    from .conftest import in_days

    seance = move_to_past(
        seance_convene(
            comite=gov.comite_regional_a, by=gov.pilote_a, date=in_days(3), lieu="Orléans", demandes=[demande]
        )
    )
    point = seance.points.get()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Motivez cette décision"):
        decision_record(point=point, by=gov.pilote_a, verdict=Verdict.REFUSEE, motifs="")
    decision_record(point=point, by=gov.pilote_a, verdict=Verdict.REFUSEE, motifs="Hors bassin industriel.")
    demande.refresh_from_db()
    assert demande.statut == StatutDemandePerimetre.REFUSEE
    assert not MembreTerritoire.objects.filter(epci=inside).exists()


def test_request_refuses_epci_outside_the_regions(gov, epcis, client):
    _, elsewhere = epcis
    client.force_login(gov.chef_a1)
    response = file_request(client, gov, ajouts=[elsewhere])
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not DemandePerimetre.objects.exists()
    response = file_request(client, gov, motifs="")
    page = response.content.decode()
    assert (
        "Choisissez au moins une intercommunalité à ajouter ou à retirer." in page or "Ce champ est obligatoire" in page
    )
    assert not DemandePerimetre.objects.exists()


def test_only_the_territory_team_files_requests(gov, epcis, client):
    client.force_login(gov.etat_a1)  # member of the comité de projet, not binôme nor chef de projet
    assert client.get(reverse("gouvernance:demande_create", args=[gov.world.a1.code])).status_code == 403
    client.force_login(gov.chef_b1)
    assert client.get(reverse("gouvernance:demande_create", args=[gov.world.a1.code])).status_code == 404


def test_author_does_not_decide_on_their_request(gov, epcis, client):
    from django.core.exceptions import PermissionDenied

    from gouvernance.enums import Qualite
    from gouvernance.services import demande_perimetre_create, membre_add, seance_convene

    from .conftest import in_days

    inside, _ = epcis
    # The chef de projet also sits on the comité régional, yet may not decide on their own request.
    membre_add(
        comite=gov.comite_regional_a,
        user=gov.chef_a1,
        qualite=Qualite.PARTENAIRE,
        by=None,
        date_debut=gov.comite_regional_a.membres.first().date_debut,
    )
    from habilitations.enums import Role

    from ..factories import MandatFactory

    MandatFactory(user=gov.chef_a1, role=Role.MEMBRE_COMITE_REGIONAL, region=gov.world.region_a)
    demande = demande_perimetre_create(
        territoire=gov.world.a1, by=gov.chef_a1, ajouts=[inside], retraits=[], motifs="Motifs"
    )
    seance = move_to_past(
        seance_convene(
            comite=gov.comite_regional_a, by=gov.pilote_a, date=in_days(3), lieu="Orléans", demandes=[demande]
        )
    )
    with pytest.raises(PermissionDenied, match="L'auteur d'une demande ne décide pas de sa propre demande."):
        decision_record(point=seance.points.get(), by=gov.chef_a1, verdict=Verdict.ACCEPTEE)
    demande.refresh_from_db()
    assert demande.statut == StatutDemandePerimetre.DEPOSEE
