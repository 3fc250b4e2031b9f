import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from habilitations.enums import Role
from habilitations.models import Mandat
from habilitations.scoping import visible_territoires

from ..factories import operateur

pytestmark = pytest.mark.django_db


def test_creer_compte_gives_account_and_mandate(world, capsys):
    call_command(
        "creer_compte",
        "Julie.Bernard@exemple.fr",
        role="chef_de_projet",
        territoire="ti-2405",
        prenom="Julie",
        nom="Bernard",
    )
    out = capsys.readouterr().out
    assert "Compte créé : julie.bernard@exemple.fr" in out
    assert "/compte/mot-de-passe/nouveau/" in out
    mandat = Mandat.objects.get(user__email="julie.bernard@exemple.fr")
    assert mandat.role == Role.CHEF_DE_PROJET and mandat.territoire == world.a1
    assert set(visible_territoires(mandat.user).values_list("code", flat=True)) == {"ti-2405"}
    # Same person, second mandate: the account is reused.
    call_command("creer_compte", "julie.bernard@exemple.fr", role="membre_comite_regional", region="24")
    assert "Compte existant" in capsys.readouterr().out
    assert Mandat.objects.filter(user__email="julie.bernard@exemple.fr").count() == 2


def test_creer_compte_refuses_a_scope_of_the_wrong_level(world):
    with pytest.raises(CommandError, match="Le rôle « Pilote régional » est régional : indiquez --region"):
        call_command("creer_compte", "x@exemple.fr", role="pilote_regional", territoire="ti-2405")
    with pytest.raises(CommandError, match="Aucun territoire de code « ti-9999 »"):
        call_command("creer_compte", "x@exemple.fr", role="chef_de_projet", territoire="ti-9999")


def test_creer_compte_national(world):
    call_command("creer_compte", "anne.dubois@exemple.fr", role="delegation_nationale", national=True)
    assert Mandat.objects.get(user__email="anne.dubois@exemple.fr").territoire is None


def test_one_referent_per_operator_and_territory(world):
    operateur()
    call_command(
        "creer_compte", "r1@bpifrance.example", role="referent_operateur", territoire="ti-2405", operateur="bpifrance"
    )
    with pytest.raises(CommandError, match="Bpifrance a déjà un référent pour ce territoire"):
        call_command(
            "creer_compte",
            "r2@bpifrance.example",
            role="referent_operateur",
            territoire="ti-2405",
            operateur="bpifrance",
        )


def test_help_lists_the_role_codes(capsys):
    with pytest.raises(SystemExit):
        call_command("creer_compte", "--help")
    out = " ".join(capsys.readouterr().out.split())
    for role in Role:
        assert role.value in out


def test_demo_data_is_idempotent(capsys):
    call_command("importer_referentiel")
    call_command("charger_demo", password="demo-mot-de-passe-long")
    first = Mandat.objects.count()
    call_command("charger_demo", password="demo-mot-de-passe-long")
    assert Mandat.objects.count() == first
    out = capsys.readouterr().out
    assert "delegation@demo.territoires-industrie.example" in out
    assert "Pilote régional — Centre-Val de Loire" in out
    for role in Role:
        assert Mandat.objects.filter(role=role).exists(), role
    # The demo's history reached people as notices (through the services), mostly already read.
    from notifications.models import Notification

    chef = Notification.objects.filter(recipient__email="chef-projet.touraine@demo.territoires-industrie.example")
    assert chef.count() > 10 and chef.filter(read_at__isnull=True).count() == 3


def test_volume_generator_scales_the_programme(world):
    """Scale 2 doubles the current territories, each with its 40 fiches, committee, séances and contract;
    a regional account of the generated data sees its région only."""
    from django.core.management import call_command

    from comptes.models import User
    from contrats.models import Contrat
    from fiches_actions.models import FicheAction
    from gouvernance.models import Comite, Decision
    from pilotage.dashboard import compute_figures, selected_phase
    from pilotage.volume import DOMAIN
    from territoires.models import Territoire

    call_command("generer_volume", echelle=2, password="volume-de-test-2019")
    assert Territoire.objects.count() == 8
    assert FicheAction.objects.count() == 8 * 40
    assert Comite.objects.count() == 8 and Contrat.objects.count() == 8
    assert Decision.objects.count() == FicheAction.objects.filter(decidee_le__isnull=False).count()
    figures = compute_figures(
        user=User.objects.get(email=f"region-{world.region_b.code}@{DOMAIN}"), phase=selected_phase("2023-2027")
    )
    # B pilots B1 and AB (spanning both régions), and their copies.
    assert figures["fiches"]["total"] == 4 * 36  # four drafts per territory are not counted
    with pytest.raises(CommandError, match="existent déjà"):
        call_command("generer_volume", echelle=1, password="volume-de-test-2019")
