import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portail.rules import ends_before_start

from ..enums import NATIONAL_ROLES, REGIONAL_ROLES, ROLE_NIVEAU, TERRITORIAL_ROLES, Niveau, Role


class MandatQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        # The end date is the day the mandate stops: from that day on it grants nothing.
        return self.filter(Q(date_fin__isnull=True) | Q(date_fin__gt=on), date_debut__lte=on)


class Mandat(models.Model):
    """A role held by a person at one level over one scope, between two dates.

    Every right in the portal comes from an active mandate; an ended one grants nothing.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mandats", verbose_name=_("personne")
    )
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices)
    territoire = models.ForeignKey(
        "territoires.Territoire", on_delete=models.CASCADE, null=True, blank=True, related_name="mandats"
    )
    region = models.ForeignKey(
        "territoires.Region",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mandats",
        verbose_name=_("région"),
    )
    operateur = models.ForeignKey(
        "territoires.Operateur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandats",
        verbose_name=_("opérateur"),
    )
    date_debut = models.DateField(_("début"), default=timezone.localdate)
    date_fin = models.DateField(
        _("fin"), null=True, blank=True, help_text=_("Jour où le mandat prend fin : l'accès cesse ce jour-là.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    objects = MandatQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mandat")
        verbose_name_plural = _("mandats")
        ordering = ["-date_debut"]
        indexes = [models.Index(fields=["user", "date_debut", "date_fin"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=sorted(TERRITORIAL_ROLES), territoire__isnull=False, region__isnull=True)
                    | Q(role__in=sorted(REGIONAL_ROLES), region__isnull=False, territoire__isnull=True)
                    | Q(role__in=sorted(NATIONAL_ROLES), region__isnull=True, territoire__isnull=True)
                ),
                name="mandat_perimetre_selon_niveau",
            ),
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=models.F("date_debut")),
                name="mandat_fin_apres_debut",
            ),
            models.CheckConstraint(
                condition=Q(role=Role.REFERENT_OPERATEUR, operateur__isnull=False)
                | (~Q(role=Role.REFERENT_OPERATEUR) & Q(operateur__isnull=True)),
                name="mandat_operateur_pour_referent",
            ),
            # Each operator names one referent per territory (the end of a mandate frees the seat).
            models.UniqueConstraint(
                fields=["territoire", "operateur"],
                condition=Q(role=Role.REFERENT_OPERATEUR, date_fin__isnull=True),
                name="un_referent_ouvert_par_operateur_et_territoire",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} — {self.perimetre_label}"

    @property
    def niveau(self) -> Niveau:
        return ROLE_NIVEAU[Role(self.role)]

    def clean(self):
        from django.core.exceptions import ValidationError

        if not self.role:
            return
        niveau = ROLE_NIVEAU[Role(self.role)]
        if niveau == Niveau.TERRITORIAL and not self.territoire_id:
            raise ValidationError({"territoire": _("Un rôle territorial porte sur un territoire.")})
        if niveau == Niveau.REGIONAL and not self.region_id:
            raise ValidationError({"region": _("Un rôle régional porte sur une région.")})
        if niveau != Niveau.TERRITORIAL and self.territoire_id:
            raise ValidationError({"territoire": _("Seul un rôle territorial porte sur un territoire.")})
        if niveau != Niveau.REGIONAL and self.region_id:
            raise ValidationError({"region": _("Seul un rôle régional porte sur une région.")})
        if self.role == Role.REFERENT_OPERATEUR and not self.operateur_id:
            raise ValidationError({"operateur": _("Un référent opérateur représente un opérateur.")})
        if self.role != Role.REFERENT_OPERATEUR and self.operateur_id:
            raise ValidationError({"operateur": _("Seul un référent opérateur représente un opérateur.")})
        if ends_before_start(self.date_debut, self.date_fin):
            raise ValidationError({"date_fin": _("La fin du mandat ne peut précéder son début.")})

    @property
    def perimetre_label(self):
        if self.territoire_id:
            return self.territoire.nom
        if self.region_id:
            return self.region.nom
        return _("national")

    def is_active(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.date_debut <= on and (self.date_fin is None or self.date_fin > on)
