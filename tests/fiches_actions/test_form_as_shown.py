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
    login(porteur_a1)
    url = reverse("fiches_actions:fiche_step", args=[fiche.pk, etape])
    page = client.get(url).content.decode()
    data = as_shown(page)
    data["continuer"] = "1"
    response = client.post(url, data)
    assert response.status_code == 302, [
        line for line in response.content.decode().splitlines() if "fr-error-text" in line or "fr-alert" in line
    ]
    fiche.refresh_from_db()
    assert fiche.financements.count() == FicheAction.objects.get(pk=fiche.pk).financements.count() > 0
