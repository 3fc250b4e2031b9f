"""The reference import: real counts, idempotence, and faults that name their place and change nothing."""

import csv
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from territoires.enums import CodePhase
from territoires.models import EPCI, Commune, Contour, Departement, MembreTerritoire, Operateur, Region, Territoire
from territoires.services.parsing import ReferentielError
from territoires.services.referentiel import DATA_DIR, referentiel_import

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "regions": list(Region.objects.order_by("code").values_list("code", "nom")),
        "departements": Departement.objects.count(),
        "epci": list(EPCI.objects.order_by("siren").values_list("siren", "nom", "nature", "population")),
        "communes": Commune.objects.count(),
        "territoires": list(
            Territoire.objects.order_by("code").values_list("code", "nom", "phase", "region_pilote_id")
        ),
        "membres": list(
            MembreTerritoire.objects.order_by("territoire__code", "siren").values_list(
                "territoire__code", "siren", "type"
            )
        ),
        "historique": Territoire.history.count(),
    }


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def test_import_gives_the_programme_counts():
    report = referentiel_import()
    assert report.totals == {
        "régions": 18,
        "départements": 101,
        "EPCI": 1255,
        "communes": 34871,
        "opérateurs": 4,
        "territoires 2019-2022": 148,
        "territoires 2023-2027": 183,
        "membres 2019-2022": 546,
        "membres 2023-2027": 641,
    }
    assert set(Operateur.objects.values_list("nom", flat=True)) == {
        "Banque des Territoires",
        "Bpifrance",
        "Business France",
        "France Travail",
    }
    touraine = Territoire.objects.get(code="ti-2405")
    assert touraine.nom == "Grand Est Touraine" and touraine.region_pilote.nom == "Centre-Val de Loire"
    assert set(touraine.membres.values_list("nom", flat=True)) >= {"CC Touraine-Est Vallées"}
    assert touraine.membres.count() == 4
    # A phase 2019-2022 perimeter is derived from its communes: Grand Est Touraine's 4 CC.
    assert Territoire.objects.get(code="2402").membres.count() == 4
    # A territory spanning two régions is attached to both.
    nevers = Territoire.objects.get(code="ti-2707")
    assert set(nevers.regions.values_list("code", flat=True)) == {"24", "27"}
    assert nevers.membres.filter(type="commune").count() == 1  # Cercy-la-Tour joins as a commune
    with_outline = set(Contour.objects.filter(objet=Contour.Objet.TERRITOIRE).values_list("code", flat=True))
    assert set(Territoire.objects.filter(phase=CodePhase.PHASE_2).values_list("code", flat=True)) <= with_outline


def test_second_import_changes_nothing():
    referentiel_import()
    before = snapshot()
    report = referentiel_import(force=True)  # files re-read and compared row by row
    assert report.changed == 0 and not report.skipped
    assert snapshot() == before
    quick = referentiel_import()  # same files: recognised by their fingerprint, not re-read
    assert quick.skipped and quick.totals == report.totals
    assert snapshot() == before


def test_import_command_prints_counts(capsys):
    call_command("importer_referentiel")
    out = capsys.readouterr().out
    assert "18 régions, 101 départements, 1255 EPCI" in out
    assert "148 territoires 2019-2022, 183 territoires 2023-2027" in out
    assert "641 membres 2023-2027" in out
    call_command("importer_referentiel", forcer=True)
    assert "Référentiel à jour, rien n'a changé." in capsys.readouterr().out
    call_command("importer_referentiel")
    assert "fichiers identiques au dernier import" in capsys.readouterr().out


def _assert_fault_changes_nothing(data_dir, expected_message_parts):
    before = snapshot()
    with pytest.raises(ReferentielError) as excinfo:
        referentiel_import(data_dir=data_dir)
    message = str(excinfo.value)
    for part in expected_message_parts:
        assert part in message, message
    assert snapshot() == before
    return excinfo.value


@pytest.mark.parametrize("preloaded", [False, True], ids=["base-vide", "base-deja-importee"])
def test_truncated_line_is_named_and_nothing_changes(data_copy, preloaded):
    if preloaded:
        referentiel_import()
    # A changed file is never skipped: its new fingerprint forces a full read.
    path = data_copy / "epci.csv"
    text = path.read_text(encoding="utf-8")
    # Cut the file in the middle of its 101st data line, as an interrupted download would.
    lines = text.splitlines(keepends=True)
    path.write_text("".join(lines[:101]) + lines[101][:30], encoding="utf-8")
    error = _assert_fault_changes_nothing(data_copy, ["epci.csv", "ligne 102", "colonne"])
    assert error.line == 102


def _set_cell(path, line_number, column, value):
    """Rewrite one cell of a CSV file (line numbers as an editor shows them, header = 1)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[line_number - 1][rows[0].index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_bad_value_names_file_line_and_column(data_copy):
    _set_cell(data_copy / "territoires_industrie_2023.csv", 6, "nb_membres", "quatre")
    error = _assert_fault_changes_nothing(
        data_copy, ["territoires_industrie_2023.csv", "ligne 6", "colonne 6 (nb_membres)", "« quatre »"]
    )
    assert error.column == "6 (nb_membres)"


def test_unknown_reference_is_refused(data_copy):
    _set_cell(data_copy / "departements.csv", 4, "code_region", "99")
    _assert_fault_changes_nothing(
        data_copy, ["departements.csv", "ligne 4", "colonne 3 (code_region)", "« 99 » inconnu"]
    )


def test_file_missing_its_last_lines_is_detected(data_copy):
    path = data_copy / "territoires_industrie_2023_membres.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-5]), encoding="utf-8")
    _assert_fault_changes_nothing(data_copy, ["territoires_industrie_2023_membres.csv", "fichier tronqué"])


def test_malformed_geojson_names_line_and_column(data_copy):
    path = data_copy / "regions.geojson"
    path.write_text(path.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    error = _assert_fault_changes_nothing(data_copy, ["regions.geojson", "ligne", "colonne", "JSON mal formé"])
    assert error.line is not None and error.column is not None


def test_command_reports_fault_in_french(data_copy):
    (data_copy / "regions.csv").write_text("code_insee,nom\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Import annulé, aucune donnée modifiée. regions.csv, ligne 1"):
        call_command("importer_referentiel", dossier=data_copy)


def test_reimport_keeps_perimeters_changed_by_a_decision():
    from comptes.models import User
    from gouvernance.enums import Changement, StatutDemandePerimetre
    from gouvernance.models import DemandePerimetre, LigneDemandePerimetre
    from territoires.enums import TypeMembre

    referentiel_import()
    touraine = Territoire.objects.get(code="2402")
    loches = EPCI.objects.get(siren="200071587")
    # The comité régional accepted adding Loches Sud Touraine (the decision's own effect, reproduced here).
    author = User.objects.create_user("chef@exemple.fr", "mot-de-passe-solide-2019")
    demande = DemandePerimetre.objects.create(
        territoire=touraine, motifs="Sous-traitants", auteur=author, statut=StatutDemandePerimetre.ACCEPTEE
    )
    LigneDemandePerimetre.objects.create(demande=demande, changement=Changement.AJOUT, epci=loches)
    MembreTerritoire.objects.create(
        territoire=touraine, type=TypeMembre.EPCI, epci=loches, nom=loches.nom, siren=loches.siren, nature=loches.nature
    )
    report = referentiel_import(force=True)
    assert touraine.membres.filter(epci=loches).exists()
    assert touraine.membres.count() == 5
    assert report.decided_perimeters == 1
