import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portail.rules import END_BEFORE_START, ends_before_start

from .enums import NATIONAL_ROLES, REGIONAL_ROLES, ROLE_NIVEAU, TERRITORIAL_ROLES, Niveau, Role


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
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("créé par"),
    )
    # 2023-2027: the chef de projet is mandatory and the State co-finances the post.
    cofinancement_etat = models.PositiveSmallIntegerField(
        _("part de l'État dans le poste (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Pour un chef de projet cofinancé par l'État."),
    )
    cofinancement_debut = models.DateField(_("cofinancement : début"), null=True, blank=True)
    cofinancement_fin = models.DateField(_("cofinancement : fin"), null=True, blank=True)

    objects = MandatQuerySet.as_manager()
    # The table keeps the name it had when mandates lived in gouvernance: moving the model kept the data.
    history = HistoricalRecords(table_name="gouvernance_historicalmandat")

    class Meta:
        db_table = "gouvernance_mandat"
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
                condition=Q(cofinancement_etat__isnull=True)
                | Q(role=Role.CHEF_DE_PROJET, cofinancement_etat__lte=100, cofinancement_debut__isnull=False),
                name="mandat_cofinancement_chef_de_projet",
            ),
            models.CheckConstraint(
                condition=Q(cofinancement_fin__isnull=True) | Q(cofinancement_fin__gte=models.F("cofinancement_debut")),
                name="mandat_cofinancement_fin_apres_debut",
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

    def _cofinancing_errors(self) -> dict:
        errors = {}
        if self.cofinancement_etat is not None and self.role != Role.CHEF_DE_PROJET:
            errors["cofinancement_etat"] = _("Seul le poste de chef de projet est cofinancé par l'État.")
        if self.cofinancement_etat is not None and not self.cofinancement_debut:
            errors["cofinancement_debut"] = _("Indiquez le début du cofinancement.")
        if ends_before_start(self.cofinancement_debut, self.cofinancement_fin):
            errors["cofinancement_fin"] = END_BEFORE_START
        return errors

    @property
    def cofinancement_label(self) -> str:
        if self.cofinancement_etat is None:
            return ""
        until = f" au {self.cofinancement_fin:%d/%m/%Y}" if self.cofinancement_fin else ""
        return f"cofinancé par l'État à {self.cofinancement_etat} % du {self.cofinancement_debut:%d/%m/%Y}{until}"

    @property
    def niveau(self) -> Niveau:
        return ROLE_NIVEAU[Role(self.role)]

    def clean(self):
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
        if errors := self._cofinancing_errors():
            raise ValidationError(errors)

    @property
    def perimetre_label(self):
        if self.territoire_id:
            # The same territory's name comes back phase after phase: the phase tells them apart.
            return f"{self.territoire.nom} ({self.territoire.phase_id})"
        if self.region_id:
            return self.region.nom
        return _("national")

    def is_active(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.date_debut <= on and (self.date_fin is None or self.date_fin > on)
