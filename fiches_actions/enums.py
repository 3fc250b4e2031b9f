from django.db import models
from django.utils.translation import gettext_lazy as _


class TypePorteur(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVE = "prive", _("Privé")
    PPP = "ppp", _("Partenariat public-privé")


class StatutFiche(models.TextChoices):
    BROUILLON = "brouillon", _("Brouillon")
    DEPOSEE = "deposee", _("Déposée")
    EN_INSTRUCTION = "en_instruction", _("En instruction")
    VALIDEE = "validee", _("Validée")
    A_COMPLETER = "a_completer", _("À compléter")
    REFUSEE = "refusee", _("Refusée")


class Suivi(models.TextChoices):
    NON_DEMARREE = "non_demarree", _("Non démarrée")
    EN_COURS = "en_cours", _("En cours")
    REALISEE = "realisee", _("Réalisée")
    ABANDONNEE = "abandonnee", _("Abandonnée")


class Financeur(models.TextChoices):
    ETAT = "etat", _("État")
    REGION = "region", _("Région")
    EPCI = "epci", _("EPCI")
    OPERATEUR = "operateur", _("Opérateur")
    EUROPE = "europe", _("Europe")
    PRIVE = "prive", _("Privé")
    AUTRE = "autre", _("Autre")


class StatutFinancement(models.TextChoices):
    SOLLICITE = "sollicite", _("Sollicité")
    ACQUIS = "acquis", _("Acquis")
