import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from gouvernance.models import Invitation
from habilitations.enums import Role
from habilitations.models import Mandat
from habilitations.scoping import visible_territoires

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def invite(client, **data):
    return client.post(reverse("gouvernance:invitation_create"), data)


def link_from_outbox():
    return re.search(r"https?://[^/]+(/invitation/\S+/)", mail.outbox[-1].body).group(1)


def test_chef_de_projet_invites_a_porteur_who_joins(gov, client, django_capture_on_commit_callbacks):
    client.force_login(gov.chef_a1)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(
            client, email="Sophie.Petit@cfai.example", role=Role.PORTEUR_PROJET, perimetre=f"t:{gov.world.a1.code}"
        )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["sophie.petit@cfai.example"]
    assert "porteur de projet du territoire Grand Est Touraine" in mail.outbox[-1].body
    link = link_from_outbox()
    client.logout()

    page = client.get(link).content.decode()
    assert "Rejoindre le portail" in page
    response = client.post(
        link,
        {
            "first_name": "Sophie",
            "last_name": "Petit",
            "organisation": "CFAI",
            "password1": "Industrie-du-futur-2019",
            "password2": "Industrie-du-futur-2019",
        },
    )
    assert response.status_code == 302
    mandat = Mandat.objects.get(user__email="sophie.petit@cfai.example")
    assert mandat.role == Role.PORTEUR_PROJET and mandat.territoire == gov.world.a1
    assert set(visible_territoires(mandat.user).values_list("code", flat=True)) == {gov.world.a1.code}
    # Logged in straight away.
    assert "Bonjour Sophie" in client.get("/").content.decode()

    # Single use: the same link a second time is refused and grants nothing more.
    client.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert "Ce lien d&#x27;invitation a déjà servi." in again.content.decode()
    assert Mandat.objects.filter(user__email="sophie.petit@cfai.example").count() == 1


def test_weak_password_is_refused_in_french_and_nothing_is_created(gov, client, django_capture_on_commit_callbacks):
    client.force_login(gov.chef_a1)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, email="paul@exemple.fr", role=Role.PORTEUR_PROJET, perimetre=f"t:{gov.world.a1.code}")
    link = link_from_outbox()
    client.logout()
    response = client.post(
        link, {"first_name": "Paul", "last_name": "Durand", "password1": "12345678", "password2": "12345678"}
    )
    assert response.status_code == 200
    assert "Ce mot de passe est trop court" in response.content.decode()
    assert not Mandat.objects.filter(user__email="paul@exemple.fr").exists()
    assert Invitation.objects.get().utilisee_le is None


def test_expired_and_forged_links(gov, client, django_capture_on_commit_callbacks):
    client.force_login(gov.chef_a1)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, email="tard@exemple.fr", role=Role.PORTEUR_PROJET, perimetre=f"t:{gov.world.a1.code}")
    link = link_from_outbox()
    Invitation.objects.update(expire_le=timezone.now() - datetime.timedelta(minutes=1))
    client.logout()
    expired = client.get(link)
    assert expired.status_code == 410 and "Ce lien d&#x27;invitation a expiré le" in expired.content.decode()
    client.post(
        link,
        {
            "first_name": "A",
            "last_name": "B",
            "password1": "Industrie-du-futur-2019",
            "password2": "Industrie-du-futur-2019",
        },
    )
    assert not Mandat.objects.filter(user__email="tard@exemple.fr").exists()

    forged = client.get(reverse("gouvernance:invitation_accept", args=["inventé-de-toutes-pièces"]))
    assert forged.status_code == 404 and "Ce lien d&#x27;invitation n&#x27;est pas valide." in forged.content.decode()


def test_nobody_grants_above_their_level_or_outside_their_scope(gov, client):
    client.force_login(gov.chef_a1)
    form = client.get(reverse("gouvernance:invitation_create")).content.decode()
    assert Role.PILOTE_REGIONAL.value not in form and Role.DELEGATION_NATIONALE.value not in form
    response = invite(client, email="x@exemple.fr", role=Role.PILOTE_REGIONAL, perimetre="r:24")
    assert response.status_code == 200 and not Invitation.objects.exists()
    # Another territory is not even offered.
    response = invite(client, email="x@exemple.fr", role=Role.PORTEUR_PROJET, perimetre=f"t:{gov.world.b1.code}")
    assert "Sélectionnez un choix valide" in response.content.decode()

    client.force_login(gov.pilote_a)
    assert (
        invite(client, email="y@exemple.fr", role=Role.CHEF_DE_PROJET, perimetre=f"t:{gov.world.a1.code}").status_code
        == 302
    )
    response = invite(client, email="z@exemple.fr", role=Role.CHEF_DE_PROJET, perimetre=f"t:{gov.world.b1.code}")
    assert response.status_code == 200
    response = invite(client, email="z@exemple.fr", role=Role.DELEGATION_NATIONALE, perimetre="r:24")
    assert response.status_code == 200
    assert Invitation.objects.count() == 1


def test_existing_account_accepts_once_logged_in(gov, client, django_capture_on_commit_callbacks):
    existing = UserFactory(email="deja@exemple.fr")
    client.force_login(gov.chef_a1)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, email="deja@exemple.fr", role=Role.MEMBRE_COMITE_PROJET, perimetre=f"t:{gov.world.a1.code}")
    link = link_from_outbox()
    client.logout()
    assert "connectez-vous avec ce compte" in client.get(link).content.decode()
    client.post(link)
    assert not Mandat.objects.filter(user=existing).exists()
    client.force_login(existing)
    client.post(link)
    assert Mandat.objects.get(user=existing).role == Role.MEMBRE_COMITE_PROJET


def test_chef_de_projet_ends_a_mandate_from_the_governance_page(gov, client):
    from ..conftest import mandate

    porteur = mandate(Role.PORTEUR_PROJET, territoire=gov.world.a1)
    mandat = porteur.mandats.get()
    client.force_login(gov.chef_a1)
    page = client.get(reverse("gouvernance:territoire_gouvernance", args=[gov.world.a1.code])).content.decode()
    assert reverse("gouvernance:mandat_end", args=[mandat.pk]) in page
    assert "Mettre fin au mandat" in client.get(reverse("gouvernance:mandat_end", args=[mandat.pk])).content.decode()
    client.post(reverse("gouvernance:mandat_end", args=[mandat.pk]))
    assert not Mandat.objects.active().filter(pk=mandat.pk).exists()
    client.force_login(porteur)
    assert client.get(reverse("gouvernance:territoire_detail", args=[gov.world.a1.code])).status_code == 404
    # Someone else's scope: not found; a member without the right: refused.
    client.force_login(gov.chef_b1)
    assert client.post(reverse("gouvernance:mandat_end", args=[gov.chef_a1.mandats.get().pk])).status_code == 404
    client.force_login(gov.etat_a1)
    assert client.post(reverse("gouvernance:mandat_end", args=[gov.chef_a1.mandats.get().pk])).status_code == 403


def test_the_perimeters_offered_are_grouped_by_phase_current_first(gov, client):
    """Each territory is read under its phase's heading (the current phase first), then the régions."""
    from ..factories.territoires import TerritoireFactory, phase

    past = TerritoireFactory(nom="Ancien territoire", phase=phase("2019-2022"), region_pilote=gov.world.region_a)
    client.force_login(gov.pilote_a)
    form = client.get(reverse("gouvernance:invitation_create")).content.decode()
    groups = re.findall(r'<optgroup label="([^"]+)">', form)
    assert groups == ["Territoires 2023-2027", "Territoires 2019-2022", "Régions"]
    past_group = form[form.index('label="Territoires 2019-2022"') : form.index('label="Régions"')]
    assert f'<option value="t:{past.code}">Ancien territoire</option>' in past_group
    assert gov.world.a1.nom in form[: form.index('label="Territoires 2019-2022"')]
    response = invite(client, email="w@exemple.fr", role=Role.CHEF_DE_PROJET, perimetre=f"t:{past.code}")
    assert response.status_code == 302 and Invitation.objects.get().territoire == past
