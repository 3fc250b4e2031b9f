"""Reference data for tests: régions, départements, EPCI, territories and their outlines."""

import factory

from territoires.enums import CodePhase, NatureEPCI, TypeMembre, Zone
from territoires.models import EPCI, Contour, Departement, MembreTerritoire, Operateur, Region, Territoire
from territoires.phases import ensure_phases


def phase(code: str):
    """A phase of the reference data (seeded by the migrations; seeded again after a flushed test)."""
    return ensure_phases()[str(code)]


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{60 + n % 30:02d}")
    nom = factory.Sequence(lambda n: f"Région {n}")
    chef_lieu = "75056"
    zone = Zone.METRO


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{10 + n % 80:02d}")
    nom = factory.Sequence(lambda n: f"Département {n}")
    region = factory.SubFactory(RegionFactory)
    chef_lieu = "75056"
    zone = Zone.METRO


class EPCIFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EPCI

    siren = factory.Sequence(lambda n: f"{200000000 + n}")
    nom = factory.Sequence(lambda n: f"CC numéro {n}")
    nature = NatureEPCI.CC
    population = 25000
    nb_communes = 12
    departement_principal = factory.SubFactory(DepartementFactory)
    region_principale = factory.SelfAttribute("departement_principal.region")


class TerritoireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territoire
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"ti-{n:04d}")
    nom = factory.Sequence(lambda n: f"Territoire {n}")
    phase = factory.LazyFunction(lambda: phase(CodePhase.PHASE_2))
    region_pilote = factory.SubFactory(RegionFactory)

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        self.regions.set(extracted or [self.region_pilote])

    @factory.post_generation
    def departements(self, create, extracted, **kwargs):
        if extracted:
            self.departements.set(extracted)

    @factory.post_generation
    def membres(self, create, extracted, **kwargs):
        for epci in extracted or []:
            MembreTerritoire.objects.create(
                territoire=self, type=TypeMembre.EPCI, epci=epci, nom=epci.nom, siren=epci.siren, nature=epci.nature
            )


def operateur(code="bpifrance", nom="Bpifrance"):
    return Operateur.objects.get_or_create(code=code, defaults={"nom": nom})[0]


class ContourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contour
        django_get_or_create = ["objet", "code"]

    objet = Contour.Objet.TERRITOIRE
    code = factory.Sequence(lambda n: f"ti-{n:04d}")
    geojson = factory.LazyFunction(
        lambda: {"type": "Polygon", "coordinates": [[[0.9, 47.3], [1.2, 47.3], [1.2, 47.5], [0.9, 47.3]]]}
    )


def outline(obj, geojson: dict) -> Contour:
    """Give a région, département or territory the outline its map draws."""
    contour, _ = Contour.objects.update_or_create(
        objet=Contour.objet_of(obj), code=obj.code, defaults={"geojson": geojson}
    )
    return contour
