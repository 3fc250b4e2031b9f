"""Faults survived: concurrent decisions on one agenda item, and a backup restored after a loss."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fiches_actions.models import PieceJointe
from fiches_actions.services import piece_add
from gouvernance.enums import Verdict
from gouvernance.models import Decision
from gouvernance.services import decision_record, seance_convene
from territoires.models import Region, Territoire

from ..fiches_actions.conftest import complete_fiche
from ..fiches_actions.test_visibility import PDF
from ..gouvernance.conftest import in_days, move_to_past


@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_on_one_agenda_item_yield_one_decision(gov):
    seance = move_to_past(
        seance_convene(
            comite=gov.comite_a1,
            by=gov.chef_a1,
            date=in_days(3),
            lieu="Amboise",
            points_libres=["Calendrier du contrat"],
        )
    )
    point = seance.points.get()
    start = threading.Barrier(2)
    outcomes = []

    def decide(user, verdict):
        try:
            start.wait()
            decision_record(point=point, by=user, verdict=verdict)
            outcomes.append("recorded")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(gov.chef_a1, Verdict.PRIS_ACTE)),
        threading.Thread(target=decide, args=(gov.elu_a1, Verdict.AJOURNE)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["Une décision est déjà enregistrée pour ce point.", "recorded"]
    assert Decision.objects.filter(point=point).count() == 1


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(gov, porteur_a1, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Campus des métiers")
    piece = piece_add(fiche=fiche, by=porteur_a1, name="budget.pdf", content=PDF)
    stored = tmp_path / "media" / piece.fichier.name
    assert stored.read_bytes() == PDF

    call_command("sauvegarder", str(tmp_path / "sauvegardes"))
    [dump] = (tmp_path / "sauvegardes").glob("*.dump")

    # A bad day: a territory renamed by mistake, an attachment and its file lost, a stray région.
    Territoire.objects.filter(pk=gov.world.a1.pk).update(nom="Nom effacé")
    PieceJointe.objects.all().delete()
    stored.unlink()
    Region.objects.create(code="99", nom="Région de trop")

    with pytest.raises(CommandError, match="--confirmer"):
        call_command("restaurer", str(dump))
    call_command("restaurer", str(dump), "--confirmer")

    assert Territoire.objects.get(pk=gov.world.a1.pk).nom == "Grand Est Touraine"
    assert not Region.objects.filter(code="99").exists()
    restored = PieceJointe.objects.get(pk=piece.pk)
    assert restored.fiche.titre == "Campus des métiers"
    assert (tmp_path / "media" / restored.fichier.name).read_bytes() == PDF


@pytest.mark.django_db
def test_an_unreachable_cache_refuses_no_write_and_breaks_no_page(gov, porteur_a1, client, settings, caplog):
    """Production caches the dashboards in Redis: with Redis away, decisions and fiches are still
    recorded (their signals retire the figures) and the pages are computed."""
    from fiches_actions.services import fiche_submit

    settings.CACHES = {
        "default": {
            "BACKEND": "portail.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Pendant la panne")
    fiche_submit(fiche=fiche, by=porteur_a1)
    client.force_login(gov.chef_a1)
    assert client.get("/tableau-de-bord/").status_code == 200
    listed = client.get("/fiches/")
    assert "Pendant la panne" in listed.content.decode()
    assert "Cache injoignable" in caplog.text
