"""Schemathesis against the portal's own OpenAPI schema, as a signed-in porteur: whatever it sends,
no server error and no response outside the schema."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from ..fiches_actions.conftest import complete_fiche

pytestmark = pytest.mark.django_db(transaction=True)


def test_api_survives_fuzzing_within_its_schema(gov, porteur_a1, live_server, tmp_path):
    complete_fiche(gov.world.a1, porteur_a1, titre="Fiche existante")  # something to read and to patch
    token = Token.objects.create(user=porteur_a1).key
    st = shutil.which("st", path=str(Path(sys.executable).parent))
    assert st, "schemathesis manque : la commande de test installe les dépendances de développement"
    result = subprocess.run(
        [st, "run", f"{live_server.url}/api/schema/", "--url", live_server.url,
         "-H", f"Authorization: Token {token}", "--checks", "not_a_server_error,response_schema_conformance",
         "--max-examples", "8", "--seed", "2019", "--request-timeout", "30", "--no-color"],
        capture_output=True, text=True, cwd=tmp_path, timeout=900)
    summary = result.stdout[-3000:]
    assert result.returncode == 0, summary
    assert " passed" in summary and "failed" not in summary.split("SUMMARY")[-1], summary
