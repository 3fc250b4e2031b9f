"""Open data: public files under Etalab 2.0 with their TableSchema, the same rows through the API
without authentication, and only the fiches a comité validated as « publiable »."""

import csv
import io
import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction
from gouvernance.enums import Verdict
from gouvernance.services import decision_record, seance_convene

from ..fiches_actions.conftest import complete_fiche
from ..gouvernance.conftest import move_to_past, validate_in_seance

pytestmark = pytest.mark.django_db


def _csv(response):
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert not text.startswith("\ufeff")  # schema.data.gouv.fr: UTF-8 without BOM
    return list(csv.DictReader(io.StringIO(text)))


def test_only_fiches_validated_as_publiable_are_published_with_their_financing(gov, porteur_a1):
    published = complete_fiche(gov.world.a1, porteur_a1, titre="Campus des métiers de l'industrie")
    kept = complete_fiche(gov.world.a1, porteur_a1, titre="Fiche validée sans publication")
    draft = complete_fiche(gov.world.a1, porteur_a1, titre="Brouillon confidentiel")
    for fiche in (published, kept):
        FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.DEPOSEE)
    validate_in_seance(gov, published, publiable=True)
    validate_in_seance(gov, kept, publiable=False)
    published.refresh_from_db()
    assert published.statut == StatutFiche.VALIDEE and published.publiable

    anonymous = Client()
    rows = _csv(anonymous.get("/donnees-ouvertes/fiches-publiables.csv"))
    assert [row["titre"] for row in rows] == ["Campus des métiers de l'industrie"]
    row = rows[0]
    assert row["code_territoire"] == gov.world.a1.code and row["validee_le"][:4].isdigit() and "-" in row["validee_le"]
    assert "." in row["cout_total"] or row["cout_total"].isdigit()  # a decimal point, never a comma
    assert draft.titre not in json.dumps(rows) and porteur_a1.email not in json.dumps(rows)
    financing = _csv(anonymous.get("/donnees-ouvertes/financements-fiches-publiables.csv"))
    assert financing and {line["id_fiche"] for line in financing} == {str(published.pk)}


def test_a_refused_or_non_fiche_decision_cannot_be_publiable(gov, porteur_a1):
    import datetime

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    fiche = complete_fiche(gov.world.a1, porteur_a1)
    FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.DEPOSEE)
    seance = seance_convene(
        comite=gov.comite_a1,
        by=gov.chef_a1,
        date=timezone.now() + datetime.timedelta(days=3),
        lieu="Amboise",
        fiches=[fiche],
        points_libres=["Point d'information"],
    )
    move_to_past(seance)
    with pytest.raises(ValidationError, match="Seule une fiche validée"):
        decision_record(
            point=seance.points.get(fiche=fiche),
            by=gov.elu_a1,
            verdict=Verdict.REFUSEE,
            motifs="Hors axe",
            publiable=True,
        )
    with pytest.raises(ValidationError, match="Seule une fiche validée"):
        decision_record(
            point=seance.points.get(fiche__isnull=True), by=gov.elu_a1, verdict=Verdict.PRIS_ACTE, publiable=True
        )


def test_every_file_has_its_schema_and_the_api_serves_the_same_rows_without_sign_in(gov):
    anonymous = Client()
    page = anonymous.get("/donnees-ouvertes/")
    assert page.status_code == 200 and "Etalab 2.0" in page.content.decode()
    names = [d.name for d in page.context["datasets"]]
    assert "territoires-2023-2027" in names and "chiffres-regions" in names
    for name in names:
        schema = json.loads(anonymous.get(f"/donnees-ouvertes/{name}.schema.json").content)
        assert schema["licenses"][0]["name"] == "etalab-2.0"
        rows = _csv(anonymous.get(f"/donnees-ouvertes/{name}.csv"))
        header = [field["name"] for field in schema["fields"]]
        body = b"".join(anonymous.get(f"/donnees-ouvertes/{name}.csv").streaming_content).decode()
        assert body.splitlines()[0] == ",".join(header)
        api = APIClient().get(f"/api/v1/public/{name}/")
        assert api.status_code == 200 and api.json()["count"] == len(rows)
        assert api.json()["schema"]["name"] == name
    territories = _csv(anonymous.get("/donnees-ouvertes/territoires-2023-2027.csv"))
    assert {row["code_territoire"] for row in territories} >= {gov.world.a1.code}
    assert anonymous.get("/donnees-ouvertes/inconnu.csv").status_code == 404
    assert APIClient().get("/api/v1/public/inconnu/").status_code == 404


def test_each_public_file_validates_against_its_table_schema_with_frictionless(gov, porteur_a1, tmp_path):
    """As data.gouv.fr's validator would: types, required fields, and no column outside the schema."""
    from django.utils import timezone
    from frictionless import Resource, Schema

    published = complete_fiche(gov.world.a1, porteur_a1, titre="Plateforme d'essais, « hydrogène » ; lot 2")
    FicheAction.objects.filter(pk=published.pk).update(statut=StatutFiche.DEPOSEE, deposee_le=timezone.now())
    validate_in_seance(gov, published, publiable=True)

    anonymous = Client()
    filled = set()
    for name in [d.name for d in anonymous.get("/donnees-ouvertes/").context["datasets"]]:
        descriptor = json.loads(anonymous.get(f"/donnees-ouvertes/{name}.schema.json").content)
        path = tmp_path / f"{name}.csv"
        path.write_bytes(b"".join(anonymous.get(f"/donnees-ouvertes/{name}.csv").streaming_content))
        schema = Schema.from_descriptor({key: descriptor[key] for key in ("fields", "primaryKey") if key in descriptor})
        report = Resource(path=path.name, basepath=str(tmp_path), schema=schema).validate()
        assert report.valid, (name, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5])
        if path.read_text(encoding="utf-8").count("\n") > 1:
            filled.add(name)
    # This world has no 2019-2022 territory; every other file had rows to validate.
    expected = {"territoires-2023-2027", "chiffres-regions", "fiches-publiables", "financements-fiches-publiables"}
    assert filled >= expected
