"""The PDF links an API answer gives open with the client's token: a protocol, a relevé de décisions
(and a sealed contract, through the same door); a wrong token is a 401, never the login page."""

import pytest
from rest_framework.test import APIClient

from gouvernance.services import seance_convene
from protocoles.models import Protocole

from ..contrats.conftest import signatories, validated_version  # noqa: F401  (fixtures)
from ..factories import ProtocoleFactory
from ..gouvernance.conftest import in_days
from .test_api import api

pytestmark = pytest.mark.django_db


def test_protocol_and_releve_pdfs_open_with_the_token(gov):
    ProtocoleFactory(territoire=gov.world.a1, cree_par=gov.chef_a1, engagements="Former")
    seance = seance_convene(
        comite=gov.comite_a1, by=gov.chef_a1, date=in_days(5), lieu="Amboise", points_libres=["Calendrier"]
    )
    client = api(gov.chef_a1)
    [protocole] = client.get("/api/v1/protocoles/").json()["results"]
    [listed] = [s for s in client.get("/api/v1/seances/").json()["results"] if s["id"] == seance.pk]
    for link in (protocole["pdf"], listed["releve_pdf"]):
        response = client.get(link)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    # Another territory's token opens none of them (the same scoping as the pages: 404).
    assert api(gov.chef_b1).get(protocole["pdf"]).status_code == 404

    forged = APIClient()
    forged.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    refused = forged.get(protocole["pdf"])
    assert refused.status_code == 401 and "Jeton invalide" in refused.content.decode()
    anonymous = APIClient().get(protocole["pdf"])
    assert anonymous.status_code == 302 and "/compte/connexion/" in anonymous["Location"]


def test_a_contract_lists_its_lines_and_parties(gov, validated_version):
    contract = api(gov.chef_a1).get(f"/api/v1/contrats/{validated_version.contrat_id}/").json()
    [version] = contract["versions"]
    assert [(line["ordre"], line["engagement_ferme"]) for line in version["lignes"]] == [
        (1, True),
        (2, True),
        (3, False),
    ]
    assert version["parties"][0]["type"] == "etat" and version["parties"][0]["signature"] is None


def test_a_fiche_names_the_enjeu_of_its_own_protocol(gov, porteur_a1):
    from territoires.phases import axe_for

    enjeux = {}
    for territoire, chef in ((gov.world.a1, gov.chef_a1), (gov.world.b1, gov.chef_b1)):
        protocole = ProtocoleFactory(territoire=territoire, cree_par=chef, engagements="Former")
        enjeux[territoire.code] = protocole.enjeux.create(
            axe=axe_for(territoire.phase_id, "competences"), intitule="Pourvoir les emplois"
        )
    client = api(porteur_a1)
    payload = {"territoire": gov.world.a1.code, "titre": "Campus", "axe": "competences"}
    created = client.post("/api/v1/fiches/", {**payload, "enjeu": enjeux[gov.world.a1.code].pk}, format="json")
    assert created.status_code == 201 and created.json()["enjeu"] == enjeux[gov.world.a1.code].pk
    other = client.post(
        "/api/v1/fiches/", {**payload, "titre": "Autre", "enjeu": enjeux[gov.world.b1.code].pk}, format="json"
    )
    assert (
        other.status_code == 422 and "Cet enjeu n'est pas celui du protocole de ce territoire" in other.content.decode()
    )
