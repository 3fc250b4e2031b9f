"""Who sees what: every role of every level, across two régions and a territory spanning both."""

import datetime

import pytest
from django.urls import reverse

from gouvernance.services import mandat_end
from habilitations.enums import NATIONAL_ROLES, REGIONAL_ROLES, TERRITORIAL_ROLES, Role
from habilitations.scoping import can, scope_for, visible_regions, visible_territoires

from ..conftest import mandate
from ..factories import MandatFactory


def codes(queryset):
    return set(queryset.values_list("code", flat=True))


@pytest.mark.parametrize("role", sorted(TERRITORIAL_ROLES))
def test_territorial_roles_see_their_territory_only(world, role):
    user = mandate(role, territoire=world.a1)
    assert codes(visible_territoires(user)) == {"ti-2405"}
    assert codes(visible_regions(user)) == set()


@pytest.mark.parametrize("role", sorted(REGIONAL_ROLES))
def test_regional_roles_see_every_territory_their_region_spans(world, role):
    user_a = mandate(role, region=world.region_a)
    user_b = mandate(role, region=world.region_b)
    # The territory spanning both régions is seen by both, whoever pilots it.
    assert codes(visible_territoires(user_a)) == {"ti-2405", "ti-2401", "ti-2707"}
    assert codes(visible_territoires(user_b)) == {"ti-2702", "ti-2707"}
    assert codes(visible_regions(user_a)) == {"24"}
    assert codes(visible_regions(user_b)) == {"27"}


@pytest.mark.parametrize("role", sorted(NATIONAL_ROLES))
def test_national_roles_see_everything(world, role):
    user = mandate(role)
    assert codes(visible_territoires(user)) == {"ti-2405", "ti-2401", "ti-2702", "ti-2707"}
    assert codes(visible_regions(user)) == {"24", "27"}


def test_several_mandates_add_up(world):
    user = mandate(Role.ELU_BINOME, territoire=world.a1)
    MandatFactory(user=user, role=Role.MEMBRE_COMITE_REGIONAL, region=world.region_b)
    assert codes(visible_territoires(user)) == {"ti-2405", "ti-2702", "ti-2707"}
    assert codes(visible_regions(user)) == {"27"}


def test_an_ended_mandate_sees_nothing(world):
    user = mandate(Role.PILOTE_REGIONAL, region=world.region_a, date_fin=datetime.date(2020, 7, 1))
    assert codes(visible_territoires(user)) == set()
    assert codes(visible_regions(user)) == set()
    assert not can(user, "territoire.view", world.a1)


def test_a_mandate_not_yet_started_sees_nothing(world):
    user = mandate(
        Role.CHEF_DE_PROJET, territoire=world.a1, date_debut=datetime.date.today() + datetime.timedelta(days=3)
    )
    assert codes(visible_territoires(user)) == set()


def test_ending_a_mandate_removes_access_at_once(world, login):
    chef = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    client = login(chef)
    url = reverse("gouvernance:territoire_detail", args=["ti-2405"])
    assert client.get(url).status_code == 200
    from habilitations.scoping import scope_cache_key
    from portail.cache import cache_get

    assert cache_get(scope_cache_key(chef.pk)) is not None  # the scope is kept across requests…
    mandat_end(mandat=chef.mandats.get(), by=None)
    assert cache_get(scope_cache_key(chef.pk)) is None  # …until a mandate of the person changes
    assert client.get(url).status_code == 404
    assert codes(visible_territoires(chef)) == set()


def test_no_mandate_sees_nothing(world, user_without_mandate):
    assert codes(visible_territoires(user_without_mandate)) == set()
    assert not scope_for(user_without_mandate).has_mandate


def test_can_combines_role_and_scope(world):
    pilote_a = mandate(Role.PILOTE_REGIONAL, region=world.region_a)
    chef_a1 = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    assert can(pilote_a, "territoire.change_statut", world.a1)
    assert can(pilote_a, "territoire.change_statut", world.ab)
    refused = can(pilote_a, "territoire.change_statut", world.b1)
    assert not refused and refused.reason == "Aucun mandat en cours ne couvre ce périmètre."
    refused = can(chef_a1, "territoire.change_statut", world.a1)
    assert not refused and refused.reason == "Votre rôle ne permet pas cette action."
    assert can(chef_a1, "territoire.view", world.a1)


def test_undeclared_action_fails_closed(world):
    user = mandate(Role.DELEGATION_NATIONALE)
    with pytest.raises(LookupError):
        can(user, "territoire.supprimer", world.a1)


def test_home_pages_count_each_territory_once(world, login):
    from ..factories import TerritoireFactory, phase

    TerritoireFactory(code="2401", nom="Bourges (2019)", phase=phase("2019-2022"), region_pilote=world.region_a)
    national = login(mandate(Role.DELEGATION_NATIONALE)).get("/").context["national"]
    rows = {r.code: (r.nb_phase_1, r.nb_phase_2, r.nb_pilotes) for r in national["regions"]}
    # Région A: a1, a2 and ab (which it does not pilot) in 2023-2027, one territory in 2019-2022.
    assert rows == {"24": (1, 3, 2), "27": (0, 2, 2)}
    assert national["totals"] == {"phase_1": 1, "phase_2": 4}

    regional = login(mandate(Role.PILOTE_REGIONAL, region=world.region_b)).get("/")
    assert [(r.code, r.nb_phase_1, r.nb_phase_2) for r in regional.context["mes_regions"]] == [("27", 0, 2)]
    assert regional.context["national"] is None
