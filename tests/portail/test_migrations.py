"""A database of the previous release migrates to phases as reference data without losing a row: every
fiche, historical fiche, national measure and protocol enjeu keeps its axe, now a row of its phase."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.integration


def migrate(targets):
    """Move the test database to ``targets`` (the other apps stay where they are); the state of the models there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets)


@pytest.fixture
def migrator(transactional_db):
    """The migrations of the previous release, then the new ones; the latest schema again afterwards."""

    class Migrator:
        apply_initial_migration = staticmethod(migrate)
        apply_tested_migration = staticmethod(migrate)

    yield Migrator
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


BEFORE = [
    ("territoires", "0003_import_referentiel"),
    ("fiches_actions", "0005_fiche_recente"),
    ("contrats", "0005_sceau_et_signatures"),
]
AFTER = [
    ("territoires", "0004_phases"),
    ("fiches_actions", "0006_axe_de_la_phase"),
    ("contrats", "0006_enjeu_axe_de_la_phase"),
]


def test_axes_become_rows_of_their_phase_and_nothing_is_lost(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    Region = old.apps.get_model("territoires", "Region")
    Territoire = old.apps.get_model("territoires", "Territoire")
    User = old.apps.get_model("comptes", "User")
    FicheAction = old.apps.get_model("fiches_actions", "FicheAction")
    HistoricalFicheAction = old.apps.get_model("fiches_actions", "HistoricalFicheAction")
    MesureNationale = old.apps.get_model("fiches_actions", "MesureNationale")
    Protocole = old.apps.get_model("contrats", "Protocole")
    Enjeu = old.apps.get_model("contrats", "Enjeu")

    region = Region.objects.create(code="24", nom="Centre-Val de Loire", chef_lieu="45234", zone="metro")
    t2019 = Territoire.objects.create(code="2402", nom="Grand Est Touraine", phase="2019-2022", region_pilote=region)
    t2023 = Territoire.objects.create(code="ti-2405", nom="Grand Est Touraine", phase="2023-2027", region_pilote=region)
    auteur = User.objects.create(email="chef@exemple.fr")
    rows = [(t2019, "recruter"), (t2019, "simplifier"), (t2023, "innover"), (t2023, "attirer")]
    for territoire, axe in rows:
        fiche = FicheAction.objects.create(
            territoire=territoire, auteur=auteur, titre=f"{axe} {territoire.code}", axe=axe
        )
        HistoricalFicheAction.objects.create(
            id=fiche.pk,
            territoire=territoire,
            auteur=auteur,
            titre=fiche.titre,
            axe=axe,
            statut="brouillon",
            version=1,
            cree_le=fiche.cree_le,
            history_date=fiche.cree_le,
            history_type="+",
        )
    MesureNationale.objects.create(code="ecoles-production", libelle="Écoles de production", axe="recruter")
    protocole = Protocole.objects.create(territoire=t2019, cree_par=auteur, date_signature=datetime.date(2019, 6, 20))
    Enjeu.objects.create(protocole=protocole, axe="innover", intitule="Usine du futur")

    new = migrator.apply_tested_migration(AFTER)
    Axe = new.apps.get_model("territoires", "Axe")
    FicheAction = new.apps.get_model("fiches_actions", "FicheAction")
    HistoricalFicheAction = new.apps.get_model("fiches_actions", "HistoricalFicheAction")
    Territoire = new.apps.get_model("territoires", "Territoire")

    assert set(Axe.objects.filter(phase="2023-2027").values_list("code", flat=True)) == {
        "competences",
        "transition",
        "innovation",
        "foncier",
    }
    assert dict(Territoire.objects.values_list("code", "phase")) == {"2402": "2019-2022", "ti-2405": "2023-2027"}
    kept = {(f.titre, f.axe.phase_id, f.axe.code) for f in FicheAction.objects.select_related("axe")}
    # The 2023-2027 territory's fiches keep their 2019 axe: no priority is invented for them.
    assert kept == {
        ("recruter 2402", "2019-2022", "recruter"),
        ("simplifier 2402", "2019-2022", "simplifier"),
        ("innover ti-2405", "2019-2022", "innover"),
        ("attirer ti-2405", "2019-2022", "attirer"),
    }
    assert FicheAction.objects.get(titre="simplifier 2402").axe.demande_simplification
    assert sorted(HistoricalFicheAction.objects.values_list("axe__code", flat=True)) == sorted(a for _t, a in rows)
    mesure = new.apps.get_model("fiches_actions", "MesureNationale").objects.get()
    assert (mesure.axe.phase_id, mesure.axe.code) == ("2019-2022", "recruter")
    enjeu = new.apps.get_model("contrats", "Enjeu").objects.get()
    assert (enjeu.axe.phase_id, enjeu.axe.code, enjeu.intitule) == ("2019-2022", "innover", "Usine du futur")
