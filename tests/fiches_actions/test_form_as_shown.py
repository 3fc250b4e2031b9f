"""Each step of the fiche form saves when posted exactly as the browser shows it: spare lines left
untouched are ignored, never refused."""

import lxml.html
import pytest
from django.urls import reverse

from fiches_actions.models import FicheAction

from .conftest import complete_fiche

pytestmark = pytest.mark.django_db


def as_shown(html: str) -> dict:
    """What a browser submits from the page's form without anyone touching it."""
    form = next(
        f
        for f in lxml.html.fromstring(html).forms
        if f.method.upper() == "POST" and f.inputs.keys() and "version" in f.inputs.keys()
    )
    data = {name: value for name, value in form.form_values()}
    for select in form.xpath(".//select"):
        if not select.xpath(".//option[@selected]") and select.get("name"):
            options = select.xpath(".//option")
            data[select.get("name")] = options[0].get("value", options[0].text) if options else ""
    return data


@pytest.mark.parametrize("etape", ["identification", "porteur", "financement", "indicateurs"])
def test_each_step_saves_as_shown(gov, porteur_a1, client, login, etape):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    plan = sorted(fiche.financements.values_list("financeur", "montant", "statut"))
    indicators = sorted(fiche.indicateurs.values_list("libelle", "cible"))
    login(porteur_a1)
    url = reverse("fiches_actions:fiche_step", args=[fiche.pk, etape])
    page = client.get(url).content.decode()
    data = as_shown(page)
    data["continuer"] = "1"
    response = client.post(url, data)
    assert response.status_code == 302, [
        line for line in response.content.decode().splitlines() if "fr-error-text" in line or "fr-alert" in line
    ]
    # Saved as shown: the spare lines added nothing and nothing was lost.
    saved = FicheAction.objects.get(pk=fiche.pk)
    assert plan and sorted(saved.financements.values_list("financeur", "montant", "statut")) == plan
    assert sorted(saved.indicateurs.values_list("libelle", "cible")) == indicators
