import dataclasses
import datetime

import pytest
from django.utils import timezone

from gouvernance.enums import Qualite
from gouvernance.services import comite_projet_get_or_create, comite_regional_get_or_create, membre_add
from habilitations.enums import Role

from ..conftest import mandate
from ..factories import UserFactory


@dataclasses.dataclass
class Governance:
    world: object
    comite_a1: object
    comite_b1: object
    comite_regional_a: object
    comite_regional_b: object
    chef_a1: object
    elu_a1: object
    etat_a1: object
    elu_b1: object
    chef_b1: object
    pilote_a: object
    pilote_b: object
    membre_regional_a: object
    membre_regional_b: object


@pytest.fixture
def gov(world):
    """Two territories in two régions, each with a seated comité de projet and a comité régional."""
    start = datetime.date(2019, 1, 1)
    chef_a1 = mandate(Role.CHEF_DE_PROJET, territoire=world.a1)
    elu_a1 = mandate(Role.ELU_BINOME, territoire=world.a1)
    etat_a1 = mandate(Role.MEMBRE_COMITE_PROJET, territoire=world.a1)
    chef_b1 = mandate(Role.CHEF_DE_PROJET, territoire=world.b1)
    elu_b1 = mandate(Role.ELU_BINOME, territoire=world.b1)
    pilote_a = mandate(Role.PILOTE_REGIONAL, region=world.region_a)
    pilote_b = mandate(Role.PILOTE_REGIONAL, region=world.region_b)
    membre_regional_a = mandate(Role.MEMBRE_COMITE_REGIONAL, region=world.region_a)
    membre_regional_b = mandate(Role.MEMBRE_COMITE_REGIONAL, region=world.region_b)

    comite_a1 = comite_projet_get_or_create(territoire=world.a1)
    comite_b1 = comite_projet_get_or_create(territoire=world.b1)
    for user, qualite in (
        (chef_a1, Qualite.CHEF_DE_PROJET),
        (elu_a1, Qualite.ELU),
        (etat_a1, Qualite.REPRESENTANT_ETAT),
        (pilote_a, Qualite.REPRESENTANT_REGION),
    ):
        membre_add(comite=comite_a1, user=user, qualite=qualite, by=None, date_debut=start)
    for user, qualite in ((chef_b1, Qualite.CHEF_DE_PROJET), (elu_b1, Qualite.ELU)):
        membre_add(comite=comite_b1, user=user, qualite=qualite, by=None, date_debut=start)
    regional_a = comite_regional_get_or_create(region=world.region_a)
    regional_b = comite_regional_get_or_create(region=world.region_b)
    for comite, users in ((regional_a, (pilote_a, membre_regional_a)), (regional_b, (pilote_b, membre_regional_b))):
        for user in users:
            membre_add(comite=comite, user=user, qualite=Qualite.REPRESENTANT_REGION, by=None, date_debut=start)
    return Governance(
        world,
        comite_a1,
        comite_b1,
        regional_a,
        regional_b,
        chef_a1,
        elu_a1,
        etat_a1,
        elu_b1,
        chef_b1,
        pilote_a,
        pilote_b,
        membre_regional_a,
        membre_regional_b,
    )


def in_days(days, hour=10):
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def convene_soon(gov, minutes=5):
    """A séance of A1's comité de projet, convened to begin in a few minutes."""
    from gouvernance.services import seance_convene

    return seance_convene(
        comite=gov.comite_a1,
        by=gov.chef_a1,
        date=timezone.now() + datetime.timedelta(minutes=minutes),
        lieu="Amboise",
        points_libres=["Calendrier"],
    )


def once_begun(monkeypatch, seance):
    """The clock moves to a minute after ``seance`` begins, the same day (what is kept per day stays
    kept: only the séance's start can retire it). Nothing is written."""
    today = timezone.localdate()
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    monkeypatch.setattr(timezone, "now", lambda: seance.date + datetime.timedelta(minutes=1))


def move_to_past(seance, days=1):
    """Time passes: the séance has taken place."""
    seance.date = timezone.now() - datetime.timedelta(days=days)
    seance.save(update_fields=["date"])
    return seance


@pytest.fixture
def stranger(db):
    return UserFactory(email="inconnu@exemple.fr")


def validate_in_seance(gov, fiche, *, publiable=False):
    """The comité de projet of A1 validates ``fiche`` in a séance convened, then held: the way a
    fiche becomes validated for real (its decision date, its journal, its notices)."""
    from gouvernance.enums import Verdict
    from gouvernance.services import decision_record, seance_convene

    seance = move_to_past(
        seance_convene(comite=gov.comite_a1, by=gov.chef_a1, date=in_days(3), lieu="Amboise", fiches=[fiche])
    )
    return decision_record(
        point=seance.points.get(fiche=fiche), by=gov.elu_a1, verdict=Verdict.VALIDEE, publiable=publiable
    )
