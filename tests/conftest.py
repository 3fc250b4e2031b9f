import dataclasses

import pytest

from habilitations.enums import NATIONAL_ROLES, REGIONAL_ROLES, Role

from .factories import (
    DepartementFactory,
    EPCIFactory,
    MandatFactory,
    RegionFactory,
    TerritoireFactory,
    UserFactory,
    operateur,
)

PASSWORD = "mot-de-passe-solide-2019"


@dataclasses.dataclass
class TwoRegions:
    """Two régions A and B; A1, A2 in A, B1 in B, and AB spanning both (piloted by A)."""

    region_a: object
    region_b: object
    a1: object
    a2: object
    b1: object
    ab: object


@pytest.fixture
def world(db):
    region_a = RegionFactory(code="24", nom="Centre-Val de Loire")
    region_b = RegionFactory(code="27", nom="Bourgogne-Franche-Comté")
    dep_a = DepartementFactory(code="37", nom="Indre-et-Loire", region=region_a)
    dep_b = DepartementFactory(code="58", nom="Nièvre", region=region_b)
    a1 = TerritoireFactory(
        code="ti-2405",
        nom="Grand Est Touraine",
        region_pilote=region_a,
        departements=[dep_a],
        membres=[EPCIFactory(departement_principal=dep_a) for _ in range(4)],
    )
    a2 = TerritoireFactory(code="ti-2401", nom="Bourges", region_pilote=region_a, departements=[dep_a])
    b1 = TerritoireFactory(code="ti-2702", nom="Le Creusot", region_pilote=region_b, departements=[dep_b])
    ab = TerritoireFactory(
        code="ti-2707",
        nom="Nevers Val de Loire",
        region_pilote=region_b,
        regions=[region_a, region_b],
        departements=[dep_a, dep_b],
    )
    return TwoRegions(region_a, region_b, a1, a2, b1, ab)


def mandate(role: Role, *, territoire=None, region=None, **kwargs):
    """A user holding one mandate of ``role`` over the given scope."""
    role = Role(role)
    extra = {}
    if role == Role.REFERENT_OPERATEUR:
        extra["operateur"] = operateur()
    if role in REGIONAL_ROLES:
        scope = {"region": region}
    elif role in NATIONAL_ROLES:
        scope = {}
    else:
        scope = {"territoire": territoire}
    return MandatFactory(role=role, **scope, **extra, **kwargs).user


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def user_without_mandate(db):
    return UserFactory(email="sans-mandat@exemple.fr")


from .gouvernance.conftest import gov, stranger  # noqa: E402,F401  (shared fixtures)


@pytest.fixture
def porteur_a1(gov):
    return mandate(Role.PORTEUR_PROJET, territoire=gov.world.a1)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test has its own database, so it gets its own cache too: cached figures of the previous
    test's data would otherwise be read under the same generation token."""
    from django.core.cache import cache

    from gouvernance.selectors.territoires import _projected_map
    from portail.cache import reset

    reset()
    cache.clear()
    _projected_map.cache_clear()
    yield
