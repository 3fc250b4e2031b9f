"""Demonstration data: real territories of the programme, one account per role and level.

Idempotent: a second run finds every account and mandate in place and changes nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from comptes.models import User
from territoires.enums import NiveauMaturite, StatutTerritoire
from territoires.models import Operateur, Region, Territoire

from .enums import Role
from .models import Mandat
from .services import compte_create, mandat_create

DOMAIN = "demo.territoires-industrie.example"

# Real cases of the programme (phase 2019-2022 codes): Grand Est Touraine (Centre-Val de Loire),
# Roanne - Tarare (Auvergne-Rhône-Alpes), Flandre - Saint-Omer (Hauts-de-France).
GRAND_EST_TOURAINE, ROANNE_TARARE, SAINT_OMER = "2402", "8411", "3209"
CENTRE_VAL_DE_LOIRE, AUVERGNE_RHONE_ALPES, HAUTS_DE_FRANCE = "24", "84", "32"

# (local part, first name, last name, organisation, role, territory or région code, operator)
ACCOUNTS = [
    ("elu.touraine", "Claire", "Moreau", "CC du Val d'Amboise", Role.ELU_BINOME, GRAND_EST_TOURAINE, None),
    ("industriel.touraine", "Marc", "Lefèvre", "Club des industriels du Val d'Amboise",
     Role.INDUSTRIEL_BINOME, GRAND_EST_TOURAINE, None),
    ("chef-projet.touraine", "Julie", "Bernard", "Pays Loire Touraine", Role.CHEF_DE_PROJET, GRAND_EST_TOURAINE, None),
    ("comite.touraine", "Paul", "Girard", "Préfecture d'Indre-et-Loire", Role.MEMBRE_COMITE_PROJET,
     GRAND_EST_TOURAINE, None),
    ("porteur.touraine", "Sophie", "Petit", "CFAI Centre-Val de Loire", Role.PORTEUR_PROJET, GRAND_EST_TOURAINE, None),
    ("bpifrance.touraine", "Nicolas", "Roux", "Bpifrance", Role.REFERENT_OPERATEUR, GRAND_EST_TOURAINE, "bpifrance"),
    ("chef-projet.roanne", "Émilie", "Fournier", "Roannais Agglomération", Role.CHEF_DE_PROJET, ROANNE_TARARE, None),
    ("elu.roanne", "Bernard", "Chevalier", "Communauté de communes du Pays de l'Arbresle",
     Role.ELU_BINOME, ROANNE_TARARE, None),
    ("chef-projet.saint-omer", "Thomas", "Lambert", "CA du Pays de Saint-Omer", Role.CHEF_DE_PROJET, SAINT_OMER, None),
    ("pilote.centre", "Isabelle", "Mercier", "Région Centre-Val de Loire", Role.PILOTE_REGIONAL,
     CENTRE_VAL_DE_LOIRE, None),
    ("comite-regional.centre", "Hervé", "Blanc", "Région Centre-Val de Loire", Role.MEMBRE_COMITE_REGIONAL,
     CENTRE_VAL_DE_LOIRE, None),
    ("etat.centre", "Nadia", "Guerin", "Préfecture de région Centre-Val de Loire", Role.SERVICES_ETAT_REGION,
     CENTRE_VAL_DE_LOIRE, None),
    ("pilote.aura", "Olivier", "Faure", "Région Auvergne-Rhône-Alpes", Role.PILOTE_REGIONAL,
     AUVERGNE_RHONE_ALPES, None),
    ("pilote.hdf", "Camille", "Robin", "Région Hauts-de-France", Role.PILOTE_REGIONAL, HAUTS_DE_FRANCE, None),
    ("delegation", "Anne", "Dubois", "Délégation aux Territoires d'industrie", Role.DELEGATION_NATIONALE, None, None),
    ("copil", "François", "Garnier", "Intercommunalités de France", Role.MEMBRE_COPIL_NATIONAL, None, None),
]


def _scope_kwargs(role: Role, code: str | None) -> dict:
    from .enums import ROLE_NIVEAU, Niveau

    niveau = ROLE_NIVEAU[role]
    if niveau == Niveau.TERRITORIAL:
        return {"territoire": Territoire.objects.defer("contour").get(code=code)}
    if niveau == Niveau.REGIONAL:
        return {"region": Region.objects.defer("contour").get(code=code)}
    return {}


@transaction.atomic
def demo_load(*, password: str) -> list[tuple[str, str]]:
    """Create the demo accounts and mandates; return (e-mail, description) for each account."""
    listing = []
    for local, first, last, organisation, role, code, operateur in ACCOUNTS:
        user = _account(f"{local}@{DOMAIN}", first, last, organisation, password)
        scope = _scope_kwargs(role, code)
        existing = Mandat.objects.active().filter(user=user, role=role, **scope).exists()
        if not existing:
            mandat_create(user=user, role=role, by=None,
                          operateur=Operateur.objects.get(code=operateur) if operateur else None,
                          date_debut=datetime.date(2019, 1, 1), **scope)
        where = next(iter(scope.values())).nom if scope else "national"
        listing.append((user.email, f"{role.label} — {where}"))

    # A former binôme member whose mandate ended with the 2020 elections: sees nothing any more.
    former = _account(f"ancien-elu.touraine@{DOMAIN}", "Jacques", "Martin", "CC du Castelrenaudais", password)
    if not Mandat.objects.filter(user=former).exists():
        mandat_create(user=former, role=Role.ELU_BINOME, by=None, date_debut=datetime.date(2018, 11, 22),
                      date_fin=datetime.date(2020, 7, 1),
                      territoire=Territoire.objects.defer("contour").get(code=GRAND_EST_TOURAINE))
    listing.append((former.email, "Ancien élu du binôme (mandat terminé en 2020) — ne voit plus rien"))
    nobody = _account(f"sans-mandat@{DOMAIN}", "Léa", "Simon", "", password)
    listing.append((nobody.email, "Compte sans mandat — pages publiques seulement"))

    Territoire.objects.filter(code=GRAND_EST_TOURAINE).update(niveau_maturite=NiveauMaturite.CONFIRME,
                                                              statut=StatutTerritoire.ACTIF)
    Territoire.objects.filter(code=ROANNE_TARARE).update(niveau_maturite=NiveauMaturite.EN_STRUCTURATION)
    Territoire.objects.filter(code=SAINT_OMER).update(niveau_maturite=NiveauMaturite.EN_STRUCTURATION)
    return listing


def _account(email: str, first: str, last: str, organisation: str, password: str) -> User:
    user, created = compte_create(email=email, first_name=first, last_name=last, organisation=organisation,
                                  password=password)
    if not created and not user.check_password(password):
        # The printed demo password must always work, even after someone changed it.
        user.set_password(password)
        user.save(update_fields=["password"])
    return user
