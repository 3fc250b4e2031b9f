"""Dashboard figures against a small hand-built dataset, and a région counts nothing of another."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction, LigneFinancement
from habilitations.enums import Role
from pilotage.dashboard import dashboard, selected_phase

from ..conftest import mandate
from ..fiches_actions.conftest import complete_fiche
from .conftest import in_days

pytestmark = pytest.mark.django_db


def current_phase():
    return selected_phase()


def _fiche(territoire, auteur, statut, axe, days=None, **extra):
    fiche = complete_fiche(territoire, auteur, axe=axe, **extra)
    update = {"statut": statut}
    if days is not None:
        submitted = timezone.now() - datetime.timedelta(days=100)
        update.update(deposee_le=submitted, decidee_le=submitted + datetime.timedelta(days=days))
    FicheAction.objects.filter(pk=fiche.pk).update(**update)
    return fiche


@pytest.fixture
def dataset(gov, porteur_a1):
    chef_b1 = gov.chef_b1
    validated = _fiche(gov.world.a1, porteur_a1, StatutFiche.VALIDEE, "innovation", days=10)
    _fiche(gov.world.a1, porteur_a1, StatutFiche.VALIDEE, "competences", days=30)
    _fiche(gov.world.a1, porteur_a1, StatutFiche.DEPOSEE, "competences")
    _fiche(gov.world.a1, porteur_a1, StatutFiche.BROUILLON, "foncier")
    _fiche(gov.world.b1, chef_b1, StatutFiche.VALIDEE, "transition", days=20)
    LigneFinancement.objects.filter(fiche=validated, financeur="region").update(montant_obtenu=Decimal("500000"))
    return gov


def cell(lines, row, column):
    return dict(dict((key.value, dict((c.value, n) for c, n in cells)) for key, cells in lines)[row])[column]


def test_national_figures(dataset):
    figures = dashboard(user=mandate(Role.DELEGATION_NATIONALE), phase=current_phase())
    assert figures["fiches"]["total"] == 4  # drafts are not counted
    assert [axe.value for axe, _cells in figures["fiches"]["lignes"]] == [
        "competences",
        "transition",
        "innovation",
        "foncier",
    ]
    assert cell(figures["fiches"]["lignes"], "competences", "validee") == 1
    assert cell(figures["fiches"]["lignes"], "competences", "deposee") == 1
    assert cell(figures["fiches"]["lignes"], "transition", "validee") == 1
    assert figures["delai_median"] == 20 and figures["nb_decisions"] == 3
    assert figures["simplifications"] == {"total": 0, "repondues": 0}
    region = {r["libelle"]: (r["demande"], r["obtenu"]) for r in figures["financement"]}
    assert region["Région"] == (Decimal("1800000"), Decimal("500000"))  # 3 validated fiches × 600 000
    assert figures["territoires"]["total"] == 4


def test_regional_dashboard_counts_nothing_of_another_region(dataset, client):
    figures = dashboard(user=dataset.pilote_b, phase=current_phase())
    assert figures["fiches"]["total"] == 1  # only B1's
    assert [r["libelle"] for r in figures["financement"]] == ["Région", "État"]
    assert sum(r["demande"] for r in figures["financement"]) == Decimal("1000000")
    assert {t["code"] for t in figures["activite"]} == {dataset.world.b1.code, dataset.world.ab.code}
    client.force_login(dataset.pilote_a)
    page = client.get("/tableau-de-bord/").content.decode()
    assert "Tableau de bord" in page and "/fiches/?phase=2023-2027&amp;axe=competences&amp;statut=validee" in page
    assert dataset.world.b1.nom not in page


@pytest.mark.parametrize("who", ["national", "regional", "territorial"])
def test_dashboard_query_count_does_not_grow(dataset, porteur_a1, client, who):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portail.cache import figures_changed

    user = {
        "national": lambda: mandate(Role.DELEGATION_NATIONALE),
        "regional": lambda: dataset.pilote_a,
        "territorial": lambda: dataset.chef_a1,
    }[who]()
    client.force_login(user)

    def count(change):
        # What writes do: retire every territory's aggregates (a bulk import), one territory's (a
        # decision), or nothing (a second load).
        if change == "all":
            figures_changed()
        elif change == "one":
            figures_changed(territoires=[dataset.world.a1.pk])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/tableau-de-bord/").status_code == 200
        return len(ctx.captured_queries)

    count("all")  # the first load of a process also reads the reference map once
    small = count("all"), count("one"), count(None)
    for i in range(10):
        _fiche(dataset.world.a2, porteur_a1, StatutFiche.VALIDEE, "foncier", days=i)
        _fiche(dataset.world.a1, porteur_a1, StatutFiche.DEPOSEE, "innovation")
    assert (count("all"), count("one"), count(None)) == small
    assert small[2] < small[1] <= small[0]  # a second load reads the figures from the cache
    assert small[0] <= 18  # even recounting every territory: one grouped query per kind of aggregate


def test_a_decision_shows_at_the_next_load(dataset, client, django_capture_on_commit_callbacks):
    from gouvernance.enums import Verdict
    from gouvernance.services import decision_record, seance_convene

    from .conftest import in_days, move_to_past

    client.force_login(dataset.pilote_a)

    def validated_innover():
        html = client.get("/tableau-de-bord/").content.decode()
        return int(re.search(r'axe=innovation&amp;statut=validee">(\d+)<', html).group(1))

    fiche = _fiche(dataset.world.a1, dataset.chef_a1, StatutFiche.DEPOSEE, "innovation")
    before = validated_innover()
    assert validated_innover() == before  # now served from the cache
    with django_capture_on_commit_callbacks(execute=True):
        seance = move_to_past(
            seance_convene(
                comite=dataset.comite_a1, by=dataset.chef_a1, date=in_days(5), lieu="Amboise", fiches=[fiche]
            )
        )
        decision_record(point=seance.points.get(), by=dataset.elu_a1, verdict=Verdict.VALIDEE)
    assert validated_innover() == before + 1


def test_regional_dashboard_puts_its_territories_side_by_side(dataset, client):
    client.force_login(dataset.pilote_a)
    page = client.get("/tableau-de-bord/")
    figures = page.context
    assert figures["niveau"] == "regional"
    lines = {line["code"]: line for line in figures["cote_a_cote"]}
    # Région A sees its own territories and the one spanning both régions, nothing of B1.
    assert set(lines) == {dataset.world.a1.code, dataset.world.a2.code, dataset.world.ab.code}
    a1 = lines[dataset.world.a1.code]
    assert (a1["deposees"], a1["validees"]) == (3, 2)
    assert a1["demande"] == Decimal("2000000") and a1["obtenu"] == Decimal("500000")
    assert [r["code"] for r in figures["regions"]] == [dataset.world.region_a.code]
    html = page.content.decode()
    assert f"/fiches/?territoire={dataset.world.a1.code}&amp;statut=validee" in html


def test_territorial_dashboard_shows_follow_up_indicators_seances_and_contract(dataset, client):
    from fiches_actions.models import Indicateur, ValeurIndicateur
    from gouvernance.services import seance_convene

    from .conftest import in_days

    FicheAction.objects.filter(statut=StatutFiche.VALIDEE).update(suivi="non_demarree")  # as a validation sets it
    validated = FicheAction.objects.filter(territoire=dataset.world.a1, statut=StatutFiche.VALIDEE).first()
    FicheAction.objects.filter(pk=validated.pk).update(suivi="en_cours")
    indicateur = Indicateur.objects.create(fiche=validated, libelle="Apprentis formés", unite="personnes", cible=50)
    ValeurIndicateur.objects.create(
        indicateur=indicateur, date=datetime.date(2020, 6, 30), valeur=12, saisie_par=dataset.chef_a1
    )
    ValeurIndicateur.objects.create(
        indicateur=indicateur, date=datetime.date(2021, 6, 30), valeur=31, saisie_par=dataset.chef_a1
    )
    seance_convene(
        comite=dataset.comite_a1,
        by=dataset.chef_a1,
        date=in_days(12),
        lieu="Amboise",
        points_libres=["Point d’étape du contrat"],
    )
    client.force_login(dataset.chef_a1)
    page = client.get("/tableau-de-bord/")
    assert page.context["niveau"] == "territorial" and "regions" not in page.context
    assert dict((s.value, n) for s, n in page.context["suivi"]) == {
        "non_demarree": 1,
        "en_cours": 1,
        "realisee": 0,
        "abandonnee": 0,
    }
    [row] = page.context["indicateurs"]
    assert (row["libelle"], row["derniere_valeur"], row["nb_valeurs"]) == ("Apprentis formés", 31, 2)
    assert len(page.context["prochaines_seances"]) == 1
    html = page.content.decode()
    assert "Aucun contrat n'a encore été préparé." in html and "Apprentis formés" in html


def test_national_map_has_every_region_with_its_count(db, client):
    """Drawn from the shipped GeoJSON: mainland régions and the overseas ones in insets."""
    import json

    from territoires.models import Contour, Region, Territoire
    from territoires.services.referentiel import DATA_DIR

    features = json.loads((DATA_DIR / "regions.geojson").read_text())["features"]
    for feature in features:
        Region.objects.create(code=feature["properties"]["insee_reg"], nom=feature["properties"]["lib_reg"])
        Contour.objects.create(
            objet=Contour.Objet.REGION, code=feature["properties"]["insee_reg"], geojson=feature["geometry"]
        )
    from ..factories import TerritoireFactory

    bretagne = Region.objects.get(code="53")
    for i in range(3):
        TerritoireFactory(code=f"ti-53{i:02}", nom=f"Territoire breton {i}", region_pilote=bretagne)
    client.force_login(mandate(Role.DELEGATION_NATIONALE))
    page = client.get("/tableau-de-bord/")
    carte = page.context["carte"]
    assert len(carte["regions"]) == 18 and len(carte["insets"]) == 5
    regions = {r["code"]: r for r in carte["regions"]}
    assert regions["53"]["n"] == 3 and regions["53"]["classe"] == 1 and regions["11"]["n"] == 0
    html = page.content.decode()
    assert "<title>Bretagne : 3 territoires</title>" in html
    assert "/territoires/?pilote=53&amp;phase=2023-2027" in html
    assert Territoire.objects.count() == 3


def test_the_national_map_of_every_perimeter_stays_light_and_labels_sit_inside_their_region(db, client):
    """All régions and the 183 perimeters of 2023-2027, as shipped: the page stays under 150 kB of
    HTML, neighbours still share their borders once simplified, and each number is inside its région."""
    import json

    import shapely
    from shapely.geometry import Point, shape

    from territoires.maps import _fit, _projected, _simplified
    from territoires.models import Contour, Region
    from territoires.services.referentiel import DATA_DIR

    from ..factories import TerritoireFactory

    features = json.loads((DATA_DIR / "regions.geojson").read_text())["features"]
    geometries = {}
    for feature in features:
        code = feature["properties"]["insee_reg"]
        Region.objects.create(code=code, nom=feature["properties"]["lib_reg"])
        Contour.objects.create(objet=Contour.Objet.REGION, code=code, geojson=feature["geometry"])
        geometries[code] = feature["geometry"]
    for feature in json.loads((DATA_DIR / "territoires_industrie_2023.geojson").read_text())["features"]:
        code = feature["properties"]["id_anct"]
        TerritoireFactory(
            code=code, nom=feature["properties"]["libelle"], region_pilote=Region.objects.get(code=code[3:5])
        )
        Contour.objects.create(objet=Contour.Objet.TERRITOIRE, code=code, geojson=feature["geometry"])
    client.force_login(mandate(Role.DELEGATION_NATIONALE))
    page = client.get("/tableau-de-bord/")
    assert len(page.content) < 150_000
    carte = page.context["carte"]
    assert len(carte["territoires"]) == 183

    mainland = {code: g for code, g in geometries.items() if code not in {"01", "02", "03", "04", "06"}}
    project, _ = _fit(mainland.values(), x=0, y=0, width=560, height=560)
    shapes = _projected(mainland, dict.fromkeys(mainland, project))
    simplified = _simplified(shapes)
    # Centre-Val de Loire and Île-de-France: their common border is simplified once and stays common
    # (simplified one by one, the two overlap by several square pixels and leave slivers).
    centre, idf = simplified["24"], simplified["11"]
    assert centre.intersection(idf).area == 0
    assert shapely.simplify(shapes["24"], 1.2).intersection(shapely.simplify(shapes["11"], 1.2)).area > 1
    shared_before = shapes["24"].boundary.intersection(shapes["11"].boundary).length
    assert centre.boundary.intersection(idf.boundary).length > 0.7 * shared_before
    for region in carte["regions"]:
        if region["code"] in simplified:
            x, y = (float(v) for v in region["label"])
            assert simplified[region["code"]].buffer(1).contains(Point(x, y)), region["code"]
    assert shape(geometries["24"]).is_valid


def test_funding_rows_lead_to_the_fiches_they_sum(dataset, client):
    from territoires.models import Operateur

    from ..factories import operateur

    bpi = operateur()
    validated = FicheAction.objects.filter(territoire=dataset.world.a1, statut=StatutFiche.VALIDEE).first()
    LigneFinancement.objects.create(
        fiche=validated, financeur="operateur", operateur=bpi, montant=Decimal("1000"), statut="sollicite"
    )
    client.force_login(mandate(Role.DELEGATION_NATIONALE))
    html = client.get("/tableau-de-bord/").content.decode()
    assert "/fiches/?phase=2023-2027&amp;statut=validee&amp;financeur=region" in html
    link = f"/fiches/?phase=2023-2027&amp;statut=validee&amp;financeur=operateur&amp;operateur={bpi.pk}"
    assert link in html
    listed = client.get(link.replace("&amp;", "&")).context["page_obj"]
    assert [f.pk for f in listed] == [validated.pk]
    every = client.get("/fiches/?statut=validee&financeur=region").context["page_obj"].paginator.count
    assert every == 3 and Operateur.objects.count() >= 1


def test_the_next_seances_follow_each_convening_and_the_clock(gov, client, monkeypatch):
    """The next séances are kept between loads: a séance convened, cancelled or given an agenda item
    shows at the next load, and one that has begun leaves the list without anything written."""
    from gouvernance.models import PointOrdreDuJour
    from gouvernance.services import seance_cancel, seance_convene

    later = seance_convene(
        comite=gov.comite_a1, by=gov.chef_a1, date=in_days(12), lieu="Amboise", points_libres=["Ouverture"]
    )
    client.force_login(gov.chef_a1)

    def listed():
        page = client.get("/tableau-de-bord/")
        return [(s.lieu, s.nb_points) for s in page.context["prochaines_seances"]]

    assert listed() == [("Amboise", 1)]
    soon = seance_convene(
        comite=gov.comite_a1, by=gov.chef_a1, date=in_days(3), lieu="Loches", points_libres=["Ouverture"]
    )
    assert listed() == [("Loches", 1), ("Amboise", 1)]
    PointOrdreDuJour.objects.create(seance=later, ordre=2, titre="Point d'étape du contrat")
    assert listed() == [("Loches", 1), ("Amboise", 2)]
    assert "2 points à l'ordre du jour" in client.get("/tableau-de-bord/").content.decode()

    begun = soon.date + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: begun)
    assert listed() == [("Amboise", 2)]

    seance_cancel(seance=later, by=gov.chef_a1, motif="Quorum impossible à réunir")
    assert listed() == []


def test_a_region_with_many_territories_pages_them_side_by_side(dataset, client):
    """Twenty-five territories a page, by name: a région of ten times the programme keeps a page a
    browser opens at once, and every territory is on exactly one page."""
    from ..factories.territoires import TerritoireFactory

    TerritoireFactory.create_batch(28, region_pilote=dataset.world.region_a)
    client.force_login(dataset.pilote_a)

    def side_by_side(address):
        html = client.get(address).content.decode()
        table = html[html.index('id="territoires-cote-a-cote"') :]
        table = table[: table.index("</table>")]
        return html, re.findall(r'<th scope="row"><a href="/territoires/[^"]+/gouvernance/">([^<]+)</a>', table)

    first_html, first = side_by_side("/tableau-de-bord/")
    assert len(first) == 25 and first == sorted(first, key=str.casefold)
    assert "(1 à 25 sur 31, par nom)" in first_html
    second_link = re.search(r'href="\?([^"]*page=2)"', first_html).group(1)
    second_html, second = side_by_side(f"/tableau-de-bord/?{second_link.replace('&amp;', '&')}")
    assert len(second) == 6 and not set(first) & set(second)
    assert dataset.world.b1.nom not in first + second
    assert "Carte des territoires" in second_html or "Régions côte à côte" in second_html  # the rest stays
    assert side_by_side("/tableau-de-bord/?page=abc")[1] == first
    assert side_by_side("/tableau-de-bord/?page=99")[1] == second
    # The page HTML is shared within the scope: what one address adds does not reach another's links.
    from portail.cache import figures_changed

    figures_changed()  # as any change does: the next load renders the page again, here with « piege »
    client.get("/tableau-de-bord/?phase=2023-2027&page=2&piege=1")
    client.force_login(dataset.pilote_a)
    shared = client.get("/tableau-de-bord/?phase=2023-2027&page=2").content.decode()
    assert "piege" not in shared
    assert 'href="?phase=2023-2027&amp;page=1"' in shared
