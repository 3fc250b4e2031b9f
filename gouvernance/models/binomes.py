from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BinomeQuerySet(models.QuerySet):
    def current(self):
        return self.filter(date_fin__isnull=True)


class Binome(models.Model):
    """The élu and the industriel leading a territory; a change closes the previous pair, never edits it."""

    territoire = models.ForeignKey("territoires.Territoire", on_delete=models.CASCADE, related_name="binomes")
    elu = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("élu"))
    industriel = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("industriel")
    )
    date_debut = models.DateField(_("depuis le"))
    date_fin = models.DateField(_("jusqu'au"), null=True, blank=True)

    objects = BinomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("binôme")
        verbose_name_plural = _("binômes")
        ordering = ["-date_debut"]
        constraints = [
            models.UniqueConstraint(
                fields=["territoire"], condition=Q(date_fin__isnull=True), name="un_binome_en_cours_par_territoire"
            ),
            models.CheckConstraint(condition=~Q(elu=models.F("industriel")), name="binome_deux_personnes"),
        ]

    def __str__(self):
        return f"{self.elu} et {self.industriel}"

    @property
    def scoping_territoire(self):
        return self.territoire
