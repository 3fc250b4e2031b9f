import datetime
from decimal import Decimal

from fiches_actions.enums import Financeur, StatutFinancement
from fiches_actions.models import FicheAction, LigneFinancement
from territoires.phases import axe_for

# A real SIRET with a valid key (Luhn): the one of a public establishment.
SIRET_OK = "13002526500013"


def complete_fiche(territoire, auteur, **overrides):
    """A draft ready to be submitted: every required field and a plan that adds up."""
    epci = territoire.membres.filter(epci__isnull=False).first()
    fields = dict(
        titre="Usine de démonstration de l'industrie du futur",
        axe="innovation",
        description="Une usine-école ouverte aux PME du territoire pour tester la robotique collaborative.",
        objectifs="Former 200 salariés par an.",
        porteur_organisation="CFAI Centre-Val de Loire",
        porteur_siret=SIRET_OK,
        porteur_type="public",
        date_debut=datetime.date(2019, 9, 1),
        date_fin=datetime.date(2022, 12, 31),
        cout_total=Decimal("1000000.00"),
        localisation=epci.epci if epci else None,
    )
    fields.update(overrides)
    fields["axe"] = axe_for(territoire.phase_id, fields["axe"])
    fiche = FicheAction.objects.create(territoire=territoire, auteur=auteur, **fields)
    LigneFinancement.objects.create(
        fiche=fiche, financeur=Financeur.REGION, montant=Decimal("600000"), statut=StatutFinancement.SOLLICITE
    )
    LigneFinancement.objects.create(
        fiche=fiche, financeur=Financeur.ETAT, montant=Decimal("400000"), statut=StatutFinancement.ACQUIS
    )
    return fiche


def of_first_phase(territoire):
    """The territory as a 2019-2022 one: the phase whose « simplifier » axe carries simplification requests."""
    from tests.factories import phase

    territoire.phase = phase("2019-2022")
    territoire.save(update_fields=["phase"])
    return territoire
