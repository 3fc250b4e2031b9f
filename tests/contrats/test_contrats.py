"""A contract from assembly to its sealed PDF, and the guards around a signed contract."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, InternalError, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from contrats.enums import StatutDocument, StatutVersion
from contrats.models import DocumentContrat, LigneContrat, VersionContrat
from contrats.services import contrats as services
from contrats.services.contenu import render_contract
from contrats.services.sceau import seal_status
from contrats.services.verification import verify
from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction
from gouvernance.enums import Verdict

from .conftest import sign_all

pytestmark = pytest.mark.django_db


def read(document) -> bytes:
    with document.fichier.open("rb") as handle:
        return handle.read()


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_submitted_contract_keeps_the_fiches_as_they_were(gov, validated_version):
    fiche = validated_version.lignes.first().fiche
    FicheAction.objects.filter(pk=fiche.pk).update(titre="Titre changé après la soumission")
    text = pdf_text(render_contract(VersionContrat.objects.get(pk=validated_version.pk), projet=True))
    assert "Usine de démonstration" in text and "Titre changé après la soumission" not in text
    assert validated_version.statut == StatutVersion.VALIDE


def test_only_the_pilot_region_committee_validates(gov, porteur_a1, signatories):
    from gouvernance.services import seance_convene

    from ..gouvernance.conftest import in_days

    version = services.contrat_create(
        territoire=gov.world.a1, by=gov.chef_a1, intitule="Contrat", annee_debut=2024, annee_fin=2027
    )
    with pytest.raises(ValidationError):
        services.version_submit(version=version, by=gov.chef_a1)  # no fiche yet
    from ..fiches_actions.conftest import complete_fiche

    fiche = complete_fiche(gov.world.a1, porteur_a1)
    FicheAction.objects.filter(pk=fiche.pk).update(statut="validee")
    services.version_set_fiches(version=version, by=gov.chef_a1, lignes=[(FicheAction.objects.get(pk=fiche.pk), True)])
    services.version_submit(version=version, by=gov.chef_a1)
    with pytest.raises(ValidationError, match="n'attend pas la validation de ce comité"):
        seance_convene(comite=gov.comite_regional_b, by=gov.pilote_b, date=in_days(3), lieu="Dijon", contrats=[version])


def test_signatures_then_sealed_pdf_then_verification(
    gov, validated_version, signatories, client, django_capture_on_commit_callbacks
):
    # A rejected or unvalidated contract cannot be signed; a party signs once; order is free.
    partie = validated_version.parties.get(type="region")
    with django_capture_on_commit_callbacks(execute=True):
        sign_all(validated_version, signatories)
    version = VersionContrat.objects.get(pk=validated_version.pk)
    assert version.statut == StatutVersion.SIGNE
    with pytest.raises(ValidationError):
        services.signature_record(
            partie=partie, by=gov.pilote_a, signataire="x", qualite="", lieu="Orléans", date=timezone.localdate()
        )
    document = DocumentContrat.objects.get(version=version)
    assert document.statut == StatutDocument.TERMINE and len(document.sha256) == 64
    content = read(document)
    assert seal_status(content)
    text = pdf_text(content)
    for titre in ("Usine de démonstration", "Industry-lab au CFAI", "Couverture 5G"):
        assert titre in text
    for partie in version.parties.all():
        assert partie.libelle.split(",")[0][:20] in text
    assert (timezone.localdate() - datetime.timedelta(days=1)).strftime("%Y") in text
    assert f"Référence {document.reference}" in text and "PROJET" not in text
    assert "2024-2027" in text  # years are not numbers to group by thousands
    assert gov.comite_a1.__class__.objects.get(pk=gov.comite_a1.pk).nom.startswith("Comité de suivi")

    # The verification page, public, by upload and by reference; one byte changed is not genuine.
    client.logout()
    from django.core.files.uploadedfile import SimpleUploadedFile

    genuine = client.post(reverse("contrats:verifier"), {"fichier": SimpleUploadedFile("c.pdf", content)})
    assert "Document authentique" in genuine.content.decode()
    tampered = bytearray(content)
    tampered[len(tampered) // 2] ^= 0x01
    refused = client.post(reverse("contrats:verifier"), {"fichier": SimpleUploadedFile("c.pdf", bytes(tampered))})
    assert "Document non authentique" in refused.content.decode()
    assert verify(content=bytes(tampered))["authentique"] is False
    by_reference = client.get(reverse("contrats:verifier_reference", args=[document.reference]))
    assert "Document authentique" in by_reference.content.decode()

    # Rendering twice yields one document.
    from contrats.services.documents import document_render

    document_render(document_id=document.pk)
    assert DocumentContrat.objects.count() == 1
    assert DocumentContrat.objects.get().sha256 == document.sha256


def test_preview_is_the_final_document_but_for_watermark_and_signatures(
    gov, validated_version, signatories, django_capture_on_commit_callbacks
):
    preview = pdf_text(render_contract(validated_version, projet=True))
    with django_capture_on_commit_callbacks(execute=True):
        sign_all(validated_version, signatories)
    final = pdf_text(read(DocumentContrat.objects.get()))
    assert "PROJET" in preview and "PROJET" not in final
    assert "Page des signatures" in final and "Page des signatures" not in preview
    for section in ("Préambule", "Gouvernance", "Synthèse financière", "Annexe : les fiches actions"):
        assert section in preview and section in final


def test_signed_contract_cannot_change(gov, validated_version, signatories, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_all(validated_version, signatories)
    version = VersionContrat.objects.get(pk=validated_version.pk)
    with pytest.raises(ValidationError):
        services.version_set_fiches(version=version, by=gov.chef_a1, lignes=[])
    # Even a direct ORM save is refused by the database.
    version.preambule = "Réécrit en douce"
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        version.save()
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        LigneContrat.objects.filter(version=version).update(engagement_ferme=False)
    # The admin shows it read-only.
    from habilitations.enums import Role

    from ..conftest import mandate

    client.force_login(mandate(Role.DELEGATION_NATIONALE))
    page = client.get(reverse("admin:contrats_versioncontrat_change", args=[version.pk])).content.decode()
    assert 'name="preambule"' not in page
    # An avenant makes version 2, validated and signed again, with its own document.
    avenant = services.avenant_create(contrat=version.contrat, by=gov.chef_a1, motif="Ajout du tiers-lieu")
    assert avenant.numero == 2 and avenant.lignes.count() == 3 and avenant.statut == StatutVersion.BROUILLON


def test_signature_needs_the_party_mandate_or_evidence(gov, validated_version, signatories, porteur_a1):
    partie = validated_version.parties.get(type="etat")
    with pytest.raises(PermissionDenied):
        services.signature_record(
            partie=partie, by=porteur_a1, signataire="x", qualite="", lieu="Tours", date=timezone.localdate()
        )
    with pytest.raises(ValidationError, match="Joignez la page de signature"):
        services.signature_record(
            partie=partie, by=gov.chef_a1, signataire="Préfet", qualite="", lieu="Tours", date=timezone.localdate()
        )
    from django.core.files.base import ContentFile

    services.signature_record(
        partie=partie,
        by=gov.chef_a1,
        signataire="Préfet",
        qualite="préfet",
        lieu="Tours",
        date=timezone.localdate(),
        preuve=ContentFile(b"%PDF-1.4 scan"),
    )
    assert partie.signature.preuve


def test_contract_sent_back_cannot_be_signed(gov, porteur_a1, signatories):
    from gouvernance.services import decision_record, seance_convene

    from ..fiches_actions.conftest import complete_fiche
    from ..gouvernance.conftest import in_days, move_to_past

    fiche = complete_fiche(gov.world.a1, porteur_a1)
    FicheAction.objects.filter(pk=fiche.pk).update(statut="validee")
    version = services.contrat_create(
        territoire=gov.world.a1, by=gov.chef_a1, intitule="Contrat", annee_debut=2024, annee_fin=2027
    )
    services.version_set_fiches(version=version, by=gov.chef_a1, lignes=[(FicheAction.objects.get(pk=fiche.pk), True)])
    services.version_submit(version=version, by=gov.chef_a1)
    seance = move_to_past(
        seance_convene(
            comite=gov.comite_regional_a, by=gov.pilote_a, date=in_days(3), lieu="Orléans", contrats=[version]
        )
    )
    decision_record(
        point=seance.points.get(),
        by=gov.membre_regional_a,
        verdict=Verdict.A_REVOIR,
        motifs="Préciser les engagements de la Région.",
    )
    with pytest.raises(ValidationError, match="revoir ce contrat"):
        services.signature_record(
            partie=version.parties.get(type="region"),
            by=gov.pilote_a,
            signataire="x",
            qualite="",
            lieu="Orléans",
            date=timezone.localdate(),
        )


def test_other_territory_sees_no_contract(gov, validated_version, client):
    client.force_login(gov.chef_b1)
    for url in (
        reverse("contrats:contrat_detail", args=[validated_version.contrat_id]),
        reverse("contrats:version_preview", args=[validated_version.pk]),
        reverse("contrats:version_fiches", args=[validated_version.pk]),
    ):
        assert client.get(url).status_code == 404


def test_failed_production_says_why_and_can_be_retried(
    gov, validated_version, signatories, client, settings, django_capture_on_commit_callbacks, tmp_path
):
    settings.PORTAIL_SEAL_KEY = str(tmp_path / "absente.pem")
    settings.PORTAIL_SEAL_CERT = str(tmp_path / "absent.pem")
    with django_capture_on_commit_callbacks(execute=True):
        sign_all(validated_version, signatories)  # the failure stays with the document, not the signer
    document = DocumentContrat.objects.get()
    assert document.statut == StatutDocument.ECHEC and "FileNotFoundError" in document.erreur
    assert VersionContrat.objects.get(pk=validated_version.pk).statut == StatutVersion.SIGNE  # signatures kept
    client.force_login(gov.chef_a1)
    page = client.get(reverse("contrats:contrat_detail", args=[validated_version.contrat_id])).content.decode()
    assert "La production du document a échoué" in page and "Relancer la production" in page
    status = client.get(reverse("contrats:document_status", args=[validated_version.pk])).json()
    assert status["statut"] == "echec" and status["fini"] is True
    settings.PORTAIL_SEAL_KEY = settings.PORTAIL_SEAL_CERT = ""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("contrats:document_retry", args=[validated_version.pk]))
    assert DocumentContrat.objects.get().statut == StatutDocument.TERMINE


def test_avenant_is_validated_signed_and_sealed_again(
    gov, validated_version, signatories, porteur_a1, client, django_capture_on_commit_callbacks
):
    from gouvernance.services import decision_record, seance_convene

    from ..fiches_actions.conftest import complete_fiche
    from ..gouvernance.conftest import in_days, move_to_past

    with django_capture_on_commit_callbacks(execute=True):
        sign_all(validated_version, signatories)
    avenant = services.avenant_create(
        contrat=validated_version.contrat, by=gov.chef_a1, motif="Ajout du tiers-lieu de Montlouis"
    )
    extra = complete_fiche(gov.world.a1, porteur_a1, titre="Tiers-lieu industriel à Montlouis")
    FicheAction.objects.filter(pk=extra.pk).update(statut="validee")
    lignes = [(ligne.fiche, ligne.engagement_ferme) for ligne in avenant.lignes.select_related("fiche")]
    services.version_set_fiches(
        version=avenant, by=gov.chef_a1, lignes=lignes + [(FicheAction.objects.get(pk=extra.pk), True)]
    )
    services.version_submit(version=avenant, by=gov.chef_a1)
    seance = move_to_past(
        seance_convene(
            comite=gov.comite_regional_a, by=gov.pilote_a, date=in_days(2), lieu="Orléans", contrats=[avenant]
        )
    )
    decision_record(point=seance.points.get(), by=gov.membre_regional_a, verdict=Verdict.VALIDEE)
    with django_capture_on_commit_callbacks(execute=True):
        sign_all(VersionContrat.objects.get(pk=avenant.pk), signatories)
    documents = DocumentContrat.objects.order_by("version__numero")
    assert [d.version.numero for d in documents] == [1, 2]
    assert all(d.statut == StatutDocument.TERMINE for d in documents)
    assert "Tiers-lieu industriel à Montlouis" in pdf_text(read(documents[1]))
    assert "Tiers-lieu industriel à Montlouis" not in pdf_text(read(documents[0]))
    client.force_login(gov.chef_a1)
    for version in (validated_version, avenant):
        response = client.get(reverse("contrats:version_download", args=[version.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_production_never_seals_with_a_generated_certificate(settings):
    from django.core.exceptions import ImproperlyConfigured

    from contrats.services.sceau import seal

    settings.PORTAIL_SEAL_REQUIRED = True
    settings.PORTAIL_SEAL_KEY = settings.PORTAIL_SEAL_CERT = ""
    with pytest.raises(ImproperlyConfigured, match="PORTAIL_SEAL_KEY"):
        seal(b"%PDF-1.4")


def test_two_people_preparing_the_contract_lose_nothing(gov, porteur_a1, client):
    """The chef de projet and the élu open the choice of fiches together; the second to save is told,
    and the first one's choice stays."""
    from django.test import Client

    from ..fiches_actions.conftest import complete_fiche

    fiches = []
    for titre in ("Usine-école", "Navette des zones d'activité"):
        fiche = complete_fiche(gov.world.a1, porteur_a1, titre=titre)
        FicheAction.objects.filter(pk=fiche.pk).update(statut="validee")
        fiches.append(fiche)
    version = services.contrat_create(
        territoire=gov.world.a1, by=gov.chef_a1, intitule="Contrat", annee_debut=2023, annee_fin=2027
    )
    url = reverse("contrats:version_fiches", args=[version.pk])
    chef, elu = Client(), Client()
    chef.force_login(gov.chef_a1)
    elu.force_login(gov.elu_a1)
    for session in (chef, elu):
        assert 'name="revision" value="1"' in session.get(url).content.decode()

    saved = chef.post(url, {"revision": 1, f"fiche-{fiches[0].pk}": "1", f"ordre-{fiches[0].pk}": "1"})
    assert saved.status_code == 302
    stale = elu.post(url, {"revision": 1, f"fiche-{fiches[1].pk}": "1", f"ordre-{fiches[1].pk}": "1"})
    page = stale.content.decode()
    assert stale.status_code == 200 and "modifié par quelqu&#x27;un d&#x27;autre" in page
    assert 'name="revision" value="2"' in page  # the form now shows the current choice
    assert [ligne.fiche_id for ligne in version.lignes.all()] == [fiches[0].pk]


def test_a_contract_title_does_not_repeat_its_period_and_periods_do_not_overlap(gov):
    from django.core.exceptions import ValidationError

    version = services.contrat_create(
        territoire=gov.world.a1,
        by=gov.chef_a1,
        intitule="Contrat de territoire 2023-2025",
        annee_debut=2023,
        annee_fin=2025,
    )
    assert str(version.contrat) == "Contrat de territoire (2023-2025)"
    with pytest.raises(ValidationError, match="recouvre"):
        services.contrat_create(
            territoire=gov.world.a1, by=gov.chef_a1, intitule="Autre", annee_debut=2025, annee_fin=2026
        )
    # A contract's period lies within its territory's phase (2023-2027 here).
    with pytest.raises(ValidationError, match="dépasse celle de la phase 2023-2027"):
        services.contrat_create(
            territoire=gov.world.a1, by=gov.chef_a1, intitule="Trop long", annee_debut=2026, annee_fin=2030
        )
    services.contrat_create(
        territoire=gov.world.a1, by=gov.chef_a1, intitule="Suivant", annee_debut=2026, annee_fin=2027
    )


def test_a_draft_contract_is_edited_or_deleted_after_confirmation_and_a_submitted_one_is_not(gov, porteur_a1, client):
    version = services.contrat_create(
        territoire=gov.world.a1, by=gov.chef_a1, intitule="Contrat", annee_debut=2024, annee_fin=2027
    )
    contrat = version.contrat
    client.force_login(gov.chef_a1)
    page = client.get(reverse("contrats:contrat_detail", args=[contrat.pk])).content.decode()
    assert "Modifier l'intitulé et la période" in page and "Supprimer le brouillon" in page
    edited = client.post(
        reverse("contrats:contrat_edit", args=[contrat.pk]),
        {"intitule": "Contrat de territoire 2025-2027", "annee_debut": 2025, "annee_fin": 2027},
    )
    assert edited.status_code == 302
    contrat.refresh_from_db()
    assert (contrat.intitule, contrat.annee_debut, contrat.annee_fin) == ("Contrat de territoire", 2025, 2027)
    confirm = client.get(reverse("contrats:contrat_delete", args=[contrat.pk])).content.decode()
    assert "Cette action ne se défait pas" in confirm and contrat.__class__.objects.filter(pk=contrat.pk).exists()
    gone = client.post(reverse("contrats:contrat_delete", args=[contrat.pk]))
    assert gone.status_code == 302 and not contrat.__class__.objects.filter(pk=contrat.pk).exists()

    from .conftest import submitted_contract

    submitted = submitted_contract(gov, porteur_a1)
    refused = client.post(reverse("contrats:contrat_delete", args=[submitted.contrat_id]), follow=True)
    assert "Seul un contrat encore en brouillon" in refused.content.decode()
    assert submitted.contrat.__class__.objects.filter(pk=submitted.contrat_id).exists()
    client.force_login(gov.chef_b1)
    assert client.post(reverse("contrats:contrat_delete", args=[submitted.contrat_id])).status_code == 404


def test_the_choice_of_fiches_works_past_a_thousand_fiches(gov, porteur_a1, client):
    """Ids and field names carry raw numbers: « fiche-1 234 » (a French thousands separator) would
    match no label and no posted field."""
    from ..fiches_actions.conftest import complete_fiche

    fiche = complete_fiche(gov.world.a1, porteur_a1, id=12345)
    FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.VALIDEE)
    version = services.contrat_create(
        territoire=gov.world.a1, by=gov.chef_a1, intitule="Contrat", annee_debut=2024, annee_fin=2027
    )
    client.force_login(gov.chef_a1)
    url = reverse("contrats:version_fiches", args=[version.pk])
    assert 'id="fiche-12345"' in client.get(url).content.decode()
    client.post(url, {"fiche-12345": "1", "ordre-12345": "1", "ferme-12345": "1", "revision": version.revision})
    assert [(ligne.fiche_id, ligne.engagement_ferme) for ligne in version.lignes.all()] == [(12345, True)]


def test_every_page_of_a_sealed_contract_carries_the_same_qr_code_image(validated_version):
    """The verification QR code is one image placed on every page (decoded and stored once), and it
    says the verification link printed beside it."""
    import io

    from pypdf import PdfReader

    from contrats.services.contenu import verification_url

    reader = PdfReader(io.BytesIO(render_contract(validated_version, projet=False, reference="ABCD123456")))
    images = set()
    for page in reader.pages:
        xobjects = page["/Resources"]["/XObject"].get_object()
        images |= {ref.idnum for ref in xobjects.values() if ref.get_object()["/Subtype"] == "/Image"}
        assert verification_url("ABCD123456") in page.extract_text().replace("\n", "")
    assert len(reader.pages) >= 2 and len(images) == 1
