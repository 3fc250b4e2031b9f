"""Finding 17: two « Créer la fiche » at once (a double click that reaches two web workers) create one
fiche, and both requests land on it; no 500, no raw uniqueness message."""

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from fiches_actions.models import FicheAction
from fiches_actions.services import fiche_create


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_double_click_creates_one_fiche(gov, porteur_a1):
    data = {
        "territoire": gov.world.a1.pk,
        "titre": "Industry-lab au CFAI d'Amboise",
        "axe": "innovation",
        "description": "",
        "objectifs": "",
        "jeton": str(uuid.uuid4()),
    }
    start = threading.Barrier(2)
    answers = []

    def click():
        client = Client()
        client.force_login(porteur_a1)
        try:
            start.wait()
            response = client.post(reverse("fiches_actions:fiche_create"), data)
            answers.append((response.status_code, response.get("Location"), response.content.decode()))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    fiche = FicheAction.objects.get()
    landing = reverse("fiches_actions:fiche_step", args=[fiche.pk, "porteur"])
    assert [status for status, _, _ in answers] == [302, 302], answers
    assert {location for _, location, _ in answers} == {landing}


@pytest.mark.django_db(transaction=True)
def test_the_service_returns_the_twin_when_the_insert_loses_the_race(gov, porteur_a1, monkeypatch):
    """The losing insert is the one that meets the unique constraint after its twin committed."""
    jeton = uuid.uuid4()
    first, created = fiche_create(by=porteur_a1, territoire=gov.world.a1, jeton=jeton, titre="Campus", axe="innovation")
    assert created
    # The twin read « no fiche with this token » just before the first one committed.
    from fiches_actions.services import fiches

    real, calls = fiches._created_with, []

    def stale_then_real(jeton, by):
        calls.append(jeton)
        return None if len(calls) == 1 else real(jeton, by)

    monkeypatch.setattr(fiches, "_created_with", stale_then_real)
    second, created = fiche_create(
        by=porteur_a1, territoire=gov.world.a1, jeton=jeton, titre="Campus", axe="innovation"
    )
    assert not created and second.pk == first.pk and FicheAction.objects.count() == 1
