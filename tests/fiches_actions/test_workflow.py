"""A fiche from draft to validation through the pages, with every refusal a porteur can meet."""

import html
import uuid

import pytest
from django.urls import reverse

from fiches_actions.enums import StatutFiche, Suivi
from fiches_actions.models import FicheAction
from gouvernance.enums import Verdict
from gouvernance.models import Transition
from gouvernance.services import decision_record, seance_convene

from ..gouvernance.conftest import in_days, move_to_past
from .conftest import SIRET_OK, complete_fiche, of_first_phase

pytestmark = pytest.mark.django_db


def step(client, fiche, etape, data, continuer=False):
    data = {"version": FicheAction.objects.get(pk=fiche.pk).version, **data}
    if continuer:
        data["continuer"] = "1"
    return client.post(reverse("fiches_actions:fiche_step", args=[fiche.pk, etape]), data)


def lignes(*rows):
    data = {
        "lignes-TOTAL_FORMS": len(rows),
        "lignes-INITIAL_FORMS": 0,
        "lignes-MIN_NUM_FORMS": 0,
        "lignes-MAX_NUM_FORMS": 30,
    }
    for i, (financeur, montant, statut) in enumerate(rows):
        data.update({f"lignes-{i}-financeur": financeur, f"lignes-{i}-montant": montant, f"lignes-{i}-statut": statut})
    return data


def test_creation_is_idempotent(gov, porteur_a1, client):
    client.force_login(porteur_a1)
    jeton = str(uuid.uuid4())
    data = {
        "territoire": gov.world.a1.pk,
        "titre": "Industry-lab au CFAI d'Amboise",
        "axe": "innovation",
        "description": "",
        "objectifs": "",
        "jeton": jeton,
    }
    first = client.post(reverse("fiches_actions:fiche_create"), data)
    second = client.post(reverse("fiches_actions:fiche_create"), data)  # double click, or refresh
    assert FicheAction.objects.count() == 1
    fiche = FicheAction.objects.get()
    assert first["Location"] == second["Location"] == reverse("fiches_actions:fiche_step", args=[fiche.pk, "porteur"])
    assert fiche.statut == StatutFiche.BROUILLON and fiche.auteur == porteur_a1


def test_bad_input_is_refused_in_french_and_nothing_is_saved(gov, porteur_a1, client):
    from ..factories import EPCIFactory

    fiche = complete_fiche(gov.world.a1, porteur_a1)
    client.force_login(porteur_a1)
    outside = EPCIFactory(nom="CC hors périmètre")
    before = FicheAction.objects.values().get(pk=fiche.pk)

    response = step(
        client,
        fiche,
        "porteur",
        {
            "porteur_organisation": "CFAI",
            "porteur_siret": "13002526500014",
            "porteur_type": "public",
            "localisation": outside.pk,
        },
    )
    page = response.content.decode()
    assert "Ce SIRET n&#x27;est pas valide : vérifiez les chiffres (clé de contrôle)." in page
    assert "Sélectionnez un choix valide" in page

    response = step(
        client,
        fiche,
        "financement",
        {
            "date_debut": "2022-01-01",
            "date_fin": "2019-01-01",
            "cout_total": "1000",
            **lignes(("region", "1000", "sollicite")),
        },
    )
    assert "La fin ne peut précéder le début." in response.content.decode()

    response = step(
        client,
        fiche,
        "financement",
        {
            "date_debut": "2019-01-01",
            "date_fin": "2022-01-01",
            "cout_total": "1000",
            **lignes(("region", "-5", "sollicite")),
        },
    )
    assert "Assurez-vous que cette valeur est supérieure ou égale à 0." in response.content.decode()

    response = step(
        client,
        fiche,
        "financement",
        {
            "date_debut": "2019-01-01",
            "date_fin": "2022-01-01",
            "cout_total": "1000",
            **lignes(("region", "600", "sollicite"), ("etat", "300", "acquis")),
        },
    )
    page = response.content.decode()
    assert "les montants doivent s&#x27;équilibrer" in page and "Rien n'a été enregistré" in page
    assert FicheAction.objects.values().get(pk=fiche.pk) == before
    assert fiche.financements.count() == 2  # the previous plan is untouched


def test_stale_form_gets_a_conflict_message(gov, porteur_a1, client):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    client.force_login(porteur_a1)
    stale = fiche.version
    step(client, fiche, "identification", {"titre": "Titre modifié par un co-auteur", "axe": "innovation"})
    response = client.post(
        reverse("fiches_actions:fiche_step", args=[fiche.pk, "identification"]),
        {"version": stale, "titre": "Mon titre", "axe": "innovation"},
    )
    assert "Conflit de modification" in response.content.decode()
    assert FicheAction.objects.get(pk=fiche.pk).titre == "Titre modifié par un co-auteur"


def test_from_draft_to_validation(gov, porteur_a1, client, django_capture_on_commit_callbacks):
    from django.core import mail

    fiche = complete_fiche(gov.world.a1, porteur_a1)
    client.force_login(porteur_a1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("fiches_actions:fiche_summary", args=[fiche.pk]))
        client.post(reverse("fiches_actions:fiche_summary", args=[fiche.pk]))  # a second click changes nothing
    fiche.refresh_from_db()
    assert fiche.statut == StatutFiche.DEPOSEE
    assert Transition.objects.filter(object_id=fiche.pk, cible=StatutFiche.DEPOSEE).count() == 1
    assert {m.to[0] for m in mail.outbox} >= {gov.chef_a1.email, gov.elu_a1.email}
    assert "/fiches/" in mail.outbox[0].body

    # The chef de projet puts it on the agenda: it goes « en instruction ».
    seance = seance_convene(comite=gov.comite_a1, by=gov.chef_a1, date=in_days(5), lieu="Amboise", fiches=[fiche])
    fiche.refresh_from_db()
    assert fiche.statut == StatutFiche.EN_INSTRUCTION
    move_to_past(seance)
    point = seance.points.get()

    # The author may sit on the committee: still, they do not decide on their own fiche.
    from django.core.exceptions import PermissionDenied

    from gouvernance.enums import Qualite
    from gouvernance.services import membre_add

    membre_add(
        comite=gov.comite_a1,
        user=porteur_a1,
        qualite=Qualite.INDUSTRIEL,
        by=None,
        date_debut=gov.comite_a1.membres.first().date_debut,
    )
    with pytest.raises(PermissionDenied):
        decision_record(point=point, by=porteur_a1, verdict=Verdict.VALIDEE)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decision_record(
            point=point,
            by=gov.etat_a1,
            verdict=Verdict.A_COMPLETER,
            motifs="Préciser le plan de formation des salariés.",
        )
    fiche.refresh_from_db()
    assert fiche.statut == StatutFiche.A_COMPLETER
    assert mail.outbox[0].to == [porteur_a1.email]
    assert "Préciser le plan de formation des salariés." in mail.outbox[0].body
    assert "complétez la fiche" in mail.outbox[0].body

    # Back with the porteur, completed and submitted again.
    step(
        client,
        fiche,
        "identification",
        {
            "titre": fiche.titre,
            "axe": "innovation",
            "description": fiche.description,
            "objectifs": "Former 200 salariés par an, dont 50 apprentis.",
        },
    )
    client.post(reverse("fiches_actions:fiche_summary", args=[fiche.pk]))
    fiche.refresh_from_db()
    assert fiche.statut == StatutFiche.DEPOSEE

    seance2 = move_to_past(
        seance_convene(comite=gov.comite_a1, by=gov.chef_a1, date=in_days(5), lieu="Amboise", fiches=[fiche])
    )
    decision_record(point=seance2.points.get(), by=gov.elu_a1, verdict=Verdict.VALIDEE)
    fiche.refresh_from_db()
    assert fiche.statut == StatutFiche.VALIDEE and fiche.suivi == Suivi.NON_DEMARREE

    # Every transition is in the timeline, each decision with its séance.
    page = html.unescape(client.get(reverse("fiches_actions:fiche_detail", args=[fiche.pk])).content.decode())
    for step_text in (
        "brouillon → déposée",
        "déposée → en instruction",
        "en instruction → à compléter",
        "à compléter → déposée",
        "en instruction → validée",
    ):
        assert step_text in page
    assert "Préciser le plan de formation des salariés." in page
    assert page.count("séance du") >= 2

    # What was validated stays readable as it was, even after a later change of the plan.
    from fiches_actions.models import LigneFinancement

    LigneFinancement.objects.filter(fiche=fiche).update(montant_obtenu=1)
    version = client.get(reverse("fiches_actions:fiche_version", args=[fiche.pk])).content.decode()
    assert "dont 50 apprentis" in version and "600" in version

    # Follow-up after validation.
    client.post(reverse("fiches_actions:follow_up", args=[fiche.pk]), {"action": "demarrer", "date": "2020-01-15"})
    fiche.refresh_from_db()
    assert fiche.suivi == Suivi.EN_COURS


def test_decision_is_refused_for_a_fiche_not_in_instruction(gov, porteur_a1):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="n&#x27;est pas déposée|n'est pas déposée|attend déjà"):
        seance_convene(comite=gov.comite_a1, by=gov.chef_a1, date=in_days(5), lieu="Amboise", fiches=[fiche])


def test_incomplete_fiche_cannot_be_submitted(gov, porteur_a1, client):
    fiche = complete_fiche(of_first_phase(gov.world.a1), porteur_a1, description="", axe="simplifier")
    client.force_login(porteur_a1)
    response = client.post(reverse("fiches_actions:fiche_summary", args=[fiche.pk]))
    page = response.content.decode()
    assert "Indiquez une description." in page
    assert "Une demande de simplification précise l&#x27;obstacle rencontré." in page
    fiche.refresh_from_db()
    assert fiche.statut == StatutFiche.BROUILLON
    assert SIRET_OK == fiche.porteur_siret
