"""Convene → invite → attend → decide → minutes, through the pages, and who may not."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from gouvernance.enums import StatutSeance, Verdict
from gouvernance.models import Decision, Seance, Transition
from gouvernance.services import decision_record, membre_end

from .conftest import in_days, move_to_past

pytestmark = pytest.mark.django_db


def convene(client, comite, **extra):
    data = {
        "date": in_days(10).strftime("%Y-%m-%dT%H:%M"),
        "duree_minutes": 120,
        "lieu": "Hôtel de ville d'Amboise",
        "lien_visio": "",
        "points_libres": "Point d'étape du protocole\nCalendrier du contrat",
    }
    data.update(extra)
    return client.post(reverse("gouvernance:seance_create", args=[comite.pk]), data)


def test_full_seance_flow(gov, client, django_capture_on_commit_callbacks):
    client.force_login(gov.chef_a1)
    with django_capture_on_commit_callbacks(execute=True):
        response = convene(client, gov.comite_a1)
    seance = Seance.objects.get(comite=gov.comite_a1)
    assert response.status_code == 302 and response["Location"] == reverse(
        "gouvernance:seance_detail", args=[seance.pk]
    )
    assert [p.titre for p in seance.points.all()] == ["Point d'étape du protocole", "Calendrier du contrat"]

    # Every member on the séance's date is invited, with an .ics to put in their calendar.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        u.email for u in (gov.chef_a1, gov.elu_a1, gov.etat_a1, gov.pilote_a)
    )
    invitation = mail.outbox[0]
    assert "Convocation" in invitation.subject and "Point d'étape du protocole" in invitation.body
    name, ics, mimetype = invitation.attachments[0]
    assert name == "convocation.ics" and mimetype == "text/calendar"
    ics = ics if isinstance(ics, str) else ics.decode()
    assert "BEGIN:VEVENT" in ics and "Amboise" in ics

    # A decision cannot be recorded before the séance has taken place.
    point1, point2 = seance.points.all()
    page = client.get(reverse("gouvernance:seance_detail", args=[seance.pk])).content.decode()
    assert "La séance n&#x27;a pas encore eu lieu." in page

    move_to_past(seance)
    presents = [gov.comite_a1.membres.get(user=gov.chef_a1).pk, gov.comite_a1.membres.get(user=gov.elu_a1).pk]
    client.post(reverse("gouvernance:seance_attendance", args=[seance.pk]), {"presents": presents})
    assert seance.presences.filter(present=True).count() == 2
    assert seance.presences.filter(present=False).count() == 2

    for point, verdict in ((point1, Verdict.PRIS_ACTE), (point2, Verdict.FAVORABLE)):
        client.post(
            reverse("gouvernance:decision_create", args=[point.pk]),
            {f"p{point.pk}-verdict": verdict, f"p{point.pk}-motifs": f"Motifs du point {point.ordre}"},
        )
    assert Decision.objects.filter(point__seance=seance).count() == 2

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("gouvernance:seance_publish", args=[seance.pk]))
    seance.refresh_from_db()
    assert seance.statut == StatutSeance.RELEVE_PUBLIE
    assert len(mail.outbox) == 4 and "Relevé de décisions" in mail.outbox[0].subject
    assert "releve.pdf" in mail.outbox[0].body

    pdf = client.get(reverse("gouvernance:seance_releve_pdf", args=[seance.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Relevé de décisions" in text and "Motifs du point 2" in text and "Avis favorable" in text
    assert "PROJET" not in text

    # Published: nothing more can be decided, and the séance's history shows who closed it.
    assert Transition.objects.filter(object_id=seance.pk, cible=StatutSeance.RELEVE_PUBLIE, par=gov.chef_a1).exists()


def test_invalid_seance_keeps_input_and_explains(gov, client):
    client.force_login(gov.chef_a1)
    response = convene(client, gov.comite_a1, date="2019-04-23T10:00", lieu="", points_libres="")
    assert response.status_code == 200
    page = response.content.decode()
    assert "La séance doit avoir lieu dans le futur." in page
    assert "Indiquez un lieu ou un lien de visioconférence." in page
    assert "L&#x27;ordre du jour doit compter au moins un point." in page
    assert not Seance.objects.exists()


def _past_seance(gov, client, comite, convener):
    client.force_login(convener)
    convene(client, comite)
    seance = Seance.objects.get(comite=comite)
    client.logout()
    return move_to_past(seance)


def test_only_members_on_the_date_decide(gov, client):
    seance = _past_seance(gov, client, gov.comite_a1, gov.chef_a1)
    point = seance.points.first()
    # Still holding a territorial mandate, but no longer seated on the séance's date.
    membre_end(membre=gov.comite_a1.membres.get(user=gov.etat_a1), by=None, on=seance.date.date())
    client.force_login(gov.etat_a1)
    client.post(reverse("gouvernance:decision_create", args=[point.pk]), {f"p{point.pk}-verdict": Verdict.PRIS_ACTE})
    assert not Decision.objects.exists()
    page = client.get(reverse("gouvernance:seance_detail", args=[seance.pk])).content.decode()
    assert "Seuls les membres du comité à la date de la séance enregistrent ses décisions." in page


def test_one_decision_per_agenda_item(gov, client):
    seance = _past_seance(gov, client, gov.comite_a1, gov.chef_a1)
    point = seance.points.first()
    decision_record(point=point, by=gov.chef_a1, verdict=Verdict.PRIS_ACTE)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Une décision est déjà enregistrée pour ce point."):
        decision_record(point=point, by=gov.elu_a1, verdict=Verdict.FAVORABLE)
    assert Decision.objects.get(point=point).verdict == Verdict.PRIS_ACTE


def test_other_territory_sees_nothing(gov, client):
    seance = _past_seance(gov, client, gov.comite_b1, gov.chef_b1)
    point = seance.points.first()
    client.force_login(gov.elu_a1)
    for url in (
        reverse("gouvernance:territoire_gouvernance", args=[gov.world.b1.code]),
        reverse("gouvernance:comite_detail", args=[gov.comite_b1.pk]),
        reverse("gouvernance:seance_detail", args=[seance.pk]),
        reverse("gouvernance:seance_releve_pdf", args=[seance.pk]),
        reverse("gouvernance:seance_create", args=[gov.comite_b1.pk]),
        reverse("gouvernance:membre_add", args=[gov.comite_b1.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url, data in (
        (reverse("gouvernance:decision_create", args=[point.pk]), {f"p{point.pk}-verdict": "pris_acte"}),
        (reverse("gouvernance:seance_attendance", args=[seance.pk]), {}),
        (reverse("gouvernance:seance_publish", args=[seance.pk]), {}),
    ):
        assert client.post(url, data).status_code == 404, url
    assert not Decision.objects.exists()


def test_regional_pilot_cannot_act_for_another_region(gov, client):
    seance = _past_seance(gov, client, gov.comite_regional_b, gov.pilote_b)
    client.force_login(gov.pilote_a)
    assert client.get(reverse("gouvernance:seance_detail", args=[seance.pk])).status_code == 404
    assert client.get(reverse("gouvernance:seance_create", args=[gov.comite_regional_b.pk])).status_code == 404
    point = seance.points.first()
    assert (
        client.post(
            reverse("gouvernance:decision_create", args=[point.pk]), {f"p{point.pk}-verdict": "pris_acte"}
        ).status_code
        == 404
    )


def test_territorial_member_cannot_convene_the_regional_committee(gov, client):
    client.force_login(gov.chef_a1)
    assert client.get(reverse("gouvernance:seance_create", args=[gov.comite_regional_a.pk])).status_code == 404


def test_composition_warnings(gov, client):
    client.force_login(gov.chef_b1)
    page = client.get(reverse("gouvernance:territoire_gouvernance", args=[gov.world.b1.code])).content.decode()
    assert "Composition incomplète" in page
    assert "Aucun représentant de l&#x27;État ne siège au comité." in page
    assert "Aucun représentant de la Région ne siège au comité." in page
    assert "Aucun président d&#x27;un EPCI du périmètre ne siège au comité." in page
    client.force_login(gov.chef_a1)
    page = client.get(reverse("gouvernance:territoire_gouvernance", args=[gov.world.a1.code])).content.decode()
    assert "Aucun représentant de l&#x27;État" not in page
    assert "Aucun président d&#x27;un EPCI du périmètre ne siège au comité." in page


def test_cancel_requires_a_reason_and_confirmation(gov, client):
    client.force_login(gov.chef_a1)
    convene(client, gov.comite_a1)
    seance = Seance.objects.get()
    url = reverse("gouvernance:seance_cancel", args=[seance.pk])
    assert "Annuler la séance" in client.get(url).content.decode()
    assert client.post(url, {"motif": ""}).status_code == 200
    seance.refresh_from_db()
    assert seance.statut == StatutSeance.CONVOQUEE
    client.post(url, {"motif": "Quorum impossible pendant les congés"})
    seance.refresh_from_db()
    assert seance.statut == StatutSeance.ANNULEE


def test_region_may_add_a_comite_des_financeurs(gov, client):
    from gouvernance.models import Comite

    client.force_login(gov.pilote_a)
    page = client.get(reverse("gouvernance:region_gouvernance", args=["24"])).content.decode()
    assert "Constituer le comité des financeurs" in page
    response = client.post(reverse("gouvernance:financeurs_create", args=["24"]))
    comite = Comite.objects.get(type="financeurs", region=gov.world.region_a)
    assert response["Location"] == reverse("gouvernance:comite_detail", args=[comite.pk])
    assert "Comité des financeurs — Centre-Val de Loire" in client.get(response["Location"]).content.decode()
    client.force_login(gov.chef_a1)
    assert client.post(reverse("gouvernance:financeurs_create", args=["24"])).status_code == 404
    client.force_login(gov.membre_regional_a)
    assert client.post(reverse("gouvernance:financeurs_create", args=["24"])).status_code == 403
