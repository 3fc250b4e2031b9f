from django.db import models
from django.utils.translation import gettext_lazy as _


class Niveau(models.TextChoices):
    TERRITORIAL = "territorial", _("Territorial")
    REGIONAL = "regional", _("Régional")
    NATIONAL = "national", _("National")


class Role(models.TextChoices):
    ELU_BINOME = "elu_binome", _("Élu du binôme")
    INDUSTRIEL_BINOME = "industriel_binome", _("Industriel du binôme")
    CHEF_DE_PROJET = "chef_de_projet", _("Chef de projet")
    MEMBRE_COMITE_PROJET = "membre_comite_projet", _("Membre du comité de projet")
    PORTEUR_PROJET = "porteur_projet", _("Porteur de projet")
    REFERENT_OPERATEUR = "referent_operateur", _("Référent opérateur")
    PILOTE_REGIONAL = "pilote_regional", _("Pilote régional")
    MEMBRE_COMITE_REGIONAL = "membre_comite_regional", _("Membre du comité régional")
    SERVICES_ETAT_REGION = "services_etat_region", _("Services de l'État en région")
    DELEGATION_NATIONALE = "delegation_nationale", _("Délégation nationale")
    MEMBRE_COPIL_NATIONAL = "membre_copil_national", _("Membre du comité de pilotage national")


ROLE_NIVEAU = {
    Role.ELU_BINOME: Niveau.TERRITORIAL,
    Role.INDUSTRIEL_BINOME: Niveau.TERRITORIAL,
    Role.CHEF_DE_PROJET: Niveau.TERRITORIAL,
    Role.MEMBRE_COMITE_PROJET: Niveau.TERRITORIAL,
    Role.PORTEUR_PROJET: Niveau.TERRITORIAL,
    Role.REFERENT_OPERATEUR: Niveau.TERRITORIAL,
    Role.PILOTE_REGIONAL: Niveau.REGIONAL,
    Role.MEMBRE_COMITE_REGIONAL: Niveau.REGIONAL,
    Role.SERVICES_ETAT_REGION: Niveau.REGIONAL,
    Role.DELEGATION_NATIONALE: Niveau.NATIONAL,
    Role.MEMBRE_COPIL_NATIONAL: Niveau.NATIONAL,
}

TERRITORIAL_ROLES = frozenset(r for r, n in ROLE_NIVEAU.items() if n == Niveau.TERRITORIAL)
REGIONAL_ROLES = frozenset(r for r, n in ROLE_NIVEAU.items() if n == Niveau.REGIONAL)
NATIONAL_ROLES = frozenset(r for r, n in ROLE_NIVEAU.items() if n == Niveau.NATIONAL)
ALL_ROLES = frozenset(ROLE_NIVEAU)
