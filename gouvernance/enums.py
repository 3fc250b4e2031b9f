from django.db import models
from django.utils.translation import gettext_lazy as _


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
