from django.db import models
from django.utils.translation import gettext_lazy as _


class StatutVersion(models.TextChoices):
    BROUILLON = "brouillon", _("Brouillon")
    SOUMIS = "soumis", _("Soumis au comité régional")
    VALIDE = "valide", _("Validé")
    A_REVOIR = "a_revoir", _("À revoir")
    SIGNE = "signe", _("Signé")


class TypePartie(models.TextChoices):
    ETAT = "etat", _("État")
    REGION = "region", _("Région")
    EPCI = "epci", _("Intercommunalité")
    INDUSTRIEL = "industriel", _("Industriels")
    OPERATEUR = "operateur", _("Opérateur")
    # Any partner the territory adds: the Département, a CCI, ADEME… signs with its scanned page.
    AUTRE = "autre", _("Autre partenaire")


class StatutDocument(models.TextChoices):
    EN_ATTENTE = "en_attente", _("En attente")
    EN_COURS = "en_cours", _("En cours")
    TERMINE = "termine", _("Terminé")
    ECHEC = "echec", _("Échec")
