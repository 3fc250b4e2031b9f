import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from habilitations.enums import Role


class Invitation(models.Model):
    """A one-time link inviting a person into a scope with a role. Only a hash of the token is kept."""

    email = models.EmailField(_("adresse électronique"))
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices)
    territoire = models.ForeignKey(
        "territoires.Territoire", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        "territoires.Region",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("région"),
    )
    operateur = models.ForeignKey(
        "territoires.Operateur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opérateur"),
    )
    token_hash = models.CharField(_("empreinte du lien"), max_length=64, unique=True, editable=False)
    invitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("envoyée par")
    )
    creee_le = models.DateTimeField(_("créée le"), default=timezone.now)
    expire_le = models.DateTimeField()
    utilisee_le = models.DateTimeField(_("utilisée le"), null=True, blank=True)
    mandat = models.OneToOneField(
        "habilitations.Mandat", on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-creee_le"]

    def __str__(self):
        return f"Invitation de {self.email} ({self.get_role_display()})"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
