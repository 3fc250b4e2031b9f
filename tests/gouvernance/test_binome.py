import datetime

import pytest
from django.urls import reverse

from gouvernance.models import Binome
from habilitations.enums import Role
from habilitations.models import Mandat

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_changing_the_binome_keeps_the_previous_one(gov, client):
    first_elu, second_elu, industriel = (UserFactory(email=e) for e in ("a@exemple.fr", "b@exemple.fr", "i@exemple.fr"))
    client.force_login(gov.chef_a1)
    url = reverse("gouvernance:binome_change", args=[gov.world.a1.code])
    client.post(url, {"elu": "a@exemple.fr", "industriel": "i@exemple.fr", "date_debut": "2019-01-15"})
    client.post(url, {"elu": "b@exemple.fr", "industriel": "i@exemple.fr", "date_debut": "2020-07-01"})
    binomes = list(Binome.objects.order_by("date_debut"))
    assert [(b.elu, b.date_debut, b.date_fin) for b in binomes] == [
        (first_elu, datetime.date(2019, 1, 15), datetime.date(2020, 7, 1)),
        (second_elu, datetime.date(2020, 7, 1), None),
    ]
    # The former élu lost the binôme mandate the day the new pair took over.
    assert not Mandat.objects.active().filter(user=first_elu).exists()
    assert Mandat.objects.active().get(user=second_elu).role == Role.ELU_BINOME
    assert Mandat.objects.active().get(user=industriel).role == Role.INDUSTRIEL_BINOME
    page = client.get(reverse("gouvernance:territoire_gouvernance", args=[gov.world.a1.code])).content.decode()
    assert "Binômes précédents" in page and str(first_elu) in page


def test_binome_form_refuses_unknown_people_in_french(gov, client):
    client.force_login(gov.chef_a1)
    response = client.post(
        reverse("gouvernance:binome_change", args=[gov.world.a1.code]),
        {"elu": "personne@exemple.fr", "industriel": "x", "date_debut": "2019-01-15"},
    )
    page = response.content.decode()
    assert "Aucun compte n&#x27;existe pour cette adresse" in page
    assert "Saisissez une adresse e-mail valide." in page
    assert not Binome.objects.exists()


def test_only_entitled_roles_change_the_binome(gov, client):
    client.force_login(gov.etat_a1)
    assert client.get(reverse("gouvernance:binome_change", args=[gov.world.a1.code])).status_code == 403
    client.force_login(gov.chef_b1)
    assert client.get(reverse("gouvernance:binome_change", args=[gov.world.a1.code])).status_code == 404
