"""Every page's header is kept per process under the values it shows (portail/templatetags/cadre.py):
whoever comes next, and whatever changed, each person sees their own name, mandates and menu, the
current menu item, and a sign-out form that works."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from gouvernance.services.mandats import mandat_end
from habilitations.enums import Role
from habilitations.models import Mandat

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def header(response):
    page = response.content.decode()
    return page[page.index('<header role="banner"') : page.index("</header>")]


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_two_people_in_turn_each_see_their_own_header(gov):
    chef_a1, chef_b1 = signed_in(gov.chef_a1), signed_in(gov.chef_b1)
    for _ in range(2):  # the second round is served from the kept headers
        a1, b1 = header(chef_a1.get("/accessibilite/")), header(chef_b1.get("/accessibilite/"))
        assert "Grand Est Touraine" in a1 and "Le Creusot" not in a1
        assert "Le Creusot" in b1 and "Grand Est Touraine" not in b1
        assert gov.chef_a1.email in a1 or gov.chef_a1.get_full_name() in a1
        assert gov.chef_b1.email not in a1
    anonymous = header(Client().get("/accessibilite/"))
    assert "Se connecter" in anonymous and "Grand Est Touraine" not in anonymous and "Se déconnecter" not in anonymous


def test_an_ended_mandate_leaves_the_header_and_the_menu_at_the_next_page(gov):
    chef = signed_in(gov.chef_a1)
    before = header(chef.get("/accessibilite/"))
    assert "Chef de projet — Grand Est Touraine" in before and ">Tableau de bord<" in before
    mandat = Mandat.objects.get(user=gov.chef_a1, role=Role.CHEF_DE_PROJET)
    mandat_end(mandat=mandat, by=gov.pilote_a)
    after = header(chef.get("/accessibilite/"))
    assert "Chef de projet — Grand Est Touraine" not in after and ">Tableau de bord<" not in after


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", "Accueil"),
        ("/territoires/", "Territoires"),
        ("/territoires/ti-2405/", "Territoires"),
        ("/territoires/ti-2405/gouvernance/", "Territoires"),
        ("/fiches/", "Fiches actions"),
        ("/tableau-de-bord/", "Tableau de bord"),
        ("/accessibilite/", None),
    ],
)
def test_the_menu_marks_the_current_section_once(gov, path, current):
    response = signed_in(gov.chef_a1).get(path)
    assert response.status_code == 200
    marked = re.findall(r'<a class="fr-nav__link" href="[^"]*" aria-current="page">([^<]+)</a>', header(response))
    assert marked == ([current] if current else [])


def test_the_sign_out_form_carries_this_requests_token_and_signs_out():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    for _ in range(2):  # a kept header still gets this request's token
        page = header(client.get("/accessibilite/"))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        assert page.count("csrfmiddlewaretoken") == 1
    response = client.post(reverse("comptes:logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "Se connecter" in header(client.get("/accessibilite/"))


def test_a_name_is_written_as_text_in_the_kept_header():
    user = UserFactory(first_name="<script>alert(1)</script>", last_name="Dupont")
    for _ in range(2):
        page = header(signed_in(user).get("/accessibilite/"))
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; Dupont" in page
