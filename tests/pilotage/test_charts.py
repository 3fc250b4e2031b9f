"""The dashboards' charts: drawn from the same figures as their tables, inline SVG that the strict
Content-Security-Policy lets through (no style, no script), an image with a title and a summary for
screen readers, and fresh on the next load after a change."""

import datetime
import html
import re

import pytest
from django.utils import timezone

from fiches_actions.services import fiche_submit
from gouvernance.enums import Verdict
from gouvernance.services import decision_record, seance_convene

from ..factories.protocoles import ProtocoleFactory
from ..fiches_actions.conftest import complete_fiche
from ..gouvernance.conftest import validate_in_seance

pytestmark = pytest.mark.django_db

CHARTS = ("graphique-signatures", "graphique-fiches", "graphique-financement", "graphique-activite")


def _charts(client, user):
    client.force_login(user)
    page = client.get("/tableau-de-bord/").content.decode()
    found = {}
    for ident in CHARTS:
        match = re.search(rf'<svg [^>]*aria-labelledby="{ident}-titre {ident}-resume".*?</svg>', page, re.S)
        found[ident] = match.group(0) if match else None
    return page, found


def _desc(svg):
    return html.unescape(re.search(r"<desc [^>]*>(.*?)</desc>", svg, re.S).group(1))


def test_each_chart_says_what_its_table_says_and_passes_the_csp(gov, porteur_a1, client):
    ProtocoleFactory(territoire=gov.world.a1, signe=True, date_signature=datetime.date(2024, 3, 14))
    validated = complete_fiche(gov.world.a1, porteur_a1, titre="Campus des métiers")
    fiche_submit(fiche=validated, by=porteur_a1)
    waiting = complete_fiche(gov.world.a1, porteur_a1, titre="Plateforme hydrogène")
    fiche_submit(fiche=waiting, by=porteur_a1)
    validate_in_seance(gov, validated)

    page, charts = _charts(client, gov.chef_a1)
    assert all(charts.values()), [name for name, svg in charts.items() if not svg]
    for ident, svg in charts.items():
        assert 'role="img"' in svg and f'<title id="{ident}-titre">' in svg
        # Under style-src 'self' an inline style or script would be dropped: the charts carry neither.
        assert not re.search(r"<(style|script)\b|\sstyle=|\son\w+=", svg), ident
    assert "Innovation : déposées 2, validées 1" in _desc(charts["graphique-fiches"])
    assert "Région : demandé 600\u00a0k€, obtenu 0\u00a0€" in _desc(charts["graphique-financement"])
    assert "Protocoles d'accord : 2024 1" in _desc(charts["graphique-signatures"])
    quarter = (timezone.localdate().month - 1) // 3 + 1
    assert f"T{quarter} {timezone.localdate().year} 2" in _desc(charts["graphique-activite"])
    # The table beside each chart: the quarter's row counts the same two fiches.
    assert re.search(r"trimestre \d{4}</th><td>2</td><td>1</td>", page)


def test_a_new_fiche_shows_in_the_charts_at_the_next_load(gov, porteur_a1, client):
    first = complete_fiche(gov.world.a1, porteur_a1, titre="Campus des métiers")
    fiche_submit(fiche=first, by=porteur_a1)
    _html, before = _charts(client, gov.chef_a1)
    assert "Innovation : déposées 1," in _desc(before["graphique-fiches"])
    second = complete_fiche(gov.world.a1, porteur_a1, titre="Plateforme hydrogène")
    fiche_submit(fiche=second, by=porteur_a1)
    _html, after = _charts(client, gov.chef_a1)
    assert "Innovation : déposées 2," in _desc(after["graphique-fiches"])


def test_a_scope_without_figures_shows_no_empty_chart(gov, client):
    page, charts = _charts(client, gov.chef_a1)
    assert not any(charts.values())
    assert "Aucune fiche validée." in page


def test_a_label_edited_in_the_admin_is_escaped_in_the_charts(gov, porteur_a1, client):
    from territoires.models import Axe

    fiche = complete_fiche(gov.world.a1, porteur_a1)
    fiche_submit(fiche=fiche, by=porteur_a1)
    axe = Axe.objects.get(pk=fiche.axe_id)
    axe.libelle_court = '<script>alert("x")</script>'
    axe.save()
    page, charts = _charts(client, gov.chef_a1)
    assert charts["graphique-fiches"] is not None
    assert "<script>alert" not in page and "&lt;script&gt;alert" in charts["graphique-fiches"]
