import datetime

import pytest
from django.core import mail
from django.urls import reverse

from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction
from habilitations.enums import Role

from ..conftest import mandate
from .conftest import complete_fiche, of_first_phase

pytestmark = pytest.mark.django_db


def test_comment_thread_notifies_the_others(gov, porteur_a1, client, django_capture_on_commit_callbacks):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.DEPOSEE)
    referent = mandate(Role.REFERENT_OPERATEUR, territoire=gov.world.a1)
    client.force_login(referent)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("fiches_actions:comment_create", args=[fiche.pk]),
            {"texte": "Bpifrance peut cofinancer le prototype <script>alert(1)</script>"},
        )
    page = client.get(reverse("fiches_actions:fiche_detail", args=[fiche.pk])).content.decode()
    assert "Bpifrance peut cofinancer le prototype &lt;script&gt;" in page
    assert [m.to for m in mail.outbox] == [[porteur_a1.email]]
    assert f"/fiches/{fiche.pk}/#discussion" in mail.outbox[0].body


def test_region_reads_but_does_not_join_the_discussion(gov, porteur_a1, client):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.DEPOSEE)
    client.force_login(gov.pilote_a)
    client.post(reverse("fiches_actions:comment_create", args=[fiche.pk]), {"texte": "Avis"})
    assert not fiche.commentaires.exists()


def test_simplification_request_is_answered_nationally(gov, porteur_a1, client):
    fiche = complete_fiche(
        of_first_phase(gov.world.a1),
        porteur_a1,
        axe="simplifier",
        titre="Rescrit environnemental",
        obstacle="Délais d'instruction des extensions de sites classés",
        texte_concerne="Code de l'environnement, art. L. 181-1",
        derogation_demandee="Un rescrit pour sécuriser l'extension",
    )
    FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.VALIDEE)
    delegation = mandate(Role.DELEGATION_NATIONALE)
    client.force_login(delegation)
    page = client.get(reverse("fiches_actions:simplification_list")).content.decode()
    assert "Rescrit environnemental" in page and "En attente" in page
    client.post(
        reverse("fiches_actions:simplification_answer", args=[fiche.pk]),
        {"reponse": "Rescrit accordé par la DREAL.", "date": "2019-10-15"},
    )
    fiche.refresh_from_db()
    assert fiche.reponse_nationale == "Rescrit accordé par la DREAL." and fiche.reponse_le == datetime.date(
        2019, 10, 15
    )
    client.force_login(gov.pilote_a)  # the région sees the answer, cannot write one
    assert "Rescrit accordé par la DREAL." in client.get(reverse("fiches_actions:simplification_list")).content.decode()
    assert client.get(reverse("fiches_actions:simplification_answer", args=[fiche.pk])).status_code == 403
