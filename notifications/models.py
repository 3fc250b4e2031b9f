from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    IMMEDIATE = "immediat", _("Immédiatement")
    DAILY = "quotidien", _("Dans un récapitulatif quotidien")
    WEEKLY = "hebdomadaire", _("Dans un récapitulatif hebdomadaire")
    OFF = "jamais", _("Jamais par courriel")


class EmailStatus(models.TextChoices):
    PENDING = "a_envoyer", _("à envoyer")
    DAILY = "quotidien", _("dans le récapitulatif quotidien")
    WEEKLY = "hebdomadaire", _("dans le récapitulatif hebdomadaire")
    SENT = "envoye", _("envoyé")
    NONE = "aucun", _("pas de courriel")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A notice: an item of the person's notifications page and, unless muted, an e-mail.

    The row is written in the transaction of the event it tells, so the event and its notice exist
    together; the e-mail is rendered and sent by the worker from ``params`` (an outbox: a broker
    outage delays it, the sweep sends it later, and a sent row is never sent again).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("destinataire"),
    )
    address = models.EmailField(
        _("adresse"), blank=True, help_text=_("Pour une personne qui n'a pas encore de compte.")
    )
    kind = models.CharField(_("nature"), max_length=60)
    title = models.CharField(_("titre"), max_length=300)
    url = models.CharField(_("lien"), max_length=500)
    params = models.JSONField(_("paramètres"), default=dict, blank=True)
    once = models.CharField(
        _("clé d'unicité"),
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Clé d'un rappel ou d'un récapitulatif : jamais deux fois pour une période."),
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    read_at = models.DateTimeField(_("lu le"), null=True, blank=True)
    email_status = models.CharField(
        _("courriel"), max_length=12, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    emailed_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("avis")
        verbose_name_plural = _("avis")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="avis_non_lus"),
            models.Index(fields=["email_status", "created_at"], name="avis_a_envoyer"),
        ]

    def __str__(self):
        return self.title


class Preference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("personne"),
    )
    kind = models.CharField(_("nature"), max_length=60)
    frequency = models.CharField(_("fréquence"), max_length=12, choices=Frequency.choices, default=Frequency.IMMEDIATE)

    class Meta:
        verbose_name = _("préférence de notification")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="une_preference_par_nature")]

    def __str__(self):
        return f"{self.kind} : {self.get_frequency_display()}"
