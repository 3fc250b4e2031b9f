"""Every event reaches the people whose mandate covers it: an item in their notifications and an
e-mail in French that says what to do next, with the link to do it."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from contrats.models import DocumentContrat
from contrats.services import contrats as contrat_services
from contrats.services.documents import document_render
from fiches_actions.models import FicheAction
from fiches_actions.services.workflow import fiche_submit
from gouvernance.enums import Verdict
from gouvernance.services import decision_record, seance_cancel, seance_convene, seance_move, seance_publish_releve
from gouvernance.services.invitations import invitation_accept, invitation_create
from gouvernance.services.perimetre import demande_perimetre_create
from habilitations.enums import Role
from notifications.models import Notification

from ..conftest import mandate
from ..contrats.conftest import sign_all, submitted_contract
from ..fiches_actions.conftest import complete_fiche
from ..gouvernance.conftest import in_days, move_to_past

pytestmark = pytest.mark.django_db


def sent_to(user_or_email):
    address = getattr(user_or_email, "email", user_or_email)
    return [m for m in mail.outbox if address in m.to]


def only_mail(user):
    mails = sent_to(user)
    assert len(mails) == 1, [m.subject for m in mails]
    return mails[0]


def calendar_of(message):
    name, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar"
    calendar = Calendar.from_ical(content)
    return calendar, next(iter(calendar.walk("VEVENT")))


def test_a_deposited_fiche_sends_its_authors_a_receipt_with_the_pdf_and_tells_the_team(
    gov, porteur_a1, django_capture_on_commit_callbacks
):
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Plateforme de formation aux métiers de la fonderie")
    with django_capture_on_commit_callbacks(execute=True):
        fiche_submit(fiche=fiche, by=porteur_a1)

    receipt = only_mail(porteur_a1)
    assert receipt.subject == "Accusé de réception : « Plateforme de formation aux métiers de la fonderie » est déposée"
    assert f"/fiches/{fiche.pk}/" in receipt.body and "Prochaine étape" in receipt.body
    name, content, mimetype = receipt.attachments[0]
    assert mimetype == "application/pdf" and name == f"recapitulatif-fiche-{fiche.pk}.pdf"
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())
    assert "Plateforme de formation aux métiers de la fonderie" in text and "Plan de financement" in text

    for member in (gov.chef_a1, gov.elu_a1):
        notice = only_mail(member)
        assert notice.subject.startswith("Fiche action déposée") and f"/fiches/{fiche.pk}/" in notice.body
    # Nobody of the other territory or région hears of it.
    assert not sent_to(gov.chef_b1) and not sent_to(gov.pilote_b)
    assert Notification.objects.filter(recipient=gov.chef_a1, url=f"/fiches/{fiche.pk}/").count() == 1


def test_a_decision_tells_the_authors_with_the_motive(gov, porteur_a1, django_capture_on_commit_callbacks):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    fiche_submit(fiche=fiche, by=porteur_a1)
    seance = move_to_past(
        seance_convene(
            comite=gov.comite_a1,
            by=gov.chef_a1,
            date=in_days(3),
            lieu="Amboise",
            fiches=[FicheAction.objects.get(pk=fiche.pk)],
        )
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decision_record(
            point=seance.points.get(),
            by=gov.etat_a1,
            verdict=Verdict.A_COMPLETER,
            motifs="Chiffrer la part de l'industriel.",
        )
    message = only_mail(porteur_a1)
    assert message.subject.startswith("À compléter") and "Chiffrer la part de l'industriel." in message.body
    assert f"/fiches/{fiche.pk}/" in message.body and "complétez la fiche" in message.body


def test_convened_moved_and_cancelled_seances_update_one_calendar_event(gov, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seance = seance_convene(
            comite=gov.comite_a1, by=gov.chef_a1, date=in_days(5), lieu="Amboise", points_libres=["Point d'étape"]
        )
    members = (gov.chef_a1, gov.elu_a1, gov.etat_a1, gov.pilote_a)
    convocation = only_mail(gov.elu_a1)
    calendar, event = calendar_of(convocation)
    assert str(calendar["METHOD"]) == "REQUEST" and event["SEQUENCE"] == 0
    uid = str(event["UID"])
    assert "Amboise" in str(event["LOCATION"]) and str(event["ATTENDEE"]) == f"mailto:{gov.elu_a1.email}"
    assert convocation.extra_headers.get("List-Unsubscribe") is None  # a convocation cannot be muted
    assert all(sent_to(member) for member in members)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        seance_move(seance=seance, by=gov.chef_a1, date=in_days(9, hour=14), lieu="Tours, hôtel de région")
    moved = only_mail(gov.elu_a1)
    assert moved.subject.startswith("Séance déplacée") and "Tours, hôtel de région" in moved.body
    assert "est déplacée" in moved.body
    calendar, event = calendar_of(moved)
    assert str(calendar["METHOD"]) == "REQUEST" and str(event["UID"]) == uid and event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == in_days(9, hour=14)
    assert len(mail.outbox) == len(members)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        seance_cancel(seance=seance, by=gov.chef_a1, motif="Quorum impossible à réunir.")
    cancelled = only_mail(gov.elu_a1)
    assert cancelled.subject.startswith("Séance annulée") and "Quorum impossible à réunir." in cancelled.body
    calendar, event = calendar_of(cancelled)
    assert str(calendar["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == uid and event["SEQUENCE"] == 2


def test_a_seance_cannot_be_moved_once_held_or_to_the_past(gov):
    from django.core.exceptions import ValidationError

    seance = seance_convene(
        comite=gov.comite_a1, by=gov.chef_a1, date=in_days(5), lieu="Amboise", points_libres=["Point"]
    )
    with pytest.raises(ValidationError) as error:
        seance_move(seance=seance, by=gov.chef_a1, date=in_days(-2), lieu="Amboise")
    assert "futur" in str(error.value)
    with pytest.raises(ValidationError) as error:
        seance_move(seance=seance, by=gov.chef_a1, date=seance.date, lieu="Amboise")
    assert "Rien n'a changé" in str(error.value)
    move_to_past(seance)
    with pytest.raises(ValidationError) as error:
        seance_move(seance=seance, by=gov.chef_a1, date=in_days(4), lieu="Amboise")
    assert "déjà eu lieu" in str(error.value)
    from django.core.exceptions import PermissionDenied

    fresh = seance_convene(
        comite=gov.comite_a1, by=gov.chef_a1, date=in_days(5), lieu="Amboise", points_libres=["Point"]
    )
    with pytest.raises(PermissionDenied):
        seance_move(seance=fresh, by=gov.chef_b1, date=in_days(6), lieu="Amboise")


def test_a_published_releve_reaches_the_members_with_the_pdf_link(gov, django_capture_on_commit_callbacks):
    seance = move_to_past(
        seance_convene(
            comite=gov.comite_a1, by=gov.chef_a1, date=in_days(3), lieu="Amboise", points_libres=["Calendrier"]
        )
    )
    decision_record(point=seance.points.get(), by=gov.etat_a1, verdict=Verdict.PRIS_ACTE)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        seance_publish_releve(seance=seance, by=gov.chef_a1)
    message = only_mail(gov.etat_a1)
    assert message.subject.startswith("Relevé de décisions") and f"/seances/{seance.pk}/releve.pdf" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_submitted_contract_reaches_its_region_only_and_its_decision_the_team(
    gov, porteur_a1, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = submitted_contract(gov, porteur_a1)
    for person in (gov.pilote_a, gov.membre_regional_a):
        message = only_mail(person)
        assert message.subject.startswith("Contrat soumis") and "/regions/" in message.body
    assert not sent_to(gov.pilote_b) and not sent_to(gov.membre_regional_b)

    seance = move_to_past(
        seance_convene(
            comite=gov.comite_regional_a, by=gov.pilote_a, date=in_days(3), lieu="Orléans", contrats=[version]
        )
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decision_record(
            point=seance.points.get(),
            by=gov.membre_regional_a,
            verdict=Verdict.A_REVOIR,
            motifs="Ajouter la fiche sur le foncier.",
        )
    for person in (gov.chef_a1, gov.elu_a1):
        message = only_mail(person)
        assert "À revoir" in message.subject and "Ajouter la fiche sur le foncier." in message.body
        assert f"/contrats/{version.contrat_id}/" in message.body


def test_each_party_is_asked_to_sign_then_everyone_gets_the_signed_contract(
    gov, porteur_a1, signatories, django_capture_on_commit_callbacks
):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    FicheAction.objects.filter(pk=fiche.pk).update(statut="validee")
    version = contrat_services.contrat_create(
        territoire=gov.world.a1, by=gov.chef_a1, intitule="Contrat", annee_debut=2024, annee_fin=2027
    )
    contrat_services.version_set_fiches(
        version=version, by=gov.chef_a1, lignes=[(FicheAction.objects.get(pk=fiche.pk), True)]
    )
    contrat_services.version_submit(version=version, by=gov.chef_a1)
    seance = move_to_past(
        seance_convene(
            comite=gov.comite_regional_a, by=gov.pilote_a, date=in_days(3), lieu="Orléans", contrats=[version]
        )
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decision_record(point=seance.points.get(), by=gov.membre_regional_a, verdict=Verdict.VALIDEE)
    etat = [m for m in sent_to(signatories["etat"]) if m.subject.startswith("À signer")]
    assert len(etat) == 1 and "L'État" in etat[0].subject
    partie = version.parties.get(type="etat")
    assert reverse("contrats:partie_sign", args=[partie.pk]) in etat[0].body
    assert etat[0].extra_headers.get("List-Unsubscribe") is None  # a signature request cannot be muted
    president = next(iter(signatories["epci"].values()))
    assert any(m.subject.startswith("À signer") for m in sent_to(president))

    version.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sign_all(version, signatories)
    document = DocumentContrat.objects.get(version=version)
    for person in (gov.chef_a1, signatories["etat"], signatories["industriel"]):
        message = [m for m in sent_to(person) if m.subject.startswith("Contrat signé")]
        assert len(message) == 1
        assert f"/contrats/versions/{version.pk}/contrat.pdf" in message[0].body
        assert f"/v/{document.reference}/" in message[0].body


def test_a_failed_production_tells_the_chef_and_the_delegation_once(
    gov, porteur_a1, validated_version, signatories, monkeypatch, django_capture_on_commit_callbacks
):
    delegation = mandate(Role.DELEGATION_NATIONALE)
    from contrats.services import documents

    def broken(*args, **kwargs):
        raise OSError("WeasyPrint est tombé")

    monkeypatch.setattr(documents, "render_contract", broken)
    with django_capture_on_commit_callbacks(execute=False):
        sign_all(validated_version, signatories)
    document = DocumentContrat.objects.get(version=validated_version)
    mail.outbox.clear()
    for _ in range(2):  # the task's own retry fails the same way
        with pytest.raises(OSError), django_capture_on_commit_callbacks(execute=True):
            document_render(document_id=document.pk)
    for person in (gov.chef_a1, delegation):
        message = only_mail(person)
        assert message.subject.startswith("Échec de la production") and "Relancer la production" in message.body
    assert not sent_to(gov.chef_b1)


def test_perimeter_decision_and_accepted_invitation_reach_who_asked(gov, client, django_capture_on_commit_callbacks):
    from ..factories import EPCIFactory

    departement = gov.world.a1.departements.first()
    epci = EPCIFactory(nom="CC Loches Sud Touraine", siren="200071587", departement_principal=departement)
    epci.regions.set([gov.world.region_a])
    epci.departements.set([departement])
    demande = demande_perimetre_create(
        territoire=gov.world.a1,
        by=gov.chef_a1,
        ajouts=[epci],
        retraits=[],
        motifs="La communauté voisine rejoint le bassin d'emploi.",
    )
    seance = move_to_past(
        seance_convene(
            comite=gov.comite_regional_a, by=gov.pilote_a, date=in_days(3), lieu="Orléans", demandes=[demande]
        )
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decision_record(point=seance.points.get(), by=gov.membre_regional_a, verdict=Verdict.ACCEPTEE)
    message = only_mail(gov.chef_a1)
    assert "acceptée" in message.subject and f"/demandes-perimetre/{demande.pk}/" in message.body

    invitation, token = invitation_create(
        by=gov.chef_a1, email="nouvelle.porteuse@exemple.fr", role=Role.PORTEUR_PROJET, territoire=gov.world.a1
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_accept(token=token, password="Un mot de passe solide 2026 !", first_name="Nadia", last_name="Benali")
    message = only_mail(gov.chef_a1)
    assert message.subject.startswith("Nadia Benali a accepté votre invitation")
    assert f"/territoires/{gov.world.a1.code}/gouvernance/" in message.body
