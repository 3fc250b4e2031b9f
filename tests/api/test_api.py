"""The REST API v1: token, the same scope as the pages (404 elsewhere), writes through the services."""

import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction
from habilitations.enums import Role
from territoires.phases import axe_for

from ..conftest import PASSWORD, mandate
from ..factories import ProtocoleFactory
from ..fiches_actions.conftest import complete_fiche

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user is not None:
        token = client.post("/api/v1/auth/token/", {"email": user.email, "password": PASSWORD}).json()["token"]
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_token_with_email_and_password(gov):
    client = APIClient()
    refused = client.post("/api/v1/auth/token/", {"email": gov.chef_a1.email, "password": "faux"})
    assert refused.status_code == 401 and "incorrect" in refused.json()["detail"]
    assert client.get("/api/v1/territoires/").status_code in (401, 403)
    assert api(gov.chef_a1).get("/api/v1/territoires/").status_code == 200


def test_every_endpoint_is_scoped(gov, porteur_a1):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.DEPOSEE)
    a, b = api(gov.chef_a1), api(gov.chef_b1)
    codes = lambda client: [t["code"] for t in client.get("/api/v1/territoires/").json()["results"]]  # noqa: E731
    assert codes(a) == [gov.world.a1.code] and codes(b) == [gov.world.b1.code]
    assert b.get(f"/api/v1/territoires/{gov.world.a1.code}/").status_code == 404
    assert b.get(f"/api/v1/fiches/{fiche.pk}/").status_code == 404
    assert b.get("/api/v1/fiches/").json()["count"] == 0
    assert b.get(f"/api/v1/comites/{gov.comite_a1.pk}/").status_code == 404
    assert a.get(f"/api/v1/comites/{gov.comite_a1.pk}/").status_code == 200
    assert b.patch(f"/api/v1/fiches/{fiche.pk}/", {"titre": "x", "version": 1}, format="json").status_code == 404
    assert b.post(f"/api/v1/fiches/{fiche.pk}/deposer/").status_code == 404
    region_a = api(gov.pilote_a)
    assert sorted(codes(region_a)) == sorted(["ti-2405", "ti-2401", "ti-2707"])
    assert region_a.get(f"/api/v1/fiches/{fiche.pk}/").status_code == 200
    assert api(gov.pilote_b).get(f"/api/v1/fiches/{fiche.pk}/").status_code == 404


def test_porteur_creates_and_submits_through_the_api_and_the_committee_sees_it(gov, porteur_a1, client):
    payload = {
        "territoire": gov.world.a1.code,
        "titre": "École de production",
        "axe": "competences",
        "description": "Former par la production.",
        "objectifs": "Trente jeunes par an.",
        "porteur_organisation": "Association des industriels",
        "porteur_type": "prive",
        "date_debut": "2020-01-01",
        "date_fin": "2022-12-31",
        "cout_total": "300000.00",
        "financements": [
            {"financeur": "region", "montant": "200000", "statut": "sollicite"},
            {"financeur": "prive", "montant": "100000", "statut": "acquis"},
        ],
        "indicateurs": [{"libelle": "Jeunes formés", "unite": "personnes", "cible": "30"}],
    }
    porteur = api(porteur_a1)
    created = porteur.post("/api/v1/fiches/", payload, format="json")
    assert created.status_code == 201, created.json()
    fiche_id = created.json()["id"]
    assert created.json()["statut"] == "brouillon" and len(created.json()["financements"]) == 2
    # Bad input gets the services' French messages.
    bad = porteur.patch(
        f"/api/v1/fiches/{fiche_id}/",
        {"porteur_siret": "13002526500014", "version": created.json()["version"]},
        format="json",
    )
    assert bad.status_code == 422 and "SIRET" in str(bad.json())
    stale = porteur.patch(f"/api/v1/fiches/{fiche_id}/", {"titre": "x", "version": 99}, format="json")
    assert stale.status_code == 409 and "Conflit de modification" in stale.json()["detail"]
    assert stale["Content-Type"] == "application/problem+json"
    submitted = porteur.post(f"/api/v1/fiches/{fiche_id}/deposer/")
    assert submitted.status_code == 200 and submitted.json()["statut"] == "deposee"
    client.force_login(gov.etat_a1)
    page = client.get(reverse("fiches_actions:fiche_detail", args=[fiche_id])).content.decode()
    assert "École de production" in page and "Déposée" in page


def test_a_porteur_cannot_create_in_another_territory(gov, porteur_a1):
    response = api(porteur_a1).post(
        "/api/v1/fiches/", {"territoire": gov.world.b1.code, "titre": "x", "axe": "innovation"}, format="json"
    )
    assert response.status_code == 404


def _grow(gov, porteur, n, start=0):
    """n more of everything the list endpoints show: fiches, territories, EPCI, committees, séances,
    decisions and contracts."""
    from contrats.services.contrats import contrat_create
    from fiches_actions.enums import StatutFiche
    from fiches_actions.models import FicheAction
    from gouvernance.enums import Verdict
    from gouvernance.models import Decision, PointOrdreDuJour, Seance
    from gouvernance.services import comite_projet_get_or_create
    from protocoles.models import Protocole

    from ..factories import EPCIFactory, TerritoireFactory

    for i in range(start, start + n):
        # Deposited, so that the pilote régional who counts sees them (a draft stays with its authors).
        fiche = complete_fiche(gov.world.a1, porteur, titre=f"Fiche {i}")
        assert fiche.localisation_id is not None  # its intercommunalité is printed in the list
        FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.DEPOSEE)
        territoire = TerritoireFactory(region_pilote=gov.world.region_a)
        comite_projet_get_or_create(territoire=territoire)
        EPCIFactory()
        seance = Seance.objects.create(
            comite=gov.comite_a1,
            date=f"2019-05-0{i % 9 + 1}T10:00:00+02:00",
            lieu="Amboise",
            convoquee_par=gov.chef_a1,
        )
        point = PointOrdreDuJour.objects.create(seance=seance, ordre=1, titre="Point")
        Decision.objects.create(point=point, verdict=Verdict.PRIS_ACTE, enregistree_par=gov.elu_a1)
        # One contract per territory and period, within the territory's phase.
        contrat_create(
            territoire=territoire,
            by=mandate(Role.CHEF_DE_PROJET, territoire=territoire),
            intitule=f"Contrat {i}",
            annee_debut=2024,
            annee_fin=2027,
        )
        protocole = ProtocoleFactory(territoire=territoire, cree_par=gov.chef_a1, engagements="Engagements")
        protocole.enjeux.create(axe=axe_for(territoire.phase_id, "competences"), intitule=f"Enjeu {i}")
        protocole.signataires.create(partie="État", personne="La préfète")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/territoires/",
        "/api/v1/fiches/",
        "/api/v1/comites/",
        "/api/v1/seances/",
        "/api/v1/decisions/",
        "/api/v1/contrats/",
        "/api/v1/epci/",
        "/api/v1/protocoles/",
        "/api/v1/chiffres/",
    ],
)
def test_list_endpoints_keep_a_constant_query_count(gov, porteur_a1, url):
    from django.core.cache import cache

    from comptes.models import User

    def count():
        cache.clear()  # the figures are computed, not read from the cache
        client = APIClient()
        client.force_authenticate(User.objects.get(pk=gov.pilote_a.pk))  # a fresh user: nothing cached
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _grow(gov, porteur_a1, 1)
    small = count()
    _grow(gov, porteur_a1, 8, start=1)
    assert count() == small


def test_schema_validates_and_docs_need_no_outside_cdn(client):
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page
    assert not re.findall(r'(?:src|href)="https?://', page)
    inline = [s for s in re.findall(r"<script\b[^>]*>", page) if "src=" not in s]
    assert not inline


def test_protocols_and_figures_are_scoped(gov, porteur_a1):
    from protocoles.models import Protocole

    protocole = ProtocoleFactory(territoire=gov.world.a1, cree_par=gov.chef_a1, engagements="Former")
    protocole.enjeux.create(axe=axe_for("2023-2027", "competences"), intitule="Attirer des apprentis")
    a, b = api(gov.chef_a1), api(gov.chef_b1)
    [listed] = a.get("/api/v1/protocoles/").json()["results"]
    assert listed["territoire"] == gov.world.a1.code and listed["enjeux"][0]["intitule"] == "Attirer des apprentis"
    assert listed["pdf"].endswith(f"/territoires/{gov.world.a1.code}/protocole.pdf")
    assert b.get("/api/v1/protocoles/").json()["count"] == 0
    assert b.get(f"/api/v1/protocoles/{protocole.pk}/").status_code == 404

    for statut, territoire, auteur in (
        ("validee", gov.world.a1, porteur_a1),
        ("deposee", gov.world.a1, porteur_a1),
        ("validee", gov.world.b1, gov.chef_b1),
    ):
        FicheAction.objects.filter(pk=complete_fiche(territoire, auteur, axe="innovation").pk).update(statut=statut)
    figures = api(gov.pilote_a).get("/api/v1/chiffres/").json()
    assert figures["niveau"] == "regional"
    innover = {row["statut"]: row["n"] for row in figures["fiches"] if row["axe"] == "innovation"}
    assert innover["validee"] == 1 and innover["deposee"] == 1  # B1's fiche is not counted
    assert [r["code"] for r in figures["regions"]] == [gov.world.region_a.code]
    assert {t["code"] for t in figures["territoires_cote_a_cote"]} == {"ti-2405", "ti-2401", "ti-2707"}
    assert sum(row["n"] for row in api(gov.chef_b1).get("/api/v1/chiffres/").json()["fiches"]) == 1
    assert APIClient().get("/api/v1/chiffres/").status_code in (401, 403)


def test_session_writes_need_the_csrf_token(gov, porteur_a1):
    """A browser session cannot be ridden by another site: without the CSRF token, writes are refused,
    on the API as on the pages; a tool with a token needs none."""
    from django.test import Client

    payload = {"territoire": gov.world.a1.code, "titre": "Sans jeton CSRF", "axe": "innovation"}
    session = APIClient(enforce_csrf_checks=True)
    session.force_login(porteur_a1)
    refused = session.post("/api/v1/fiches/", payload, format="json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(porteur_a1)
    assert browser.post("/fiches/nouvelle/", {"titre": "x"}).status_code == 403
    assert api(porteur_a1).post("/api/v1/fiches/", payload, format="json").status_code == 201
    assert not FicheAction.objects.filter(titre="Sans jeton CSRF").exclude(auteur=porteur_a1).exists()
    assert FicheAction.objects.filter(titre="Sans jeton CSRF").count() == 1
