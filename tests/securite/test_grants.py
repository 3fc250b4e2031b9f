"""Finding 13: nobody grants themselves a role, the roles that sign for a party come only from the act
that designates them, every grant records who gave it, and a signature by a mandate younger than the
contract's validation is flagged. The scanned page is checked like every upload."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from contrats.services import contrats as services
from gouvernance.services.binomes import binome_designate
from gouvernance.services.invitations import invitation_accept, invitation_create
from gouvernance.services.mandats import grantable_roles
from habilitations.enums import Role
from habilitations.models import Mandat
from habilitations.scoping import forget_cached_scope

from ..conftest import mandate
from ..contrats.conftest import signatories, validated_version  # noqa: F401  (fixtures)
from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_chef_de_projet_cannot_invite_themselves(gov):
    with pytest.raises(PermissionDenied, match="soi-même"):
        invitation_create(
            by=gov.chef_a1, email=gov.chef_a1.email.upper(), role=Role.PORTEUR_PROJET, territoire=gov.world.a1
        )


@pytest.mark.parametrize("role", [Role.INDUSTRIEL_BINOME, Role.ELU_BINOME])
def test_the_binome_is_not_given_by_invitation(gov, role):
    with pytest.raises(ValidationError, match="changement de binôme"):
        invitation_create(by=gov.chef_a1, email="quelquun@exemple.fr", role=role, territoire=gov.world.a1)
    assert role not in grantable_roles(gov.chef_a1)


def test_the_regional_signatories_are_named_by_the_national_level_only(gov):
    for role in (Role.SERVICES_ETAT_REGION, Role.PILOTE_REGIONAL):
        with pytest.raises(PermissionDenied):
            invitation_create(by=gov.pilote_a, email="prefet@exemple.fr", role=role, region=gov.world.region_a)
        assert role not in grantable_roles(gov.pilote_a)
    assert Role.MEMBRE_COMITE_REGIONAL in grantable_roles(gov.pilote_a)
    delegation = mandate(Role.DELEGATION_NATIONALE)
    invitation, token = invitation_create(
        by=delegation, email="prefet@exemple.fr", role=Role.SERVICES_ETAT_REGION, region=gov.world.region_a
    )
    _, mandat = invitation_accept(token=token, password="un-mot-de-passe-solide-2026")
    assert mandat.created_by == delegation  # every grant records who gave it


def test_a_porteur_is_offered_no_invitation(porteur_a1, client):
    assert grantable_roles(porteur_a1) == []
    client.force_login(porteur_a1)
    assert "Inviter" not in client.get("/").content.decode()
    assert client.get("/invitations/nouvelle/").status_code == 403


def test_nobody_designates_themselves_to_the_binome(gov):
    with pytest.raises(PermissionDenied, match="soi-même"):
        binome_designate(territoire=gov.world.a1, elu=gov.elu_a1, industriel=gov.chef_a1, by=gov.chef_a1)
    industriel = UserFactory()
    binome_designate(territoire=gov.world.a1, elu=gov.elu_a1, industriel=industriel, by=gov.chef_a1)
    assert Mandat.objects.get(user=industriel, role=Role.INDUSTRIEL_BINOME).created_by == gov.chef_a1


def test_a_signature_by_a_mandate_younger_than_the_validation_is_flagged(gov, validated_version, signatories, client):
    type(validated_version).objects.filter(pk=validated_version.pk).update(
        validee_le=timezone.now() - datetime.timedelta(days=10)
    )
    partie = validated_version.parties.get(type="industriel")
    Mandat.objects.filter(user=signatories["industriel"]).update(date_debut=timezone.localdate())
    forget_cached_scope(signatories["industriel"].pk)  # update() sends no signal: as a service would, retire the scope
    signature = services.signature_record(
        partie=partie,
        by=signatories["industriel"],
        signataire="A. Industriel",
        qualite="",
        date=timezone.localdate(),
        lieu="Amboise",
    )
    assert signature.mandat_posterieur
    # The relevé of the séance that validated the contract says so, and so does the contract's page.
    from gouvernance.models import PointOrdreDuJour

    from ..contrats.test_contrats import pdf_text

    seance = PointOrdreDuJour.objects.get(version_contrat=validated_version).seance
    client.force_login(gov.pilote_a)
    releve = client.get(f"/seances/{seance.pk}/releve.pdf")
    text = " ".join(pdf_text(b"".join(releve.streaming_content) if releve.streaming else releve.content).split())
    assert "par un mandat postérieur à cette validation" in text
    page = client.get(f"/contrats/{validated_version.contrat_id}/").content.decode()
    assert "Mandat postérieur à la validation" in page
    other = validated_version.parties.get(type="region")
    Mandat.objects.filter(user=gov.pilote_a).update(date_debut=datetime.date(2019, 1, 1))
    forget_cached_scope(gov.pilote_a.pk)  # update() sends no signal: as a service would, retire the scope
    assert not services.signature_record(
        partie=other, by=gov.pilote_a, signataire="La Région", qualite="", date=timezone.localdate(), lieu="Orléans"
    ).mandat_posterieur


def test_the_scanned_page_is_checked_like_every_upload(gov, validated_version):
    partie = validated_version.parties.get(type="etat")
    with pytest.raises(ValidationError) as refused:
        services.signature_record(
            partie=partie,
            by=gov.chef_a1,
            signataire="Le préfet",
            qualite="",
            lieu="Tours",
            date=timezone.localdate(),
            preuve=SimpleUploadedFile("scan.pdf", b"MZ\x90\x00" + b"\x00" * 200),
        )
    assert "preuve" in refused.value.message_dict
    assert not hasattr(partie, "signature") or partie.signature is None
