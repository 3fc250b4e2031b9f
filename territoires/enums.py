from django.db import models
from django.utils.translation import gettext_lazy as _


class Zone(models.TextChoices):
    METRO = "metro", _("Métropole")
    DROM = "drom", _("Outre-mer")


class NatureEPCI(models.TextChoices):
    CC = "CC", _("Communauté de communes")
    CA = "CA", _("Communauté d'agglomération")
    CU = "CU", _("Communauté urbaine")
    METRO = "METRO", _("Métropole")
    MET69 = "MET69", _("Métropole de Lyon")
    EPT = "EPT", _("Établissement public territorial")


class CodePhase(models.TextChoices):
    """The two phases the reference files describe; any other phase lives only in the `Phase` table."""

    PHASE_1 = "2019-2022", _("2019-2022")
    PHASE_2 = "2023-2027", _("2023-2027")


class StatutTerritoire(models.TextChoices):
    ACTIF = "actif", _("Actif")
    EN_SOMMEIL = "en_sommeil", _("En sommeil")
    SORTI = "sorti", _("Sorti du programme")


class NiveauMaturite(models.IntegerChoices):
    EMERGENT = 1, _("1 — émergent")
    EN_STRUCTURATION = 2, _("2 — en structuration")
    CONFIRME = 3, _("3 — confirmé")


class TypeMembre(models.TextChoices):
    EPCI = "epci", _("Intercommunalité à fiscalité propre")
    # The Grand Paris territorial establishments are members of some territories but are not
    # EPCI à fiscalité propre: they have a SIREN and a name, nothing else in the reference.
    EPT = "ept", _("Établissement public territorial")
    COMMUNE = "commune", _("Commune")
