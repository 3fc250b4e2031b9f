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


class TypeComite(models.TextChoices):
    PROJET = "projet", _("Comité de projet")
    REGIONAL = "regional", _("Comité régional")
    FINANCEURS = "financeurs", _("Comité des financeurs")
    PILOTAGE_NATIONAL = "pilotage_national", _("Comité de pilotage national")


class Qualite(models.TextChoices):
    ELU = "elu", _("Élu")
    INDUSTRIEL = "industriel", _("Industriel")
    REPRESENTANT_ETAT = "representant_etat", _("Représentant de l'État")
    REPRESENTANT_REGION = "representant_region", _("Représentant de la Région")
    PRESIDENT_EPCI = "president_epci", _("Président de l'EPCI")
    OPERATEUR = "operateur", _("Opérateur")
    PARTENAIRE = "partenaire", _("Partenaire")
    CHEF_DE_PROJET = "chef_de_projet", _("Chef de projet")
    MINISTERE = "ministere", _("Ministère")
    AUTRE = "autre", _("Autre")


# DOMAIN.md: the regional council, the State and the president of an EPCI always sit on a
# comité de projet; a committee missing one of them is flagged on its page.
QUALITES_REQUISES_COMITE_PROJET = {
    Qualite.REPRESENTANT_REGION: _("Aucun représentant de la Région ne siège au comité."),
    Qualite.REPRESENTANT_ETAT: _("Aucun représentant de l'État ne siège au comité."),
    Qualite.PRESIDENT_EPCI: _("Aucun président d'un EPCI du périmètre ne siège au comité."),
}


class StatutSeance(models.TextChoices):
    CONVOQUEE = "convoquee", _("Convoquée")
    RELEVE_PUBLIE = "releve_publie", _("Relevé publié")
    ANNULEE = "annulee", _("Annulée")


class Verdict(models.TextChoices):
    FAVORABLE = "favorable", _("Avis favorable")
    ACCEPTEE = "acceptee", _("Acceptée")
    REFUSEE = "refusee", _("Refusée")
    VALIDEE = "validee", _("Validée")
    A_COMPLETER = "a_completer", _("À compléter")
    A_REVOIR = "a_revoir", _("À revoir")
    PRIS_ACTE = "pris_acte", _("Pris acte")
    AJOURNE = "ajourne", _("Ajourné")


class StatutDemandePerimetre(models.TextChoices):
    DEPOSEE = "deposee", _("Déposée")
    ACCEPTEE = "acceptee", _("Acceptée")
    REFUSEE = "refusee", _("Refusée")


class Changement(models.TextChoices):
    AJOUT = "ajout", _("Ajouter")
    RETRAIT = "retrait", _("Retirer")
