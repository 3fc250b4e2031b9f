"""Schemathesis against the portal's own OpenAPI schema, as four roles of three levels, with data
inside and outside the schema: no server error, every status code, content type and body as the
schema says, bad data refused and good data accepted."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from comptes.services import jeton_create
from habilitations.enums import Role

from ..conftest import mandate
from ..fiches_actions.conftest import complete_fiche

pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,"
    "negative_data_rejection,positive_data_acceptance"
)


@pytest.mark.parametrize("role", ["porteur", "chef de projet", "pilote régional", "délégation"])
def test_api_survives_fuzzing_within_and_outside_its_schema(gov, porteur_a1, live_server, tmp_path, role):
    complete_fiche(gov.world.a1, porteur_a1, titre="Fiche existante")  # something to read and to patch
    user = {"porteur": porteur_a1, "chef de projet": gov.chef_a1, "pilote régional": gov.pilote_a, "délégation": None}[
        role
    ] or mandate(Role.DELEGATION_NATIONALE)
    _, token = jeton_create(user=user, nom="Fuzzing")
    st = shutil.which("st", path=str(Path(sys.executable).parent))
    assert st, "schemathesis manque : la commande de test installe les dépendances de développement"
    result = subprocess.run(
        [
            st,
            "--config-file",
            str(Path(__file__).with_name("schemathesis.toml")),
            "run",
            f"{live_server.url}/api/schema/",
            "--url",
            live_server.url,
            "-H",
            f"Authorization: Token {token}",
            "--checks",
            CHECKS,
            "--mode",
            "all",
            "--max-examples",
            "5",
            "--seed",
            "2019",
            "--request-timeout",
            "30",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=900,
    )
    report = Path(__file__).resolve().parents[2] / "test-artifacts" / f"fuzzing-{role.replace(' ', '-')}.txt"
    report.parent.mkdir(exist_ok=True)
    report.write_text(result.stdout + result.stderr)
    summary = result.stdout[-6000:]
    assert result.returncode == 0, summary
    # Counts of failed cases (« 3 failed »), not the warnings' wording (« Authentication failed: … » is a
    # porteur refused a protocol, as it must be).
    totals = summary.split("SUMMARY")[-1]
    assert " passed" in totals and not re.search(r"\d+ failed", totals), summary
