"""2023-2027: a funding line names the State's yearly envelope, the dashboards set what the validated
fiches ask of it against its amount; the chef de projet's post records its co-financing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction
from fiches_actions.services.fiches import financements_replace
from habilitations.enums import Role
from habilitations.models import Mandat
from territoires.models import InstrumentFinancement

from ..conftest import mandate
from ..factories import phase
from .conftest import complete_fiche, of_first_phase

pytestmark = pytest.mark.django_db


def line(**extra):
    return {"financeur": "etat", "montant": Decimal("400000"), "statut": "acquis", **extra}


@pytest.fixture
def envelope(db):
    phase("2023-2027")  # seeds the reference data again after a flushed test
    return InstrumentFinancement.objects.get(code="etat-investissement-ti")


def test_validated_fiches_are_counted_against_the_yearly_envelope(gov, porteur_a1, envelope, client):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    lines = [{"financeur": "region", "montant": Decimal("600000"), "statut": "sollicite"}, line()]
    lines[1].update(instrument=envelope, annee=2025)
    financements_replace(fiche=fiche, by=porteur_a1, lignes=lines)
    FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.VALIDEE)

    client.force_login(mandate(Role.DELEGATION_NATIONALE))
    figures = client.get("/api/v1/chiffres/").json()
    [enveloppe] = figures["enveloppes"]
    years = {row["annee"]: (Decimal(row["montant"]), Decimal(row["engage"])) for row in enveloppe["annees"]}
    assert years[2025] == (Decimal("100000000"), Decimal("400000")) and years[2024][1] == 0
    page = client.get(reverse("pilotage:tableau_de_bord")).content.decode()
    assert "Enveloppe de l&#x27;État pour les projets d&#x27;investissement des territoires : engagé et montant" in page
    detail = client.get(reverse("fiches_actions:fiche_detail", args=[fiche.pk])).content.decode()
    assert "enveloppe 2025" in detail
    # The 2019-2022 dashboard has no such envelope.
    old = client.get("/api/v1/chiffres/", {"phase": "2019-2022"}).json()
    assert old["enveloppes"] == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"annee": 2023}, "choisissez l'année de l'enveloppe"),
        ({"financeur": "region", "annee": 2025}, "choisissez ce financeur"),
        ({"instrument": None, "annee": 2025}, "indiquez aussi l'enveloppe"),
    ],
)
def test_a_line_names_a_year_the_envelope_has_and_its_financeur(gov, porteur_a1, envelope, extra, message):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    with pytest.raises(ValidationError, match=message):
        financements_replace(fiche=fiche, by=porteur_a1, lignes=[line(**{"instrument": envelope, **extra})])


def test_the_form_offers_the_envelope_only_to_a_phase_that_has_one(gov, porteur_a1, envelope, client):
    current = complete_fiche(gov.world.a1, porteur_a1)
    client.force_login(porteur_a1)
    url = reverse("fiches_actions:fiche_step", args=[current.pk, "financement"])
    assert "Enveloppe (facultatif)" in client.get(url).content.decode()
    old = complete_fiche(
        of_first_phase(gov.world.a2), mandate(Role.PORTEUR_PROJET, territoire=gov.world.a2), axe="innover"
    )
    client.force_login(old.auteur)
    url = reverse("fiches_actions:fiche_step", args=[old.pk, "financement"])
    assert "Enveloppe (facultatif)" not in client.get(url).content.decode()


def test_the_api_names_the_envelope_by_its_code(gov, porteur_a1, envelope):
    from rest_framework.test import APIClient

    fiche = complete_fiche(gov.world.a1, porteur_a1)
    client = APIClient()
    client.force_authenticate(porteur_a1)
    url = f"/api/v1/fiches/{fiche.pk}/"
    payload = {
        "version": fiche.version,
        "cout_total": "1000000.00",
        "financements": [
            {"financeur": "region", "montant": "600000", "statut": "sollicite"},
            {"financeur": "etat", "montant": "400000", "statut": "acquis", "instrument": "inconnue", "annee": 2025},
        ],
    }
    refused = client.patch(url, payload, format="json")
    assert refused.status_code == 422 and "Aucune enveloppe n'a pour code « inconnue »" in refused.content.decode()
    payload["financements"][1]["instrument"] = envelope.code
    saved = client.patch(url, payload, format="json")
    assert saved.status_code == 200, saved.content
    assert saved.json()["financements"][1]["instrument"] == "etat-investissement-ti"


def test_the_chef_de_projet_post_records_its_co_financing(gov, client):
    chef = Mandat.objects.get(user=gov.chef_a1, territoire=gov.world.a1)
    chef.cofinancement_etat, chef.cofinancement_debut = 50, datetime.date(2024, 1, 1)
    chef.cofinancement_fin = datetime.date(2026, 12, 31)
    chef.full_clean()
    chef.save()
    client.force_login(gov.chef_a1)
    page = client.get(reverse("gouvernance:territoire_gouvernance", args=[gov.world.a1.code])).content.decode()
    assert "cofinancé par l&#x27;État à 50 % du 01/01/2024 au 31/12/2026" in page
    elu = Mandat.objects.get(user=gov.elu_a1, territoire=gov.world.a1)
    elu.cofinancement_etat, elu.cofinancement_debut = 50, datetime.date(2024, 1, 1)
    with pytest.raises(ValidationError, match="Seul le poste de chef de projet"):
        elu.full_clean()
