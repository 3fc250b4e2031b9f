"""A 2023-2027 territory's case, end to end, through the API alone (token authentication): protocol with
enjeux, fiches on the new priorities, a séance and its decisions, a contract with its lines and engagement
ferme, a Département among the parties, the regional validation, every signature, and the sealed PDF
downloaded with the token."""

import base64
import datetime

import pytest
from django.utils import timezone

from contrats.models import DocumentContrat

from ..contrats.conftest import signatories  # noqa: F401  (fixture)
from ..factories import ProtocoleFactory
from .test_api import api

pytestmark = pytest.mark.django_db

SCAN = base64.b64encode(b"%PDF-1.4\n% page de signature numerisee\n%%EOF\n").decode()


def ok(response, code=200):
    assert response.status_code == code, response.content.decode()[:600]
    return response.json()


def fiche_payload(territoire, titre, axe, enjeu):
    return {
        "territoire": territoire,
        "titre": titre,
        "axe": axe,
        "enjeu": enjeu,
        "description": "Exemple illustratif.",
        "objectifs": "Former 200 salariés par an.",
        "porteur_organisation": "Club des industriels",
        "porteur_type": "prive",
        "date_debut": "2024-09-01",
        "date_fin": "2027-06-30",
        "cout_total": "1000000.00",
        "financements": [
            {"financeur": "region", "montant": "600000", "statut": "sollicite"},
            {
                "financeur": "etat",
                "montant": "400000",
                "statut": "acquis",
                "instrument": "etat-investissement-ti",
                "annee": 2025,
            },
        ],
    }


def test_a_2023_2027_case_built_through_the_api_alone(
    gov,
    porteur_a1,
    signatories,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    territoire = gov.world.a1.code
    chef, porteur, pilote = api(gov.chef_a1), api(porteur_a1), api(gov.pilote_a)

    # The protocol, with its enjeux on the 2023-2027 priorities, then signed.
    protocole = ok(
        chef.post(
            "/api/v1/protocoles/",
            {
                "territoire": territoire,
                "engagements": "Les signataires mobilisent leurs offres au service du plan d'actions.",
                "enjeux": [
                    {"axe": "competences", "intitule": "Pourvoir les emplois industriels"},
                    {"axe": "foncier", "intitule": "Requalifier les friches"},
                ],
            },
            format="json",
        ),
        201,
    )
    refused = chef.post(
        "/api/v1/protocoles/",
        {"territoire": territoire, "enjeux": [{"axe": "recruter", "intitule": "Axe de 2019"}]},
        format="json",
    )
    assert refused.status_code == 422 and "n'est pas un axe de la phase 2023-2027" in refused.content.decode()
    signed_on = timezone.localdate() - datetime.timedelta(days=30)
    ok(
        chef.post(
            f"/api/v1/protocoles/{protocole['id']}/signer/",
            {
                "date": signed_on.isoformat(),
                "lieu": "Amboise",
                "signataires": [{"partie": "État", "personne": "La préfète", "qualite": "préfète"}],
            },
            format="json",
        )
    )
    enjeux = {e["axe"]: e for e in ok(chef.get(f"/api/v1/protocoles/{protocole['id']}/"))["enjeux"]}
    assert set(enjeux) == {"competences", "foncier"}

    # Two fiches on the new priorities, naming the enjeux (ids read from the protocol's own listing).
    from protocoles.models import Enjeu

    ids = {e.axe.code: e.pk for e in Enjeu.objects.filter(protocole_id=protocole["id"])}
    fiches = []
    for titre, axe in (("Campus des métiers", "competences"), ("Friche de la papeterie", "foncier")):
        fiche = ok(porteur.post("/api/v1/fiches/", fiche_payload(territoire, titre, axe, ids[axe]), format="json"), 201)
        ok(porteur.post(f"/api/v1/fiches/{fiche['id']}/deposer/"))
        fiches.append(fiche["id"])

    # The comité de projet's séance, held and entered afterwards, decides both.
    held = (timezone.localtime() - datetime.timedelta(days=10)).replace(microsecond=0)
    seance = ok(
        chef.post(
            "/api/v1/seances/",
            {"comite": gov.comite_a1.pk, "date": held.isoformat(), "lieu": "Amboise", "tenue": True, "fiches": fiches},
            format="json",
        ),
        201,
    )
    for point in (1, 2):
        ok(chef.post(f"/api/v1/seances/{seance['id']}/decisions/", {"point": point, "verdict": "validee"}), 201)
    ok(chef.post(f"/api/v1/seances/{seance['id']}/publier/"))

    # The contract: lines with an engagement ferme, a Département added, submitted.
    contrat = ok(
        chef.post(
            "/api/v1/contrats/",
            {"territoire": territoire, "intitule": "Contrat de territoire", "annee_debut": 2024, "annee_fin": 2027},
            format="json",
        ),
        201,
    )
    url = f"/api/v1/contrats/{contrat['id']}/"
    ok(
        chef.post(
            url + "lignes/",
            {"lignes": [{"fiche": fiches[0], "engagement_ferme": True}, {"fiche": fiches[1]}]},
            format="json",
        )
    )
    ok(chef.post(url + "parties/", {"libelle": "Le Département d'Indre-et-Loire"}, format="json"), 201)
    ok(chef.post(url + "soumettre/"))
    version = ok(chef.get(url))["versions"][0]
    assert [(line["fiche"], line["engagement_ferme"]) for line in version["lignes"]] == [
        (fiches[0], True),
        (fiches[1], False),
    ]

    # The comité régional validates it in a séance held three days ago.
    regional = ok(
        pilote.post(
            "/api/v1/seances/",
            {
                "comite": gov.comite_regional_a.pk,
                "date": (timezone.localtime() - datetime.timedelta(days=3)).replace(microsecond=0).isoformat(),
                "lieu": "Orléans",
                "tenue": True,
                "contrats": [version["id"]],
            },
            format="json",
        ),
        201,
    )
    ok(pilote.post(f"/api/v1/seances/{regional['id']}/decisions/", {"point": 1, "verdict": "validee"}), 201)

    # Every party signs: the holders of a mandate with their own token, the others by their scanned page.
    holders = {
        "etat": signatories["etat"],
        "region": signatories["region"],
        "industriel": signatories["industriel"],
    }
    parties = ok(chef.get(url))["versions"][0]["parties"]
    assert "Le Département d'Indre-et-Loire" in [p["libelle"] for p in parties]
    today = timezone.localdate().isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        for partie in parties:
            user = holders.get(partie["type"])
            body = {"partie": partie["id"], "signataire": "Signataire", "date": today, "lieu": "Amboise"}
            if user is None:
                ok(chef.post(url + "signatures/", {**body, "preuve": SCAN}, format="json"), 201)
            else:
                ok(api(user).post(url + "signatures/", body, format="json"), 201)

    # The sealed PDF, downloaded with the token from the link the API gives.
    version = ok(chef.get(url))["versions"][0]
    assert version["statut"] == "signe" and DocumentContrat.objects.get().statut == "termine"
    pdf = chef.get(version["pdf"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_another_territory_writes_nothing_through_these_doors(gov, porteur_a1):
    from contrats.models import Contrat
    from contrats.services.contrats import contrat_create
    from gouvernance.models import Seance
    from gouvernance.services import seance_convene
    from protocoles.models import Protocole

    from ..gouvernance.conftest import in_days

    version = contrat_create(
        territoire=gov.world.a1, by=gov.chef_a1, intitule="Contrat", annee_debut=2024, annee_fin=2027
    )
    protocole = ProtocoleFactory(territoire=gov.world.a1, cree_par=gov.chef_a1)
    seance = seance_convene(comite=gov.comite_a1, by=gov.chef_a1, date=in_days(3), lieu="Amboise", points_libres=["P"])
    other = api(gov.chef_b1)
    contract = f"/api/v1/contrats/{version.contrat_id}/"
    attempts = [
        ("/api/v1/protocoles/", {"territoire": gov.world.a1.code, "enjeux": []}),
        (f"/api/v1/protocoles/{protocole.pk}/signer/", {"date": "2024-01-10", "lieu": "X", "signataires": []}),
        (
            "/api/v1/seances/",
            {"comite": gov.comite_a1.pk, "date": in_days(4).isoformat(), "lieu": "X", "points_libres": ["P"]},
        ),
        (f"/api/v1/seances/{seance.pk}/decisions/", {"point": 1, "verdict": "pris_acte"}),
        (f"/api/v1/seances/{seance.pk}/publier/", {}),
        (
            "/api/v1/contrats/",
            {"territoire": gov.world.a1.code, "intitule": "X", "annee_debut": 2024, "annee_fin": 2025},
        ),
        (contract + "lignes/", {"lignes": []}),
        (contract + "parties/", {"libelle": "CCI"}),
        (contract + "soumettre/", {}),
        (contract + "signatures/", {"partie": 1, "signataire": "X", "date": "2024-01-10", "lieu": "X"}),
    ]
    for url, body in attempts:
        assert other.post(url, body, format="json").status_code == 404, url
    # And the porteur of the territory itself may not write them either (403, not a silent success).
    porteur = api(porteur_a1)
    assert porteur.post(contract + "parties/", {"libelle": "CCI"}, format="json").status_code == 403
    # A scanned page that is not base64 is malformed: 400 in French, nothing recorded.
    partie = version.parties.first()
    body = {"partie": partie.pk, "signataire": "X", "date": "2024-01-10", "lieu": "X", "preuve": "%%% pas du base64"}
    malformed = api(gov.chef_a1).post(contract + "signatures/", body, format="json")
    assert malformed.status_code == 400 and "encodée en base64" in malformed.content.decode()
    assert Contrat.objects.count() == 1 and Seance.objects.count() == 1
    assert version.parties.filter(libelle="CCI").count() == 0
