"""A territory's history brought in: a séance « tenue le … » entered afterwards, its decisions dated on
the séance's day; and the dates of a contract holding together (validation, signature, protocol, phase)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction
from gouvernance.enums import Verdict
from gouvernance.models import Seance, Transition
from gouvernance.services import decision_record, seance_publish_releve, seance_record_past

from ..contrats.conftest import signatories, validated_version  # noqa: F401  (fixtures)
from ..factories import ProtocoleFactory
from ..fiches_actions.conftest import complete_fiche

pytestmark = pytest.mark.django_db


def held_on(day: datetime.date, hour=14):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_a_past_seance_is_entered_with_its_decisions_dated_on_its_day(gov, porteur_a1, client):
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Campus des métiers")
    FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.DEPOSEE)
    client.force_login(gov.chef_a1)
    comite_page = client.get(reverse("gouvernance:comite_detail", args=[gov.comite_a1.pk])).content.decode()
    assert reverse("gouvernance:seance_record_past", args=[gov.comite_a1.pk]) in comite_page
    form = client.get(reverse("gouvernance:seance_record_past", args=[gov.comite_a1.pk])).content.decode()
    assert "Tenue le" in form and "Campus des métiers" in form
    mail.outbox.clear()
    response = client.post(
        reverse("gouvernance:seance_record_past", args=[gov.comite_a1.pk]),
        {
            "date": "2024-06-18T14:00",
            "duree_minutes": 120,
            "lieu": "Amboise",
            "lien_visio": "",
            "fiches": [fiche.pk],
            "points_libres": "Adoption du plan d'actions 2023-2027",
        },
    )
    seance = Seance.objects.get(comite=gov.comite_a1)
    assert response.status_code == 302 and response["Location"] == reverse(
        "gouvernance:seance_detail", args=[seance.pk]
    )
    assert (
        seance.saisie_apres_coup_par == gov.chef_a1
        and timezone.localdate(seance.saisie_apres_coup_le) == timezone.localdate()
    )
    assert seance.convoquee_le == seance.date  # its convocation is unknown: nothing is invented
    assert mail.outbox == []  # nobody is convened to a meeting already held
    page = client.get(response["Location"]).content.decode()
    assert "saisie après coup" in page and "18 juin 2024" in page
    assert Transition.objects.filter(motif="Séance tenue, saisie après coup.").count() == 1

    # The relevé is transcribed: the decision, by the one who entered the séance, dated on its day.
    point = seance.points.get(fiche=fiche)
    decision_record(point=point, by=gov.chef_a1, verdict=Verdict.VALIDEE, motifs="Adoptée.")
    decision_record(point=seance.points.get(fiche=None), by=gov.chef_a1, verdict=Verdict.PRIS_ACTE)
    seance_publish_releve(seance=seance, by=gov.chef_a1)
    fiche.refresh_from_db()
    assert fiche.statut == StatutFiche.VALIDEE and fiche.decidee_le == held_on(datetime.date(2024, 6, 18))


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2099-01-01T10:00", "pour une séance à venir, convoquez-la"),
        ("2017-03-01T10:00", "Le programme a commencé le 22/11/2018"),
    ],
)
def test_a_past_seance_must_have_been_held_within_the_programme(gov, client, date, message):
    client.force_login(gov.chef_a1)
    response = client.post(
        reverse("gouvernance:seance_record_past", args=[gov.comite_a1.pk]),
        {"date": date, "duree_minutes": 120, "lieu": "Amboise", "lien_visio": "", "points_libres": "Point"},
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not Seance.objects.exists()


def test_only_those_who_convene_enter_a_past_seance(gov, porteur_a1, client):
    with pytest.raises(PermissionDenied, match="convoquer"):
        seance_record_past(
            comite=gov.comite_a1, by=porteur_a1, date=held_on(datetime.date(2024, 6, 18)), lieu="A", points_libres=["P"]
        )
    client.force_login(porteur_a1)
    assert client.get(reverse("gouvernance:seance_record_past", args=[gov.comite_a1.pk])).status_code == 403


def test_a_contract_is_not_signed_before_its_validation_nor_before_its_protocol(gov, validated_version, signatories):
    from contrats.services.contrats import signature_record
    from protocoles.models import Protocole

    partie = validated_version.parties.get(type="region")
    validated_on = timezone.localdate(validated_version.validee_le)
    with pytest.raises(ValidationError, match="validé par le comité régional le"):
        signature_record(
            partie=partie,
            by=gov.pilote_a,
            signataire="Présidente",
            qualite="",
            date=validated_on - datetime.timedelta(days=1),
            lieu="Orléans",
        )
    assert validated_on < timezone.localdate()
    ProtocoleFactory(territoire=gov.world.a1, cree_par=gov.chef_a1, statut="signe", date_signature=timezone.localdate())
    with pytest.raises(ValidationError, match="Le protocole d'accord a été signé le"):
        signature_record(
            partie=partie,
            by=gov.pilote_a,
            signataire="Présidente",
            qualite="",
            date=validated_on,  # the day before the protocol's signature
            lieu="Orléans",
        )


def test_a_contract_is_validated_on_the_day_of_its_seance(validated_version):
    from gouvernance.models import PointOrdreDuJour

    point = PointOrdreDuJour.objects.get(version_contrat=validated_version)
    assert validated_version.validee_le == point.seance.date
