from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CertificatSceau(models.Model):
    """Every certificate the portal has sealed with. A renewed certificate does not make the contracts
    sealed before it doubtful: verification trusts the certificate that sealed each document, within
    its validity, and the timestamp of the seal says when that was."""

    empreinte = models.CharField(_("empreinte SHA-256"), max_length=64, unique=True)
    pem = models.TextField(_("certificat (PEM)"))
    sujet = models.CharField(_("sujet"), max_length=300)
    valide_du = models.DateTimeField(_("valide du"))
    valide_au = models.DateTimeField(_("valide jusqu'au"))
    enregistre_le = models.DateTimeField(_("premier usage"), default=timezone.now)

    class Meta:
        verbose_name = _("certificat du sceau")
        verbose_name_plural = _("certificats du sceau")
        ordering = ["-valide_du"]

    def __str__(self):
        return f"{self.sujet} ({self.valide_du:%d/%m/%Y} – {self.valide_au:%d/%m/%Y})"
