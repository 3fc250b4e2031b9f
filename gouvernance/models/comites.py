import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..enums import Qualite, TypeComite


class Comite(models.Model):
    type = models.CharField(_("type"), max_length=20, choices=TypeComite.choices)
    territoire = models.ForeignKey(
        "territoires.Territoire", on_delete=models.CASCADE, null=True, blank=True, related_name="comites"
    )
    region = models.ForeignKey(
        "territoires.Region",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comites",
        verbose_name=_("région"),
    )
    # Set by the contract service when the territory's contract is signed, never by hand: from then
    # on the comité de projet follows the contract and is called comité de suivi.
    suivi_depuis = models.DateField(_("comité de suivi depuis le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("comité")
        verbose_name_plural = _("comités")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(type=TypeComite.PROJET, territoire__isnull=False, region__isnull=True)
                    | Q(
                        type__in=[TypeComite.REGIONAL, TypeComite.FINANCEURS],
                        region__isnull=False,
                        territoire__isnull=True,
                    )
                    | Q(type=TypeComite.PILOTAGE_NATIONAL, region__isnull=True, territoire__isnull=True)
                ),
                name="comite_perimetre_selon_type",
            ),
            models.UniqueConstraint(
                fields=["type", "territoire"],
                condition=Q(type=TypeComite.PROJET),
                name="un_comite_de_projet_par_territoire",
            ),
            models.UniqueConstraint(
                fields=["type", "region"],
                condition=Q(type__in=[TypeComite.REGIONAL, TypeComite.FINANCEURS]),
                name="un_comite_regional_par_region",
            ),
            models.UniqueConstraint(
                fields=["type"],
                condition=Q(type=TypeComite.PILOTAGE_NATIONAL),
                name="un_seul_comite_de_pilotage_national",
            ),
        ]

    def __str__(self):
        return self.nom

    @property
    def nom(self):
        if self.type == TypeComite.PROJET:
            # Once the territory's contract is signed the same committee follows it: comité de suivi.
            label = _("Comité de suivi") if self.suivi_depuis else _("Comité de projet")
            return f"{label} — {self.territoire.nom}"
        if self.region_id:
            return f"{self.get_type_display()} — {self.region.nom}"
        return str(self.get_type_display())

    @property
    def scoping_territoire(self):
        return self.territoire if self.type == TypeComite.PROJET else None

    @property
    def scoping_region(self):
        return self.region if self.region_id else None

    @property
    def scoping_national(self):
        return self.type == TypeComite.PILOTAGE_NATIONAL


class MembreComiteQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(date_fin__isnull=True) | Q(date_fin__gt=on), date_debut__lte=on)


class MembreComite(models.Model):
    comite = models.ForeignKey(Comite, on_delete=models.CASCADE, related_name="membres")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sieges", verbose_name=_("personne")
    )
    qualite = models.CharField(_("qualité"), max_length=24, choices=Qualite.choices)
    epci = models.ForeignKey(
        "territoires.EPCI",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("EPCI présidé"),
    )
    date_debut = models.DateField(_("membre depuis le"), default=timezone.localdate)
    date_fin = models.DateField(
        _("jusqu'au"), null=True, blank=True, help_text=_("Jour où la personne quitte le comité.")
    )

    objects = MembreComiteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membre de comité")
        verbose_name_plural = _("membres de comité")
        ordering = ["qualite", "user__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=models.F("date_debut")),
                name="membre_comite_fin_apres_debut",
            ),
            models.CheckConstraint(
                condition=~Q(qualite=Qualite.PRESIDENT_EPCI) | Q(epci__isnull=False),
                name="president_epci_nomme_son_epci",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_qualite_display()})"

    def is_active(self, on: datetime.date) -> bool:
        return self.date_debut <= on and (self.date_fin is None or self.date_fin > on)
