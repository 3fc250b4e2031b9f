import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from habilitations.enums import Role

from ..conftest import mandate
from ..factories import EPCIFactory, RegionFactory, TerritoireFactory, outline


def detail(code):
    return reverse("gouvernance:territoire_detail", args=[code])


LIST = "/territoires/"


def test_anonymous_is_sent_to_login(world, client):
    for url in (LIST, detail("ti-2405"), reverse("gouvernance:region_detail", args=["24"])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/compte/connexion/")


def test_account_without_mandate_sees_only_public_pages(world, login, user_without_mandate):
    client = login(user_without_mandate)
    home = client.get("/")
    assert home.status_code == 200 and "Aucun mandat en cours" in home.content.decode()
    assert client.get(LIST).status_code == 200
    # The second load reads the list kept for the person: what it says, not its context.
    assert "Aucun territoire n'est encore visible avec vos mandats." in client.get(LIST).content.decode()
    assert client.get(detail("ti-2405")).status_code == 404
    assert client.get(reverse("gouvernance:region_detail", args=["24"])).status_code == 404


def test_other_scope_answers_404(world, login):
    client = login(mandate(Role.ELU_BINOME, territoire=world.a1))
    assert client.get(detail("ti-2405")).status_code == 200
    for code in ("ti-2401", "ti-2702", "ti-2707"):
        response = client.get(detail(code))
        assert response.status_code == 404
        assert "Page non trouvée" in response.content.decode()
    assert client.get(reverse("gouvernance:region_detail", args=["24"])).status_code == 404


def test_regional_pilot_cannot_open_another_region(world, login):
    client = login(mandate(Role.PILOTE_REGIONAL, region=world.region_a))
    assert client.get(reverse("gouvernance:region_detail", args=["24"])).status_code == 200
    assert client.get(reverse("gouvernance:region_detail", args=["27"])).status_code == 404
    assert client.get(detail("ti-2707")).status_code == 200  # spans A as well
    assert client.get(detail("ti-2702")).status_code == 404


def test_territory_page_shows_perimeter_map_and_referents(world, login):
    from gouvernance.services import compte_create, mandat_create

    from ..factories import operateur

    referent, _ = compte_create(email="referent@bpifrance.example", first_name="Nicolas", last_name="Roux")
    mandat_create(user=referent, role=Role.REFERENT_OPERATEUR, by=None, territoire=world.a1, operateur=operateur())
    outline(world.a1, {"type": "Polygon", "coordinates": [[[0.9, 47.3], [1.2, 47.3], [1.2, 47.5], [0.9, 47.3]]]})
    client = login(mandate(Role.CHEF_DE_PROJET, territoire=world.a1))
    page = client.get(detail("ti-2405")).content.decode()
    assert reverse("gouvernance:territoire_carte", args=["ti-2405"]) in page
    assert "Bpifrance" in page and "Nicolas Roux" in page
    assert "Périmètre : 4 membres" in page


def test_list_filters_search_and_sort(world, login):
    client = login(mandate(Role.DELEGATION_NATIONALE))
    names = lambda response: [t.nom for t in response.context["page_obj"]]  # noqa: E731
    assert names(client.get(LIST, {"region": "24"})) == ["Bourges", "Grand Est Touraine", "Nevers Val de Loire"]
    assert names(client.get(LIST, {"departement": "58"})) == ["Le Creusot", "Nevers Val de Loire"]
    assert names(client.get(LIST, {"q": "touraine"})) == ["Grand Est Touraine"]
    assert names(client.get(LIST, {"tri": "-nom"}))[0] == "Nevers Val de Loire"
    assert names(client.get(LIST, {"tri": "-membres"}))[0] == "Grand Est Touraine"
    empty = client.get(LIST, {"q": "introuvable"})
    assert "Aucun territoire ne correspond à ces filtres" in empty.content.decode()


def test_list_is_paginated(world, login):
    region = world.region_a
    TerritoireFactory.create_batch(30, region_pilote=region)
    client = login(mandate(Role.PILOTE_REGIONAL, region=region))
    first = client.get(LIST)
    assert len(first.context["page_obj"]) == 25
    assert first.context["page_obj"].paginator.count == 33
    second = client.get(LIST, {"page": 2})
    assert len(second.context["page_obj"]) == 8
    assert 'aria-label="Pagination"' in first.content.decode()


def _count_queries(client, url):
    # The person's scope and session are cached from their first page on: measure past it.
    client.get("/accessibilite/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_territories(login):
    region = RegionFactory(code="84", nom="Auvergne-Rhône-Alpes")
    from ..factories import DepartementFactory

    deps = [DepartementFactory(code=c, region=region) for c in ("01", "42", "69")]
    TerritoireFactory.create_batch(10, region_pilote=region, departements=deps)
    client = login(mandate(Role.DELEGATION_NATIONALE))
    small = _count_queries(client, LIST + "?page=1")
    TerritoireFactory.create_batch(290, region_pilote=region, departements=deps)
    large = _count_queries(client, LIST + "?page=1")
    assert small == large
    # Another page of the same list: its total is read from the cache, nothing changed since.
    assert _count_queries(client, LIST + "?page=12") == large - 1


@pytest.mark.django_db
def test_detail_query_count_does_not_grow_with_perimeter(login):
    region = RegionFactory(code="84", nom="Auvergne-Rhône-Alpes")
    small_t = TerritoireFactory(code="ti-8401", region_pilote=region, membres=EPCIFactory.create_batch(2))
    large_t = TerritoireFactory(code="ti-8402", region_pilote=region, membres=EPCIFactory.create_batch(40))
    client = login(mandate(Role.DELEGATION_NATIONALE))
    assert _count_queries(client, detail(small_t.code)) == _count_queries(client, detail(large_t.code))


def test_perimeter_map_is_a_scoped_svg_image(world, login):
    outline(world.a1, {"type": "Polygon", "coordinates": [[[0.9, 47.3], [1.25, 47.3], [1.2, 47.55], [0.9, 47.3]]]})
    client = login(mandate(Role.CHEF_DE_PROJET, territoire=world.a1))
    response = client.get(reverse("gouvernance:territoire_carte", args=["ti-2405"]))
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    # Sizes written the SVG way (dot decimals), whatever the page language: a French "523,5" breaks the image.
    import re

    width, height = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).groups()
    assert int(width) == 480 and 300 < int(height) < 600
    assert 'stroke="#000091"' in svg
    assert client.get(reverse("gouvernance:territoire_carte", args=["ti-2702"])).status_code == 404
