"""Dashboard figures against a small hand-built dataset, and a région counts nothing of another."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction, LigneFinancement
from gouvernance.dashboard import dashboard
from gouvernance.enums import Role

from ..conftest import mandate
from ..fiches_actions.conftest import complete_fiche

pytestmark = pytest.mark.django_db


def _fiche(territoire, auteur, statut, axe, days=None, **extra):
    fiche = complete_fiche(territoire, auteur, axe=axe, **extra)
    update = {"statut": statut}
    if days is not None:
        submitted = timezone.now() - datetime.timedelta(days=100)
        update.update(deposee_le=submitted, decidee_le=submitted + datetime.timedelta(days=days))
    FicheAction.objects.filter(pk=fiche.pk).update(**update)
    return fiche


@pytest.fixture
def dataset(gov, porteur_a1):
    chef_b1 = gov.chef_b1
    validated = _fiche(gov.world.a1, porteur_a1, StatutFiche.VALIDEE, "innover", days=10)
    _fiche(gov.world.a1, porteur_a1, StatutFiche.VALIDEE, "recruter", days=30)
    _fiche(gov.world.a1, porteur_a1, StatutFiche.DEPOSEE, "recruter")
    _fiche(gov.world.a1, porteur_a1, StatutFiche.BROUILLON, "attirer")
    _fiche(gov.world.b1, chef_b1, StatutFiche.VALIDEE, "simplifier", days=20, reponse_le=datetime.date(2019, 10, 1),
           reponse_nationale="Accordé")
    LigneFinancement.objects.filter(fiche=validated, financeur="region").update(montant_obtenu=Decimal("500000"))
    return gov


def cell(lines, row, column):
    return dict(dict((key.value, dict((c.value, n) for c, n in cells)) for key, cells in lines)[row])[column]


def test_national_figures(dataset):
    figures = dashboard(user=mandate(Role.DELEGATION_NATIONALE))
    assert figures["fiches"]["total"] == 4  # drafts are not counted
    assert cell(figures["fiches"]["lignes"], "recruter", "validee") == 1
    assert cell(figures["fiches"]["lignes"], "recruter", "deposee") == 1
    assert cell(figures["fiches"]["lignes"], "simplifier", "validee") == 1
    assert figures["delai_median"] == 20 and figures["nb_decisions"] == 3
    assert figures["simplifications"] == {"total": 1, "repondues": 1}
    region = {r["libelle"]: (r["demande"], r["obtenu"]) for r in figures["financement"]}
    assert region["Région"] == (Decimal("1800000"), Decimal("500000"))  # 3 validated fiches × 600 000
    assert figures["territoires"]["total"] == 4


def test_regional_dashboard_counts_nothing_of_another_region(dataset, client):
    figures = dashboard(user=dataset.pilote_b)
    assert figures["fiches"]["total"] == 1  # only B1's simplification request
    assert figures["simplifications"] == {"total": 1, "repondues": 1}
    assert [r["libelle"] for r in figures["financement"]] == ["Région", "État"]
    assert sum(r["demande"] for r in figures["financement"]) == Decimal("1000000")
    assert {t.code for t in figures["activite"]} == {dataset.world.b1.code, dataset.world.ab.code}
    client.force_login(dataset.pilote_a)
    page = client.get("/tableau-de-bord/").content.decode()
    assert "Tableau de bord" in page and "/fiches/?axe=recruter&amp;statut=validee" in page
    assert dataset.world.b1.nom not in page


def test_dashboard_query_count_does_not_grow(dataset, porteur_a1, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(mandate(Role.DELEGATION_NATIONALE))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/tableau-de-bord/").status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for i in range(10):
        _fiche(dataset.world.a2, porteur_a1, StatutFiche.VALIDEE, "attirer", days=i)
    assert count() == small
