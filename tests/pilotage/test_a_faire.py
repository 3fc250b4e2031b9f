"""« À faire »: each role finds its open tasks on the home page and through the API, each a link to the
page where it is done, never a task of another territory or région; constant queries as data grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from contrats.enums import StatutDocument, StatutVersion
from contrats.models import DocumentContrat
from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction
from gouvernance.enums import Verdict
from gouvernance.services import decision_record, seance_convene
from habilitations.enums import Role
from pilotage.selectors import a_faire

from ..conftest import mandate
from ..contrats.conftest import signatories, submitted_contract, validated_version  # noqa: F401  (fixtures)
from ..factories import TerritoireFactory, phase
from ..fiches_actions.conftest import complete_fiche
from ..gouvernance.conftest import convene_soon, in_days, move_to_past, once_begun

pytestmark = pytest.mark.django_db


def groups(user):
    return {group.cle: group for group in a_faire(user)}


def titles(user, cle):
    group = groups(user).get(cle)
    return [tache.libelle for tache in group.taches] if group else []


def test_porteur_finds_drafts_with_what_is_missing_and_fiches_sent_back_with_the_motive(gov, porteur_a1, client):
    complete_fiche(gov.world.a1, porteur_a1, titre="Campus des métiers", description="")
    sent_back = complete_fiche(gov.world.a1, porteur_a1, titre="Usine-école")
    FicheAction.objects.filter(pk=sent_back.pk).update(statut=StatutFiche.DEPOSEE)
    seance = move_to_past(
        seance_convene(comite=gov.comite_a1, by=gov.chef_a1, date=in_days(2), lieu="Amboise", fiches=[sent_back])
    )
    decision_record(
        point=seance.points.get(),
        by=gov.elu_a1,
        verdict=Verdict.A_COMPLETER,
        motifs="Précisez le plan de financement de la deuxième tranche.",
    )
    inbox = groups(porteur_a1)
    [draft] = inbox["brouillons"].taches
    assert draft.libelle == "Campus des métiers" and "Manque : description." in draft.detail
    assert draft.url == reverse(
        "fiches_actions:fiche_step", args=[FicheAction.objects.get(titre="Campus des métiers").pk, "identification"]
    )
    [back] = inbox["a_completer"].taches
    assert "Précisez le plan de financement" in back.detail and back.action == "Compléter"
    client.force_login(porteur_a1)
    page = client.get("/").content.decode()
    assert page.index("À faire") < page.index("Mes territoires")
    assert "Compléter : Usine-école" in page and "Précisez le plan de financement" in page


def test_chef_de_projet_finds_fiches_to_schedule_and_seances_to_close(gov, porteur_a1):
    deposited = complete_fiche(gov.world.a1, porteur_a1, titre="Industry-lab")
    FicheAction.objects.filter(pk=deposited.pk).update(statut=StatutFiche.DEPOSEE)
    assert titles(gov.chef_a1, "a_inscrire") == ["Industry-lab"]
    assert titles(gov.chef_b1, "a_inscrire") == []  # another territory's fiche is never a task here
    seance = move_to_past(
        seance_convene(
            comite=gov.comite_a1,
            by=gov.chef_a1,
            date=in_days(2),
            lieu="Amboise",
            fiches=[deposited],
            points_libres=["Calendrier"],
        )
    )
    inbox = groups(gov.chef_a1)
    assert "a_inscrire" not in inbox  # on an agenda now
    [held] = inbox["seances_sans_decision"].taches
    assert held.url == reverse("gouvernance:seance_detail", args=[seance.pk])
    for point in seance.points.all():
        decision_record(
            point=point, by=gov.elu_a1, verdict=Verdict.PRIS_ACTE if point.fiche_id is None else Verdict.VALIDEE
        )
    inbox = groups(gov.chef_a1)
    assert "seances_sans_decision" not in inbox and inbox["releves"].taches[0].action == "Publier le relevé"


def test_each_signatory_finds_the_signature_of_their_party(gov, validated_version, signatories):
    industriel = groups(signatories["industriel"])["signatures"]
    assert [t.libelle for t in industriel.taches] == [validated_version.parties.get(type="industriel").libelle]
    assert industriel.taches[0].url == reverse(
        "contrats:partie_sign", args=[validated_version.parties.get(type="industriel").pk]
    )
    assert groups(signatories["etat"])["signatures"].total == 1
    assert groups(gov.chef_a1)["signatures"].total == validated_version.parties.count()  # with the scanned page
    assert "signatures" not in groups(gov.chef_b1)


def test_pilote_regional_schedules_submitted_contracts_and_the_nation_answers_simplifications(gov, porteur_a1):
    version = submitted_contract(gov, porteur_a1)
    # A simplification request of a 2019-2022 territory of the région, validated by its committee.
    ancien = TerritoireFactory(code="2401", phase=phase("2019-2022"), region_pilote=gov.world.region_a)
    demande = complete_fiche(
        ancien,
        porteur_a1,
        titre="Délai des permis",
        axe="simplifier",
        obstacle="Délais",
        texte_concerne="Code de l'urbanisme",
        derogation_demandee="Réduire",
    )
    FicheAction.objects.filter(pk=demande.pk).update(statut=StatutFiche.VALIDEE)
    [task] = groups(gov.pilote_a)["contrats_soumis"].taches
    assert task.url == reverse("gouvernance:seance_create", args=[gov.comite_regional_a.pk]) + f"?contrats={version.pk}"
    assert "contrats_soumis" not in groups(gov.pilote_b)
    seance_convene(comite=gov.comite_regional_a, by=gov.pilote_a, date=in_days(5), lieu="Orléans", contrats=[version])
    assert "contrats_soumis" not in groups(gov.pilote_a)
    national = mandate(Role.DELEGATION_NATIONALE)
    assert titles(national, "simplifications") == ["Délai des permis"]


def test_failed_productions_reach_the_chef_and_the_delegation(gov, validated_version, signatories):
    DocumentContrat.objects.create(
        version=validated_version,
        statut=StatutDocument.ECHEC,
        erreur="Le document n'a pas pu être enregistré : l'espace de stockage est plein.",
    )
    type(validated_version).objects.filter(pk=validated_version.pk).update(statut=StatutVersion.SIGNE)
    assert groups(gov.chef_a1)["documents_en_echec"].taches[0].action == "Relancer la production"
    assert groups(mandate(Role.DELEGATION_NATIONALE))["documents_en_echec"].total == 1
    assert "documents_en_echec" not in groups(gov.chef_b1)


def test_an_empty_inbox_says_so_and_leads_somewhere(gov, client):
    client.force_login(gov.chef_b1)
    page = client.get("/").content.decode()
    assert "Rien ne vous attend pour l'instant" in page
    assert reverse("gouvernance:territoire_detail", args=[gov.world.b1.code]) in page


def test_the_api_gives_the_same_tasks_in_the_callers_scope(gov, porteur_a1):
    deposited = complete_fiche(gov.world.a1, porteur_a1, titre="Industry-lab")
    FicheAction.objects.filter(pk=deposited.pk).update(statut=StatutFiche.DEPOSEE)
    client = APIClient()
    client.force_authenticate(gov.chef_a1)
    body = client.get("/api/v1/a-faire/").json()
    [group] = [g for g in body if g["cle"] == "a_inscrire"]
    assert group["total"] == 1 and group["taches"][0]["libelle"] == "Industry-lab"
    client.force_authenticate(gov.chef_b1)
    assert not [g for g in client.get("/api/v1/a-faire/").json() if g["cle"] == "a_inscrire"]


def _queries(user):
    from habilitations.scoping import forget_scope, scope_for

    scope_for(user)  # the person's scope is cached across requests from their first page on…
    forget_scope(user)  # …and this is a new request
    with CaptureQueriesContext(connection) as queries:
        a_faire(user)
    return len(queries)


@pytest.mark.parametrize("role", ["porteur", "chef", "pilote", "national"])
def test_the_inbox_costs_the_same_queries_whatever_the_volume(gov, porteur_a1, role):
    user = {"porteur": porteur_a1, "chef": gov.chef_a1, "pilote": gov.pilote_a, "national": None}[role] or mandate(
        Role.DELEGATION_NATIONALE
    )

    def add(n):
        for i in range(n):
            fiche = complete_fiche(gov.world.a1, porteur_a1, titre=f"Fiche {i}")
            FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.DEPOSEE)
            complete_fiche(gov.world.a1, porteur_a1, titre=f"Brouillon {i}")

    # Both volumes fill every group's first page (its total is then counted): the cost is the same.
    add(6)
    small = _queries(user)
    add(20)
    assert _queries(user) == small


def test_follow_up_due_validated_fiches_outside_contracts_and_dormant_territories(gov, porteur_a1):
    import datetime

    from django.utils import timezone

    long_ago = timezone.now() - datetime.timedelta(days=200)
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Plateforme 5G")
    FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.VALIDEE, decidee_le=long_ago, suivi="en_cours")
    assert titles(porteur_a1, "suivi") == ["Plateforme 5G"]
    assert titles(gov.chef_a1, "suivi") == ["Plateforme 5G"] and titles(gov.chef_a1, "hors_contrat") == [
        "Plateforme 5G"
    ]
    assert titles(gov.chef_b1, "hors_contrat") == []
    # A chef de projet who also authored a fiche still follows every fiche of the territory.
    own = complete_fiche(gov.world.a1, gov.chef_a1, titre="Atelier du chef")
    FicheAction.objects.filter(pk=own.pk).update(statut=StatutFiche.VALIDEE, decidee_le=long_ago, suivi="en_cours")
    assert sorted(titles(gov.chef_a1, "suivi")) == ["Atelier du chef", "Plateforme 5G"]
    assert titles(porteur_a1, "suivi") == ["Plateforme 5G"]
    # No séance for six months: A1, A2 and AB for région A; every territory for the nation; never B1 for A.
    type(gov.world.a1).objects.update(phase="2023-2027")
    dormant_a = titles(gov.pilote_a, "dormants")
    assert gov.world.a1.nom in dormant_a and gov.world.b1.nom not in dormant_a
    seance_convene(comite=gov.comite_a1, by=gov.chef_a1, date=in_days(10), lieu="Amboise", points_libres=["Point"])
    assert gov.world.a1.nom not in titles(gov.pilote_a, "dormants")
    assert groups(mandate(Role.DELEGATION_NATIONALE))["dormants"].total == 3  # A2, B1, AB


def test_a_kept_inbox_follows_a_new_seat_and_the_clock(gov, monkeypatch):
    """The inbox is kept between loads: a seat given on a committee shows its next séance at the next
    load, and once that séance has begun it moves to the decisions to record, without anything written."""
    import datetime

    from django.utils import timezone

    from gouvernance.enums import Qualite
    from gouvernance.services import membre_add

    member = mandate(Role.MEMBRE_COMITE_PROJET, territoire=gov.world.a1)
    seance = convene_soon(gov)
    assert "prochaines_seances" not in groups(member)
    membre_add(
        comite=gov.comite_a1,
        user=member,
        qualite=Qualite.REPRESENTANT_ETAT,
        by=None,
        date_debut=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert titles(member, "prochaines_seances") and "decisions_a_enregistrer" not in groups(member)

    once_begun(monkeypatch, seance)
    inbox = groups(member)
    assert "prochaines_seances" not in inbox
    [task] = inbox["decisions_a_enregistrer"].taches
    assert task.url == reverse("gouvernance:seance_detail", args=[seance.pk])


def test_the_home_page_shows_a_new_task_and_a_new_name_at_the_next_load(gov, porteur_a1, client):
    from fiches_actions.services import fiche_submit

    client.force_login(gov.chef_a1)
    assert "Industry-lab" not in client.get("/").content.decode()
    fiche_submit(fiche=complete_fiche(gov.world.a1, porteur_a1, titre="Industry-lab"), by=porteur_a1)
    assert "Industry-lab" in client.get("/").content.decode()
    gov.chef_a1.first_name = "Camille"
    gov.chef_a1.save()
    assert "Bonjour Camille" in client.get("/").content.decode()
