"""No fiche leaks: drafts stay with their authors and the territory's lead; another territory gets 404
on the fiche, its attachments, comments and history, and finds nothing by search or export."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fiches_actions.enums import StatutFiche
from fiches_actions.models import FicheAction
from fiches_actions.scoping import visible_fiches
from fiches_actions.services import fiche_share, piece_add
from habilitations.enums import Role
from habilitations.models import Mandat
from habilitations.scoping import can, forget_cached_scope, forget_scope

from ..conftest import mandate
from .conftest import complete_fiche

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def ids(user):
    return set(visible_fiches(user).values_list("titre", flat=True))


def test_draft_is_seen_by_its_authors_and_the_territory_lead_only(gov, porteur_a1, stranger):
    draft = complete_fiche(gov.world.a1, porteur_a1, titre="Brouillon confidentiel")
    other_porteur = mandate(Role.PORTEUR_PROJET, territoire=gov.world.a1)
    assert "Brouillon confidentiel" in ids(porteur_a1)
    assert "Brouillon confidentiel" in ids(gov.chef_a1) and "Brouillon confidentiel" in ids(gov.elu_a1)
    for user in (other_porteur, gov.etat_a1, gov.pilote_a, mandate(Role.DELEGATION_NATIONALE), gov.chef_b1, stranger):
        assert "Brouillon confidentiel" not in ids(user)
    # A colleague without a mandate on the territory cannot be made co-author: the right would outlive
    # any mandate. Once a porteur of the territory, they see (and may edit) this one draft as co-author.
    with pytest.raises(ValidationError, match="pas de mandat en cours"):
        fiche_share(fiche=draft, by=porteur_a1, coauteur=stranger)
    colleague = mandate(Role.PORTEUR_PROJET, territoire=gov.world.a1)
    fiche_share(fiche=draft, by=porteur_a1, coauteur=colleague)
    assert ids(colleague) == {"Brouillon confidentiel"}
    assert can(colleague, "fiche.edit", draft)
    # Their mandate ends: the grant stays in the database but opens nothing any more.
    Mandat.objects.filter(user=colleague).update(date_fin=timezone.localdate())
    forget_cached_scope(colleague.pk)  # update() sends no signal: as a service would, retire the scope
    forget_scope(colleague)
    assert ids(colleague) == set() and not can(colleague, "fiche.edit", draft)


def test_submitted_fiche_is_seen_by_territory_region_and_nation(gov, porteur_a1):
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="Fiche déposée")
    FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.DEPOSEE)
    for user in (
        gov.etat_a1,
        gov.pilote_a,
        mandate(Role.DELEGATION_NATIONALE),
        mandate(Role.REFERENT_OPERATEUR, territoire=gov.world.a1),
    ):
        assert "Fiche déposée" in ids(user)
    for user in (gov.chef_b1, gov.pilote_b):
        assert "Fiche déposée" not in ids(user)


def test_other_territory_gets_404_everywhere(gov, porteur_a1, client):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.DEPOSEE)
    piece = piece_add(fiche=fiche, by=porteur_a1, name="budget.pdf", content=PDF)
    client.force_login(gov.chef_b1)
    for url in (
        reverse("fiches_actions:fiche_detail", args=[fiche.pk]),
        reverse("fiches_actions:piece_download", args=[piece.pk]),
        reverse("fiches_actions:fiche_version", args=[fiche.pk]),
        reverse("fiches_actions:fiche_summary", args=[fiche.pk]),
        reverse("fiches_actions:fiche_step", args=[fiche.pk, "identification"]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("fiches_actions:comment_create", args=[fiche.pk]), {"texte": "x"}).status_code == 404
    assert not fiche.commentaires.exists()


def test_search_and_export_find_nothing_of_others_drafts(gov, porteur_a1, client):
    complete_fiche(gov.world.a1, porteur_a1, titre="Robotique collaborative secrète")
    client.force_login(gov.chef_b1)
    search = client.get(reverse("fiches_actions:search"), {"q": "robotique"})
    assert search.context["page_obj"].paginator.count == 0
    export = client.get(reverse("fiches_actions:fiche_list"), {"format": "csv"})
    assert "Robotique" not in b"".join(export.streaming_content).decode()
    export = client.get(reverse("fiches_actions:fiche_list"), {"format": "xlsx"})
    workbook = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    assert all("Robotique" not in str(c.value) for row in workbook.active.iter_rows() for c in row)


def test_validated_fiche_reads_as_good_practice_elsewhere(gov, porteur_a1, client):
    fiche = complete_fiche(gov.world.a1, porteur_a1, titre="École de production de Roanne")
    FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.VALIDEE)
    piece = piece_add(fiche=fiche, by=porteur_a1, name="budget.pdf", content=PDF)
    client.force_login(gov.chef_b1)
    page = client.get(reverse("fiches_actions:fiche_detail", args=[fiche.pk])).content.decode()
    assert "Bonne pratique validée" in page and "Une usine-école ouverte aux PME" in page
    # No amount of its financing plan (600,000 and 400,000 €), however the digits are grouped; a bare
    # « 600 » also matched a factory's user name (« Camille Personne600 »).
    assert not re.search(r"[64]00[\s\u202f\xa0.]?000", page)
    assert "Plan de financement" not in page and "budget.pdf" not in page
    assert client.get(reverse("fiches_actions:piece_download", args=[piece.pk])).status_code == 404
    found = client.get(reverse("fiches_actions:search"), {"q": "ecole production"})
    assert [f.titre for f in found.context["page_obj"]] == ["École de production de Roanne"]


def test_search_is_french_accent_insensitive_and_ranked(gov, porteur_a1, client):
    for titre, description in (
        ("Fibre optique des zones d'activité", "Raccorder les industriels à la fibre."),
        ("Bachelor industrie et numérique", "Former aux métiers de l'industrie numérique."),
        ("Clubs d'industriels", "Recruter des animateurs pour les clubs."),
    ):
        fiche = complete_fiche(gov.world.a1, porteur_a1, titre=titre, description=description)
        FicheAction.objects.filter(pk=fiche.pk).update(statut=StatutFiche.DEPOSEE)
    client.force_login(gov.chef_a1)
    titles = [f.titre for f in client.get(reverse("fiches_actions:search"), {"q": "numerique"}).context["page_obj"]]
    assert titles == ["Bachelor industrie et numérique"]
    titles = [f.titre for f in client.get(reverse("fiches_actions:search"), {"q": "industriels"}).context["page_obj"]]
    assert titles[0] == "Clubs d'industriels"  # in the title: ranked before a match in the description
    assert "Fibre optique des zones d'activité" in titles


def test_a_list_total_follows_every_change(gov, porteur_a1, client):
    """The total of a list is cached, yet a new fiche or a new mandate shows at once."""
    from gouvernance.services.mandats import mandat_end
    from habilitations.enums import Role
    from habilitations.models import Mandat

    from ..conftest import mandate

    elsewhere = complete_fiche(gov.world.b1, gov.chef_b1, titre="Fiche du Creusot")
    FicheAction.objects.filter(pk=elsewhere.pk).update(statut=StatutFiche.DEPOSEE)
    client.force_login(gov.chef_a1)

    def total():
        # As the page says it: the list is kept between loads, so it is read, not its context.
        page = client.get(reverse("fiches_actions:fiche_list")).content.decode()
        return int(re.search(r'<p role="status">(\d+) fiches?\.', page).group(1))

    before = total()
    assert total() == before  # served from the cache
    complete_fiche(gov.world.a1, porteur_a1, titre="Une de plus")
    assert total() == before + 1
    mandate(Role.CHEF_DE_PROJET, territoire=gov.world.b1, user=gov.chef_a1)
    assert total() == before + 2  # B1's submitted fiche too, now that a mandate opens it
    mandat_end(mandat=Mandat.objects.get(user=gov.chef_a1, territoire=gov.world.b1), by=None)
    assert total() == before + 1


def test_a_wrong_filter_value_drops_that_filter_only_and_says_so(gov, porteur_a1, client):
    complete_fiche(gov.world.a1, porteur_a1, titre="Campus validé", axe="innovation")
    FicheAction.objects.filter(titre="Campus validé").update(statut=StatutFiche.VALIDEE)
    complete_fiche(gov.world.a1, porteur_a1, titre="Autre axe", axe="competences")
    FicheAction.objects.filter(titre="Autre axe").update(statut=StatutFiche.VALIDEE)
    client.force_login(gov.chef_a1)
    page = client.get(reverse("fiches_actions:fiche_list"), {"axe": "innovation", "statut": "n-importe-quoi"})
    assert [f.titre for f in page.context["page_obj"]] == ["Campus validé"]  # the axe still applies
    assert "Filtre non reconnu, ignoré : Statut." in page.content.decode()
