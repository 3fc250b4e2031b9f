from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Transition(models.Model):
    """One state change of a governed object: who, when, from, to, why, and the decision behind it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("type d'objet"))
    object_id = models.PositiveBigIntegerField(_("identifiant de l'objet"))
    objet = GenericForeignKey("content_type", "object_id")
    champ = models.CharField(max_length=40, default="statut")
    source = models.CharField(_("de"), max_length=40)
    cible = models.CharField(_("vers"), max_length=40)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    le = models.DateTimeField(_("date"), default=timezone.now)
    motif = models.TextField(_("motif"), blank=True)
    decision = models.ForeignKey(
        "gouvernance.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="transitions"
    )

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["le", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "le"])]

    def __str__(self):
        return f"{self.source_label} → {self.cible_label}" if self.source else self.cible_label

    def _label(self, code: str) -> str:
        """The state as users read it (« en instruction »), from the field's own choices."""
        if not code:
            return ""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        try:
            choices = dict(model._meta.get_field(self.champ).flatchoices) if model else {}
        except FieldDoesNotExist:
            choices = {}
        label = choices.get(code)
        return str(label).lower() if label else code.replace("_", " ")

    @property
    def source_label(self) -> str:
        return self._label(self.source)

    @property
    def cible_label(self) -> str:
        return self._label(self.cible)
