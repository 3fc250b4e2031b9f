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
    # An app taken back before its first migration has no state to read.
    return executor.loader.project_state([target for target in targets if target[1] is not None])


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


# The last landed release, before mandates moved to the access floor, protocols to their own app and
# outlines to their own table.
LAST_RELEASE = [
    ("territoires", "0005_noms_des_operateurs"),
    ("gouvernance", "0006_phase_2023_seances_passees_cofinancement_revue"),
    ("fiches_actions", "0007_ligne_enveloppe"),
    ("contrats", "0007_partie_autre"),
    ("habilitations", None),
    ("protocoles", None),
]
MOVED = {
    ("gouvernance", "mandat"): ("habilitations", "mandat"),
    ("gouvernance", "historicalmandat"): ("habilitations", "historicalmandat"),
    ("contrats", "protocole"): ("protocoles", "protocole"),
    ("contrats", "enjeu"): ("protocoles", "enjeu"),
    ("contrats", "signataireprotocole"): ("protocoles", "signataireprotocole"),
}


def _row_counts():
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            if table == "django_migrations":  # the record of the migrations themselves grows, as it should
                continue
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        return counts


def test_the_demo_database_of_the_last_release_keeps_every_row_when_models_change_floor(migrator):
    """The demo is loaded, the database is taken back to the last release's migrations (where mandates
    sat in gouvernance and protocols in contrats, content types included), then migrated forward."""
    import io

    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    call_command("importer_referentiel", verbosity=0)
    call_command("charger_demo", "--mot-de-passe", "demo-migration-2026", stdout=io.StringIO())

    old = migrator.apply_initial_migration(LAST_RELEASE)
    OldContentType = old.apps.get_model("contenttypes", "ContentType")
    before_labels = {(ct.app_label, ct.model): ct.pk for ct in OldContentType.objects.all()}
    for old_label in MOVED:
        assert old_label in before_labels, f"{old_label} should be labelled as in the last release"
    assert not any(new in before_labels for new in MOVED.values())
    assert old.apps.get_model("gouvernance", "Mandat").objects.count() > 10
    assert old.apps.get_model("contrats", "Enjeu").objects.count() > 0
    outlines_before = set()
    for kind, model in (("region", "Region"), ("departement", "Departement"), ("territoire", "Territoire")):
        rows = old.apps.get_model("territoires", model).objects.exclude(contour=None)
        outlines_before |= {(kind, code) for code in rows.values_list("code", flat=True)}
    assert len(outlines_before) > 300
    before = _row_counts()

    migrator.apply_tested_migration(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    after = _row_counts()
    assert {table: after[table] for table in before} == before
    from territoires.models import Contour

    # The outlines left their columns for a table of their own: one row each, none lost.
    assert set(Contour.objects.values_list("objet", "code")) == outlines_before
    after_labels = {(ct.app_label, ct.model): ct.pk for ct in ContentType.objects.all()}
    for old_label, new_label in MOVED.items():
        # Same row, new label: object permissions, history and journal entries that named it still find it.
        assert after_labels[new_label] == before_labels[old_label]
        assert old_label not in after_labels

    from fiches_actions.models import FicheAction
    from gouvernance.models import Transition
    from habilitations.models import Mandat
    from protocoles.models import Enjeu, Protocole

    assert Mandat.objects.count() == before["gouvernance_mandat"]
    assert Mandat.history.count() == before["gouvernance_historicalmandat"]
    assert Protocole.objects.count() == before["contrats_protocole"]
    assert Enjeu.objects.count() == before["contrats_enjeu"]
    assert FicheAction.objects.filter(enjeu__isnull=False).count() == FicheAction.objects.exclude(enjeu=None).count()
    for fiche in FicheAction.objects.exclude(enjeu=None).select_related("enjeu__protocole"):
        assert fiche.enjeu.protocole.territoire_id == fiche.territoire_id
    for entry in Transition.objects.filter(content_type__app_label__in=["habilitations", "protocoles"]):
        assert entry.objet is not None


def test_a_clear_token_of_the_last_release_becomes_a_hash_and_keeps_working(migrator):
    from rest_framework.test import APIClient

    old = migrator.apply_initial_migration(
        [("comptes", "0001_initial"), ("authtoken", "0004_alter_tokenproxy_options"), *LAST_RELEASE]
    )
    User = old.apps.get_model("comptes", "User")
    Token = old.apps.get_model("authtoken", "Token")
    user = User.objects.create(email="script@exemple.fr", password="!")
    Token.objects.create(key="0123456789abcdef0123456789abcdef01234567", user=user)

    migrator.apply_tested_migration(MigrationExecutor(connection).loader.graph.leaf_nodes())
    from comptes.models import JetonAPI
    from habilitations.models import Mandat
    from territoires.models import Region

    jeton = JetonAPI.objects.get(user_id=user.pk)
    assert "0123456789abcdef" not in jeton.digest and jeton.expiry is not None
    assert not old.apps.get_model("authtoken", "Token").objects.exists()  # no clear copy left
    region = Region.objects.create(code="24", nom="Centre-Val de Loire", chef_lieu="45234", zone="metro")
    Mandat.objects.create(user_id=user.pk, role="pilote_regional", region=region)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert client.get("/api/v1/territoires/").status_code == 200
