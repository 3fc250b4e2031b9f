import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from protocoles.models import Protocole

pytestmark = pytest.mark.django_db


def test_protocol_written_signed_and_printed(gov, client):
    client.force_login(gov.chef_a1)
    url = reverse("protocoles:protocole_detail", args=[gov.world.a1.code])
    bad = client.post(url, {"action": "rediger", "engagements": "", "enjeux": "recrutement sans axe"})
    assert "Ligne 1 : écrivez « axe : enjeu »" in bad.content.decode()
    # A 2019 axe on a 2023-2027 territory: refused, the phase's own axes named.
    old = client.post(url, {"action": "rediger", "engagements": "", "enjeux": "recruter : pourvoir les emplois"})
    assert "competences, transition, innovation, foncier" in old.content.decode()
    assert not Protocole.objects.exists()
    client.post(
        url,
        {
            "action": "rediger",
            "engagements": "Mobiliser les 17 mesures nationales.",
            "enjeux": "innovation : usine du futur\ncompetences : pourvoir les emplois industriels",
        },
    )
    protocole = Protocole.objects.get()
    # In the phase's order of priorities, whatever the order typed.
    assert [(e.axe.code, e.intitule) for e in protocole.enjeux.all()] == [
        ("competences", "pourvoir les emplois industriels"),
        ("innovation", "usine du futur"),
    ]
    client.post(
        url,
        {
            "action": "signer",
            "date": "2019-06-20",
            "lieu": "L'Arbresle",
            "signataires": "État ; Préfet de la Loire ; préfet\nRégion ; Président du conseil régional",
        },
    )
    protocole.refresh_from_db()
    assert protocole.statut == "signe" and protocole.lieu_signature == "L'Arbresle"
    pdf = client.get(reverse("protocoles:protocole_pdf", args=[gov.world.a1.code]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "usine du futur" in text and "L'Arbresle" in text and "PROJET" not in text
    # Fiches of the territory may now name the enjeu they answer.
    from ..fiches_actions.conftest import complete_fiche

    fiche = complete_fiche(gov.world.a1, gov.chef_a1)
    form = client.get(reverse("fiches_actions:fiche_step", args=[fiche.pk, "identification"])).content.decode()
    assert "usine du futur" in form

    # The contract that follows prints the protocol's date and place, read from the protocol itself.
    from contrats.services import contrats as services
    from contrats.services.contenu import render_contract

    version = services.contrat_create(
        territoire=gov.world.a1, by=gov.chef_a1, intitule="Contrat", annee_debut=2024, annee_fin=2027
    )
    contract = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_contract(version, projet=True))).pages)
    assert "Vu le protocole d'accord du territoire" in contract and "20 juin 2019 à L'Arbresle" in contract


def test_other_territory_cannot_read_the_protocol(gov, client):
    client.force_login(gov.chef_b1)
    assert client.get(reverse("protocoles:protocole_detail", args=[gov.world.a1.code])).status_code == 404


def test_user_text_cannot_reach_files_or_network_in_a_pdf(gov, client, porteur_a1):
    """A fiche titled with markup prints it as text and fetches nothing."""
    from contrats.services import contrats as services
    from contrats.services.contenu import render_contract
    from fiches_actions.models import FicheAction

    from ..fiches_actions.conftest import complete_fiche

    payload = '<img src="file:///etc/passwd"><link href="http://127.0.0.1:9/">'
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre=payload[:200])
    FicheAction.objects.filter(pk=fiche.pk).update(statut="validee")
    version = services.contrat_create(
        territoire=gov.world.a1, by=gov.chef_a1, intitule="Contrat", annee_debut=2024, annee_fin=2027
    )
    services.version_set_fiches(version=version, by=gov.chef_a1, lignes=[(FicheAction.objects.get(pk=fiche.pk), True)])
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_contract(version, projet=True))).pages)
    assert "file:///etc/passwd" in text and "root:" not in text
    from portail.pdf import StaticOnlyFetcher

    fetcher = StaticOnlyFetcher()
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/", "/static/../../etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("/static/css/contrat.css").read().startswith(b"@page")
