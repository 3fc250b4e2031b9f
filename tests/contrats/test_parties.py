"""Signatory parties as the real cases need them: edited before submission (a Département added, an
EPCI that does not sign removed), and an operator named as of its signature (Pôle emploi, France Travail)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from contrats.services.contrats import _parties_for, signature_record
from territoires.services.referentiel import _operator_names

from ..factories import operateur

pytestmark = pytest.mark.django_db


@pytest.fixture
def france_travail(db):
    ft = operateur("france-travail", "France Travail")
    _operator_names()
    return ft


def test_the_name_of_an_operator_follows_the_date(france_travail, gov):
    assert france_travail.nom_le(datetime.date(2019, 9, 27)) == "Pôle emploi"
    assert france_travail.nom_le(datetime.date(2023, 12, 31)) == "Pôle emploi"
    assert france_travail.nom_le(datetime.date(2024, 1, 1)) == "France Travail"
    labels_2019 = [p["libelle"] for p in _parties_for(gov.world.a1, on=datetime.date(2019, 6, 1))]
    labels_now = [p["libelle"] for p in _parties_for(gov.world.a1)]
    assert "Pôle emploi" in labels_2019 and "France Travail" in labels_now


def test_a_party_proposed_under_an_old_name_signs_under_the_name_of_the_day(france_travail, validated_version, gov):
    partie = validated_version.parties.get(operateur=france_travail)
    partie.libelle = "Pôle emploi"  # proposed before 2024
    partie.save(update_fields=["libelle"])
    signature_record(
        partie=partie,
        by=gov.chef_a1,
        signataire="Directrice territoriale",
        qualite="",
        date=timezone.localdate(),
        lieu="Orléans",
        preuve=ContentFile(b"%PDF-1.4 scan", name="page.pdf"),
    )
    partie.refresh_from_db()
    assert partie.libelle == "France Travail"


def test_parties_are_edited_before_submission_and_confirmed_before_removal(gov, porteur_a1, client):
    from contrats.models import PartieSignataire, VersionContrat
    from contrats.services import contrats as services
    from fiches_actions.models import FicheAction

    from ..fiches_actions.conftest import complete_fiche

    version = services.contrat_create(
        territoire=gov.world.a1, by=gov.chef_a1, intitule="Contrat", annee_debut=2024, annee_fin=2027
    )
    client.force_login(gov.chef_a1)
    detail = reverse("contrats:contrat_detail", args=[version.contrat_id])
    assert "Ajouter une partie signataire" in client.get(detail).content.decode()
    added = client.post(
        reverse("contrats:partie_add", args=[version.pk]), {"libelle": "Le Département d'Indre-et-Loire"}, follow=True
    )
    assert "« Le Département d&#x27;Indre-et-Loire » signera le contrat" in added.content.decode()
    departement = version.parties.get(libelle="Le Département d'Indre-et-Loire")
    assert departement.type == "autre" and departement.ordre == version.parties.count()
    again = client.post(
        reverse("contrats:partie_add", args=[version.pk]), {"libelle": "le département d'indre-et-loire"}
    )
    assert again.status_code == 302 and version.parties.filter(type="autre").count() == 1

    epci = version.parties.filter(type="epci").first()
    remove = reverse("contrats:partie_remove", args=[epci.pk])
    confirm = client.get(remove).content.decode()
    assert f"Retirer « {epci.libelle} » des signataires ?" in confirm.replace("&#x27;", "'")
    assert PartieSignataire.objects.filter(pk=epci.pk).exists()  # nothing before the confirmation
    client.post(remove)
    assert not PartieSignataire.objects.filter(pk=epci.pk).exists()
    etat = version.parties.get(type="etat")
    client.post(reverse("contrats:partie_remove", args=[etat.pk]))
    assert PartieSignataire.objects.filter(pk=etat.pk).exists()

    client.force_login(porteur_a1)
    assert client.post(reverse("contrats:partie_add", args=[version.pk]), {"libelle": "CCI"}).status_code == 403

    # Submitted: the parties no longer change.
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    FicheAction.objects.filter(pk=fiche.pk).update(statut="validee")
    services.version_set_fiches(version=version, by=gov.chef_a1, lignes=[(FicheAction.objects.get(pk=fiche.pk), True)])
    services.version_submit(version=VersionContrat.objects.get(pk=version.pk), by=gov.chef_a1)
    with pytest.raises(ValidationError, match="avant la soumission"):
        services.partie_add(version=version, by=gov.chef_a1, libelle="L'ADEME")
