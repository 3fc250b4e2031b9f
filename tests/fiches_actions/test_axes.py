"""An axe belongs to its territory's phase: at creation, at an edit, and for a fiche the migration left
with an axe of the previous phase, whose next save asks for a current priority."""

import pytest
from django.core.exceptions import ValidationError

from fiches_actions.models import FicheAction
from fiches_actions.services import fiche_update
from territoires.models import Axe

from .conftest import complete_fiche

pytestmark = pytest.mark.django_db


def test_a_fiche_left_with_a_2019_axe_is_asked_for_a_current_priority(gov, porteur_a1):
    fiche = complete_fiche(gov.world.a1, porteur_a1)
    FicheAction.objects.filter(pk=fiche.pk).update(axe=Axe.objects.get(phase="2019-2022", code="recruter"))
    fiche.refresh_from_db()
    with pytest.raises(ValidationError, match="« recruter » n'est pas un axe de la phase 2023-2027"):
        fiche_update(fiche=fiche, by=porteur_a1, version=fiche.version, titre="Nouveau titre")
    assert FicheAction.objects.get(pk=fiche.pk).titre != "Nouveau titre"  # nothing written
    saved = fiche_update(fiche=fiche, by=porteur_a1, version=fiche.version, titre="Nouveau titre", axe="competences")
    assert (saved.titre, saved.axe.code, saved.axe.phase_id) == ("Nouveau titre", "competences", "2023-2027")
