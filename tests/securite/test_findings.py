"""Findings of the independent probe, each written as the case that failed: an ended mandate ends
everything, the API answers bad input in French problem details, undecodable input is refused,
the financing plan obeys one rule, the login lock-out and the throttle cannot be dodged, a new
password revokes the tokens, private downloads are never cached."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from fiches_actions.models import FicheAction
from gouvernance.services.mandats import mandat_end
from habilitations.enums import Role
from habilitations.models import Mandat

from ..api.test_api import api
from ..conftest import PASSWORD, mandate
from ..fiches_actions.conftest import complete_fiche

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def assert_problem(response, status, *words):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    text = str(body)
    for word in words:
        assert word in text, text
    for english in (
        "JSON parse error",
        "codec",
        "No FicheAction",
        "matches the given query",
        "No data provided",
        "Multipart form parse error",
        "Traceback",
    ):
        assert english not in text
    return body


# 1. An ended mandate keeps nothing of its author's fiches.
def test_an_ended_mandate_ends_the_authors_access(gov, porteur_a1, client):
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Mon brouillon")
    token_client = api(porteur_a1)
    assert token_client.get("/api/v1/fiches/").json()["count"] == 1
    mandat_end(mandat=Mandat.objects.get(user=porteur_a1), by=gov.chef_a1)

    # The last mandate gone, the API token goes with it; a session still open reads nothing either.
    assert_problem(token_client.get("/api/v1/fiches/"), 401)
    from rest_framework.test import APIClient

    token_client = APIClient()
    token_client.force_login(porteur_a1)
    assert token_client.get("/api/v1/fiches/").json()["count"] == 0
    assert_problem(token_client.get(f"/api/v1/fiches/{fiche.pk}/"), 404)
    assert_problem(
        token_client.patch(f"/api/v1/fiches/{fiche.pk}/", {"titre": "Repris", "version": fiche.version}, format="json"),
        404,
    )
    assert_problem(token_client.post(f"/api/v1/fiches/{fiche.pk}/deposer/"), 404)
    client.force_login(porteur_a1)
    export = client.get("/fiches/", {"format": "csv"})
    body = b"".join(export.streaming_content).decode() if export.status_code == 200 else ""
    assert "Mon brouillon" not in body
    assert client.get(reverse("fiches_actions:fiche_detail", args=[fiche.pk])).status_code == 404
    assert client.post(
        reverse("fiches_actions:fiche_step", args=[fiche.pk, "identification"]),
        {"titre": "Repris", "axe": "innovation", "version": fiche.version},
    ).status_code in (403, 404)
    fiche.refresh_from_db()
    assert fiche.titre == "Mon brouillon" and fiche.statut == "brouillon"


# 3, 4, 19. Every malformed input is a French problem, never a 500 nor an English parser message.
@pytest.mark.parametrize("version", ["abc", [1], "3.5", {}, None, -1])
def test_a_version_that_is_no_integer_is_a_french_400(gov, porteur_a1, version):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    body = assert_problem(
        api(porteur_a1).patch(f"/api/v1/fiches/{fiche.pk}/", {"titre": "x", "version": version}, format="json"), 400
    )
    assert "version" in body["errors"]


def test_a_missing_version_names_the_field(gov, porteur_a1):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    body = assert_problem(
        api(porteur_a1).patch(f"/api/v1/fiches/{fiche.pk}/", {"titre": "x"}, format="json"), 400, "version lue"
    )
    assert list(body["errors"]) == ["version"]


@pytest.mark.parametrize(
    "body, content_type, status",
    [
        (b'{"titre": ', "application/json", 400),
        (b'{"titre": "caf\xe9\xff"}', "application/json", 400),
        (b"", "application/json", 400),
        (b"--x\r\nbroken", "multipart/form-data; boundary=\x00", 415),  # the API speaks JSON only
        (b"titre=x", "application/x-www-form-urlencoded", 415),
    ],
)
def test_unreadable_bodies_are_french_problems(gov, porteur_a1, body, content_type, status):
    response = api(porteur_a1).generic("POST", "/api/v1/fiches/", body, content_type=content_type)
    assert_problem(response, status)


def test_unknown_objects_and_addresses_are_french_problems_without_model_names(gov, porteur_a1):
    client = api(porteur_a1)
    for url in ("/api/v1/fiches/999999/", "/api/v1/seances/9.5e-28/", "/api/v1/inconnu/", "/api/v1/comites/0/"):
        body = assert_problem(client.get(url), 404)
        assert "FicheAction" not in body["detail"] and "Seance" not in body["detail"]
    anonymous = APIClient().get("/api/v1/fiches/")
    assert_problem(anonymous, anonymous.status_code, "Authentifiez-vous")
    assert anonymous.status_code in (401, 403)


def test_schema_declares_the_version_and_the_error_responses(client):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    patch = schema["paths"]["/api/v1/fiches/{id}/"]["patch"]
    request = patch["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "version" in schema["components"]["schemas"][request]["properties"]
    assert {"400", "403", "404", "409"} <= set(patch["responses"])
    assert PROBLEM in patch["responses"]["400"]["content"]
    siret = schema["components"]["schemas"][request]["properties"]["porteur_siret"]
    assert {"type": "string", "maxLength": 24, "pattern": "^(?:[0-9] ?){13}[0-9]$"} in siret["oneOf"]  # or blank


# 5. Undecodable form input is refused in French and nothing is stored.
def test_invalid_utf8_in_a_form_is_refused_and_nothing_stored(gov, porteur_a1, client):
    client.force_login(porteur_a1)
    before = FicheAction.objects.count()
    response = client.generic(
        "POST",
        reverse("fiches_actions:fiche_create"),
        f"titre=caf%E9%FF&axe=innovation&territoire={gov.world.a1.pk}",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400 and "Caractères illisibles" in response.content.decode()
    assert FicheAction.objects.count() == before
    assert client.get("/fiches/", {"q": "caf%E9"}).status_code == 200  # an escaped percent sign is fine
    assert client.get("/fiches/?q=caf%E9%FF").status_code == 400


# 6. The API refuses the plan the form refuses: once a cost and lines are entered, they add up.
def test_the_api_and_the_form_apply_the_same_financing_rule(gov, porteur_a1):
    client = api(porteur_a1)
    unbalanced = {
        "territoire": gov.world.a1.code,
        "titre": "Plan",
        "axe": "innovation",
        "cout_total": "1000.00",
        "financements": [{"financeur": "region", "montant": "600", "statut": "sollicite"}],
    }
    assert_problem(client.post("/api/v1/fiches/", unbalanced, format="json"), 422, "s'équilibrer")
    assert not FicheAction.objects.filter(titre="Plan").exists()
    draft = client.post("/api/v1/fiches/", {**unbalanced, "cout_total": None}, format="json")
    assert draft.status_code == 201  # a draft may lack the cost...
    fiche = draft.json()
    assert_problem(
        client.patch(
            f"/api/v1/fiches/{fiche['id']}/", {"cout_total": "1000.00", "version": fiche["version"]}, format="json"
        ),
        422,
        "s'équilibrer",
    )  # ...never hold an incoherent pair
    both = client.patch(
        f"/api/v1/fiches/{fiche['id']}/",
        {
            "cout_total": "900.00",
            "version": fiche["version"],
            "financements": [{"financeur": "region", "montant": "900", "statut": "sollicite"}],
        },
        format="json",
    )
    assert both.status_code == 200 and both.json()["cout_total"] == "900.00"
    for bad in ("-", "-5"):
        assert_problem(
            client.patch(
                f"/api/v1/fiches/{fiche['id']}/", {"cout_total": bad, "version": both.json()["version"]}, format="json"
            ),
            400,
            "cout_total",
        )


# 12. The lock-out counts the account whatever its letter case; the throttle ignores forged headers.
def test_changing_letter_case_does_not_reset_the_lock_out(client, world):
    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    local, domain = user.email.split("@")
    for variant in (
        user.email.upper(),
        local.capitalize() + "@" + domain,
        user.email,
        user.email.swapcase(),
        user.email.title(),
    ):
        client.post("/compte/connexion/", {"username": variant, "password": "faux"})
    locked = client.post("/compte/connexion/", {"username": user.email.upper(), "password": PASSWORD})
    assert "Connexion temporairement bloquée" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    token = APIClient().post("/api/v1/auth/token/", {"email": user.email.swapcase(), "password": PASSWORD})
    assert token.status_code in (401, 403, 429) and "token" not in token.json()


def test_a_stranger_elsewhere_does_not_lock_the_account(client, world):
    user = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    for _ in range(6):
        client.post("/compte/connexion/", {"username": user.email, "password": "faux"}, REMOTE_ADDR="203.0.113.9")
    client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.4")
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_the_token_throttle_is_not_reset_by_a_forged_forwarded_header(settings, world):
    from django.core.cache import cache

    cache.clear()
    client = APIClient()
    answers = [
        client.post(
            "/api/v1/auth/token/", {"email": "x@exemple.fr", "password": "y"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"
        ).status_code
        for n in range(25)
    ]
    assert answers[-1] == 429, answers
    assert_problem(client.post("/api/v1/auth/token/", {"email": "x@exemple.fr", "password": "y"}), 429, "réessayez")


def test_behind_the_trusted_proxy_the_client_address_is_the_proxys_last_entry(settings, rf):
    from comptes.identite import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "203.0.113.7"  # what the client wrote on the left is ignored
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"


# 14. A new password revokes every API token and every other session.
def test_a_password_reset_revokes_the_tokens_and_the_other_sessions(gov):
    from django.test import Client

    client = api(gov.chef_a1)
    assert client.get("/api/v1/territoires/").status_code == 200
    elsewhere = Client()
    assert (
        elsewhere.post("/compte/connexion/", {"username": gov.chef_a1.email, "password": PASSWORD}).status_code == 302
    )
    assert elsewhere.get("/fiches/").status_code == 200
    gov.chef_a1.set_password("un-tout-nouveau-mot-de-passe-2026")
    gov.chef_a1.save()
    assert not gov.chef_a1.auth_token_set.exists()
    assert client.get("/api/v1/territoires/").status_code in (401, 403)
    assert elsewhere.get("/fiches/").status_code == 302  # back to the sign-in page


# 18. Headers.
def test_every_response_has_a_permissions_policy_and_downloads_are_never_cached(gov, client):
    assert "camera=()" in client.get("/")["Permissions-Policy"]
    client.force_login(gov.pilote_a)
    for url in ("/territoires/?format=csv", "/territoires/?format=xlsx"):
        assert client.get(url)["Cache-Control"] == "private, no-store"


# 19. Values outside the schema, for every field a fiche write reads: a French 400 naming the field.
WRONG_TYPES = [["liste"], {"objet": 1}, True, 3.5, "\x00", "x" * 5000]


def test_every_field_of_a_fiche_refuses_wrong_types_in_french(gov, porteur_a1):
    import yaml

    client = api(porteur_a1)
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    schema = yaml.safe_load(client.get("/api/schema/").content)
    writable = (
        schema["components"]["schemas"]["FicheActionUpdateRequest"]["properties"]
        if "FicheActionUpdateRequest" in schema["components"]["schemas"]
        else next(
            component["properties"]
            for name, component in schema["components"]["schemas"].items()
            if name.endswith("UpdateRequest")
        )
    )
    servers = []
    for field in writable:
        for value in WRONG_TYPES:
            if field == "titre" and isinstance(value, str) and value.startswith("x") and len(value) <= 200:
                continue
            response = client.patch(
                f"/api/v1/fiches/{fiche.pk}/", {field: value, "version": fiche.version}, format="json"
            )
            if response.status_code >= 500:
                servers.append((field, repr(value)[:20], response.status_code))
                continue
            if response.status_code == 200:
                fiche.refresh_from_db()  # a number a text field may hold: the next write reads this version
                continue
            body = assert_problem(response, response.status_code)
            assert response.status_code in (400, 422), (field, value, body)
    assert not servers, servers


def test_a_huge_body_is_refused_in_french(gov, porteur_a1):
    body = b'{"titre": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    response = api(porteur_a1).generic("POST", "/api/v1/fiches/", body, content_type="application/json")
    assert_problem(response, 413, "volumineuse")
