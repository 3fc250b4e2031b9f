"""The territory's plan d'actions: its fiches under the priorities of its phase, and the comité de
projet's yearly review of it, put on the agenda when the séance is convened."""

import pytest
from django.urls import reverse

from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction
from gouvernance.enums import Verdict
from gouvernance.models import Seance
from gouvernance.services import decision_record

from ..gouvernance.conftest import in_days, move_to_past
from .conftest import complete_fiche

pytestmark = pytest.mark.django_db


def test_the_plan_lists_fiches_by_priority_and_its_yearly_reviews(gov, porteur_a1, client):
    validated = complete_fiche(gov.world.a1, porteur_a1, titre="Campus des métiers", axe="competences")
    FicheAction.objects.filter(pk=validated.pk).update(statut=StatutFiche.VALIDEE)
    complete_fiche(gov.world.a1, porteur_a1, titre="Brouillon discret", axe="foncier")  # a draft is not in the plan

    client.force_login(gov.chef_a1)
    form = client.get(reverse("gouvernance:seance_create", args=[gov.comite_a1.pk])).content.decode()
    assert "Revue annuelle du plan d&#x27;actions" in form
    client.post(
        reverse("gouvernance:seance_create", args=[gov.comite_a1.pk]),
        {
            "date": in_days(10).strftime("%Y-%m-%dT%H:%M"),
            "duree_minutes": 120,
            "lieu": "Amboise",
            "lien_visio": "",
            "revue_plan": "on",
            "points_libres": "",
        },
    )
    seance = move_to_past(Seance.objects.get(comite=gov.comite_a1))
    review = seance.points.get()
    assert review.revue_plan and review.titre.startswith("Revue annuelle")
    decision_record(point=review, by=gov.elu_a1, verdict=Verdict.PRIS_ACTE, motifs="Bilan de l'année : à poursuivre.")

    territory = client.get(reverse("gouvernance:territoire_detail", args=[gov.world.a1.code])).content.decode()
    plan_url = reverse("fiches_actions:plan_actions", args=[gov.world.a1.code])
    assert plan_url in territory
    page = client.get(plan_url).content.decode()
    headings = [
        "Lever les freins au recrutement et développer les compétences",
        "Accélérer la transition écologique et énergétique",
        "Faire des territoires des écosystèmes d&#x27;innovation",
        "Mobiliser un foncier industriel adapté",
    ]
    assert [page.index(h) for h in headings] == sorted(page.index(h) for h in headings)
    assert "Campus des métiers" in page and "Brouillon discret" not in page
    assert "pris acte — Bilan de l&#x27;année : à poursuivre." in page

    client.force_login(gov.chef_b1)
    assert client.get(plan_url).status_code == 404
