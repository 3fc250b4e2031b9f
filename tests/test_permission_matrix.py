"""The permission matrix, cell by cell, across two territories in two régions.

The table (``gouvernance.permissions``: roles × resources × actions, and the route of every page and
endpoint) is what ``gouvernance.scoping.can`` reads. This test reads it too and checks each cell
against what the portal answers: the decision of ``can`` for every action, the HTTP answer of every
read page, download and API detail, and that no page of one side answers the other side. A route of
the URL configuration without its row in the table fails here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from contrats.services.contrats import contrat_create
from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction
from fiches_actions.services import piece_add
from gouvernance.models import DemandePerimetre
from gouvernance.services import decision_record, seance_convene
from habilitations.enums import NATIONAL_ROLES, REGIONAL_ROLES, Role
from habilitations.permissions import AUTEUR, PERMISSIONS, PUBLIC, ROUTES, SIGNED_IN
from habilitations.scoping import can, forget_cached_scope
from protocoles.models import Protocole

from .conftest import mandate
from .factories import ProtocoleFactory, UserFactory, outline
from .fiches_actions.conftest import complete_fiche
from .fiches_actions.test_visibility import PDF
from .gouvernance.conftest import in_days, move_to_past

pytestmark = pytest.mark.django_db

READS = {"view", "list", "export", "download"}
REFUSED = {403, 404}
SQUARE = {"type": "Polygon", "coordinates": [[[0.9, 47.3], [1.1, 47.3], [1.1, 47.5], [0.9, 47.5], [0.9, 47.3]]]}


def url_names():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":  # Django's admin, restricted to the delegation (tested apart)
                    continue
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns))


def test_every_route_has_its_row_and_every_row_its_cell():
    names = url_names()
    assert not names - set(ROUTES), f"Routes sans ligne dans la table des permissions : {sorted(names - set(ROUTES))}"
    assert not set(ROUTES) - names, f"Lignes sans route : {sorted(set(ROUTES) - names)}"
    for name, rule in ROUTES.items():
        if rule in (PUBLIC, SIGNED_IN):
            continue
        resource, action, _ = rule
        assert action in PERMISSIONS.get(resource, {}), f"{name} : {resource}.{action} absent de la table"


@dataclass
class Actor:
    name: str
    user: object
    role: Role | None
    side: str | None  # "a" (territory A1, région A) or "b" (B1, région B); None for national


@dataclass
class Side:
    territoire: object
    region: object
    comite: object
    seance: object
    point: object
    decision: object
    fiche: object
    piece: object
    contrat: object
    version: object
    partie: object
    demande: object
    protocole: object
    membre: object


@pytest.fixture
def matrix(gov, porteur_a1):
    w = gov.world
    porteur_b1 = mandate(Role.PORTEUR_PROJET, territoire=w.b1)
    sides = {}
    for key, territoire, region, comite, chef, elu, porteur in (
        ("a", w.a1, w.region_a, gov.comite_a1, gov.chef_a1, gov.elu_a1, porteur_a1),
        ("b", w.b1, w.region_b, gov.comite_b1, gov.chef_b1, gov.elu_b1, porteur_b1),
    ):
        outline(territoire, SQUARE)
        fiche = complete_fiche(territoire, porteur, titre=f"Fiche déposée {key}")
        FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.DEPOSEE)
        piece = piece_add(fiche=fiche, by=porteur, name="budget.pdf", content=PDF)
        fiche.refresh_from_db()
        seance = move_to_past(
            seance_convene(
                comite=comite, by=chef, date=in_days(2), lieu="Mairie", points_libres=["Calendrier", "Point d'étape"]
            )
        )
        point, other_point = seance.points.order_by("ordre")
        decision = decision_record(point=other_point, by=elu, verdict="pris_acte")
        version = contrat_create(
            territoire=territoire, by=chef, intitule=f"Contrat {key}", annee_debut=2023, annee_fin=2027
        )
        protocole = ProtocoleFactory(territoire=territoire, cree_par=chef, engagements="Engagements")
        demande = DemandePerimetre.objects.create(territoire=territoire, auteur=chef, motifs="Adhésion d'un EPCI")
        sides[key] = Side(
            territoire=territoire,
            region=region,
            comite=comite,
            seance=seance,
            point=point,
            decision=decision,
            fiche=fiche,
            piece=piece,
            contrat=version.contrat,
            version=version,
            partie=version.parties.first(),
            demande=demande,
            protocole=protocole,
            membre=comite.membres.first(),
        )
    actors = [
        Actor("porteur A1", porteur_a1, Role.PORTEUR_PROJET, "a"),
        Actor("chef de projet A1", gov.chef_a1, Role.CHEF_DE_PROJET, "a"),
        Actor("élu du binôme A1", gov.elu_a1, Role.ELU_BINOME, "a"),
        Actor("membre du comité A1", gov.etat_a1, Role.MEMBRE_COMITE_PROJET, "a"),
        Actor("pilote régional A", gov.pilote_a, Role.PILOTE_REGIONAL, "a"),
        Actor("membre du comité régional A", gov.membre_regional_a, Role.MEMBRE_COMITE_REGIONAL, "a"),
        Actor("chef de projet B1", gov.chef_b1, Role.CHEF_DE_PROJET, "b"),
        Actor("pilote régional B", gov.pilote_b, Role.PILOTE_REGIONAL, "b"),
        Actor("délégation nationale", mandate(Role.DELEGATION_NATIONALE), Role.DELEGATION_NATIONALE, None),
        Actor("copil national", mandate(Role.MEMBRE_COPIL_NATIONAL), Role.MEMBRE_COPIL_NATIONAL, None),
        Actor("co-auteur A1 au mandat terminé", _coauthor_whose_mandate_ended(sides["a"].fiche), None, "a"),
        Actor("compte sans mandat", UserFactory(), None, None),
    ]
    return sides, actors


def _coauthor_whose_mandate_ended(fiche):
    """A porteur of the fiche's territory, its co-author, whose mandate then ended: the grant of
    co-authorship stays in the database, but it must open nothing any more."""
    from django.utils import timezone
    from guardian.shortcuts import assign_perm

    from habilitations.models import Mandat

    user = mandate(Role.PORTEUR_PROJET, territoire=fiche.territoire)
    assign_perm("change_ficheaction", user, fiche)
    Mandat.objects.filter(user=user).update(date_fin=timezone.localdate())
    forget_cached_scope(user.pk)  # update() sends no signal: as a service would, retire the scope
    return user


def held(actor: Actor, side: str, kind: str) -> set:
    """The roles the test expects ``actor`` to hold over the object of ``kind`` on ``side``."""
    if actor.role is None:
        return set()
    if actor.role in NATIONAL_ROLES:
        return {actor.role}
    if actor.side != side:
        return set()
    if kind == "region" and actor.role not in REGIONAL_ROLES:
        return set()  # a territorial mandate opens its territory, not its région
    return {actor.role}


def expected(actor, side, kind, resource, action, sides) -> bool:
    roles = held(actor, side, kind)
    if kind in ("fiche", "piece") and sides[side].fiche.auteur_id == actor.user.pk and actor.role is not None:
        roles.add(AUTEUR)
    return bool(roles & PERMISSIONS[resource][action])


# The object each resource's actions are asked about, as the views ask.
CAN_OBJECT = {
    "territoire": "territoire",
    "region": "region",
    "binome": "territoire",
    "comite": "comite",
    "seance": "seance",
    "fiche": "fiche",
    "contrat": "territoire",
    "demande_perimetre": "territoire",
}


def test_can_answers_every_cell(matrix):
    sides, actors = matrix
    wrong = []
    for resource, actions in PERMISSIONS.items():
        kind = CAN_OBJECT.get(resource)
        if kind is None:
            continue  # no object: the programme, the dashboard (own scope) and grants (tested below)
        for action in actions:
            for actor in actors:
                for side in "ab":
                    obj = getattr(sides[side], kind)
                    want = expected(actor, side, kind, resource, action, sides)
                    if bool(can(actor.user, f"{resource}.{action}", obj)) != want:
                        wrong.append(f"{actor.name} · {resource}.{action} · côté {side} : attendu {want}")
    assert not wrong, "\n".join(wrong)


def test_grants_follow_the_table(matrix):
    from gouvernance.services.mandats import can_grant

    sides, actors = matrix
    wrong = []
    for actor in actors:
        for side in "ab":
            for role, kwargs, kind, action in (
                (Role.PORTEUR_PROJET, {"territoire": sides[side].territoire}, "territoire", "grant_territorial"),
                (Role.MEMBRE_COMITE_REGIONAL, {"region": sides[side].region}, "region", "grant_regional"),
            ):
                want = expected(actor, side, kind, "mandat", action, sides)
                if can_grant(by=actor.user, role=role, **kwargs) != want:
                    wrong.append(f"{actor.name} · {action} · côté {side} : attendu {want}")
    assert not wrong, "\n".join(wrong)


def _url(name, kind, side_objects):
    obj = getattr(side_objects, kind)
    if name == "fiches_actions:fiche_step":
        return reverse(name, args=[obj.pk, "identification"])
    if kind in ("territoire", "region"):
        return reverse(name, args=[obj.code])
    return reverse(name, kwargs={"code": obj.territoire.code} if name.startswith("territoire-") else {"pk": obj.pk})


def _status(client, url):
    response = client.get(url)
    # Close the files of a download, but not the response: its close() signals the end of the
    # request, which would end the test's database connection.
    for closer in getattr(response, "_resource_closers", []):
        closer()
    return response.status_code


# Reads whose page needs a state the matrix does not build; each is scoped and tested where the
# state exists (the validated version in the fiche workflow test, the sealed PDF in the contract tests).
NEEDS_STATE = {"fiches_actions:fiche_version", "contrats:version_download", "contrats:document_status"}


def test_every_read_page_and_api_detail_answers_its_cell(matrix, client):
    sides, actors = matrix
    wrong = []
    for actor in actors:
        client.force_login(actor.user)
        for name, rule in ROUTES.items():
            if rule in (PUBLIC, SIGNED_IN) or name in NEEDS_STATE:
                continue
            resource, action, kind = rule
            if action not in READS and not name.endswith("-detail"):
                continue
            if kind is None and actor.role is None:
                # Without a running mandate, a list may answer (empty) or refuse, but shows nothing.
                response = client.get(reverse(name))
                body = response.content.decode(errors="replace")
                shown = [f"« {s.fiche.titre} »" for s in sides.values() if s.fiche.titre in body]
                shown += [s.territoire.code for s in sides.values() if s.territoire.code in body]
                if response.status_code not in {200, *REFUSED} or shown:
                    wrong.append(f"{actor.name} · {name} : {response.status_code}, montre {shown}")
                continue
            if kind is None:
                status = _status(client, reverse(name))
                want = expected(actor, actor.side or "a", "territoire", resource, action, sides)
                if (status == 200) != want or (not want and status not in REFUSED):
                    wrong.append(f"{actor.name} · {name} : {status}, attendu {'200' if want else '403/404'}")
                continue
            for side in "ab":
                kind_for_api = "territoire" if name == "territoire-detail" else kind
                url = _url(name, kind_for_api, sides[side])
                status = _status(client, url)
                want = expected(actor, side, kind, resource, action, sides)
                if (status == 200) != want or (not want and status not in REFUSED):
                    wrong.append(
                        f"{actor.name} · {name} côté {side} ({url}) : {status}, attendu {'200' if want else '403/404'}"
                    )
    assert not wrong, "\n".join(wrong)


def test_no_page_of_one_side_answers_the_other(matrix, client):
    """Actions too: another territory's forms and files are never served (403, 404, or 405 for POST-only)."""
    sides, actors = matrix
    leaks = []
    for actor in actors:
        if actor.side is None:
            continue
        other = "b" if actor.side == "a" else "a"
        client.force_login(actor.user)
        for name, rule in ROUTES.items():
            if rule in (PUBLIC, SIGNED_IN) or rule[2] in (None, "region", "import", "mandat"):
                continue
            status = _status(client, _url(name, rule[2], sides[other]))
            if status not in (403, 404, 405):
                leaks.append(f"{actor.name} · {name} côté {other} : {status}")
    assert not leaks, "\n".join(leaks)


def test_api_writes_answer_their_cells(matrix):
    from rest_framework.test import APIClient

    sides, actors = matrix
    wrong = []
    for actor in actors:
        client = APIClient()
        client.force_authenticate(actor.user)
        for side in "ab":
            fiche = sides[side].fiche
            want = expected(actor, side, "fiche", "fiche", "create", sides)
            response = client.post(
                "/api/v1/fiches/",
                {"territoire": sides[side].territoire.code, "titre": "API", "axe": "innovation"},
                format="json",
            )
            if (response.status_code == 201) != want:
                wrong.append(f"{actor.name} · création côté {side} : {response.status_code}, attendu {want}")
            patch = client.patch(
                f"/api/v1/fiches/{fiche.pk}/", {"titre": "Modifié", "version": fiche.version}, format="json"
            )
            readable = expected(actor, side, "fiche", "fiche", "view", sides)
            # A submitted fiche is no longer edited, even by its author: its readers are refused (403,
            # or 422 with the rule), everyone else does not find it (404).
            allowed_statuses = {403, 422} if readable else {404}
            if patch.status_code not in allowed_statuses:
                wrong.append(f"{actor.name} · modification côté {side} : {patch.status_code}")
    assert not wrong, "\n".join(wrong)


def test_every_link_a_page_offers_answers_the_person_who_sees_it(matrix, client):
    """No dead end: from every page a role can open, each link it is shown (buttons and menu entries
    included) opens for that role — never a 403 after the click, never an error."""
    import lxml.html

    sides, actors = matrix
    wrong = []
    for actor in actors:
        client.force_login(actor.user)
        pages, seen = ["/"], set()
        for name, rule in ROUTES.items():
            if rule in (PUBLIC, SIGNED_IN) or name in NEEDS_STATE or "-" in name or name.startswith("api"):
                continue
            resource, action, kind = rule
            if action not in READS:
                continue
            side = actor.side or "a"
            url = reverse(name) if kind is None else _url(name, kind, sides[side])
            if _status(client, url) == 200:
                pages.append(url)
        for page in pages:
            response = client.get(page)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                for closer in getattr(response, "_resource_closers", []):
                    closer()
                continue
            tree = lxml.html.fromstring(response.content)
            for href in tree.xpath("//a/@href"):
                target = href.split("#")[0]
                if not target.startswith("/") or target.startswith("//") or target in seen:
                    continue
                if target.startswith(("/admin/", "/api/", "/compte/", "/static/", "/media/")):
                    continue
                if "format=" in href or target.endswith((".pdf", ".xlsx", ".csv", ".json", ".svg")):
                    continue  # downloads: each answers its cell in the tests above
                seen.add(target)
                status = _status(client, target)
                if status in (403, 500):
                    wrong.append(f"{actor.name} : {page} montre {target}, qui répond {status}")
    assert not wrong, "\n".join(sorted(set(wrong)))
