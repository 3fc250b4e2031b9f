from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition


class Protocole(models.Model):
    """The protocole d'accord: the territory's priority needs (enjeux) and commitments, signed first."""

    BROUILLON, SIGNE = "brouillon", "signe"

    territoire = models.OneToOneField("territoires.Territoire", on_delete=models.PROTECT, related_name="protocole")
    engagements = models.TextField(_("engagements des signataires"), blank=True)
    statut = FSMField(
        _("statut"), max_length=10, default=BROUILLON, choices=[(BROUILLON, _("Brouillon")), (SIGNE, _("Signé"))]
    )
    date_signature = models.DateField(_("signé le"), null=True, blank=True)
    lieu_signature = models.CharField(_("à"), max_length=120, blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("créé par")
    )
    cree_le = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        # The tables keep the names they had in contrats: moving the models kept the data.
        db_table = "contrats_protocole"
        verbose_name = _("protocole d'accord")
        verbose_name_plural = _("protocoles d'accord")

    def __str__(self):
        return f"Protocole d'accord — {self.territoire.nom}"

    @property
    def scoping_territoire(self):
        return self.territoire

    @transition(field=statut, source=BROUILLON, target=SIGNE)
    def signer(self):
        pass


class Enjeu(models.Model):
    protocole = models.ForeignKey(Protocole, on_delete=models.CASCADE, related_name="enjeux")
    axe = models.ForeignKey(
        "territoires.Axe", on_delete=models.PROTECT, related_name="enjeux", verbose_name=_("axe ou priorité")
    )
    intitule = models.CharField(_("enjeu"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    ordre = models.PositiveSmallIntegerField(default=1)

    class Meta:
        db_table = "contrats_enjeu"
        verbose_name = _("enjeu")
        ordering = ["protocole", "axe__ordre", "ordre"]

    def __str__(self):
        return f"{self.axe} — {self.intitule}"


class SignataireProtocole(models.Model):
    protocole = models.ForeignKey(Protocole, on_delete=models.CASCADE, related_name="signataires")
    partie = models.CharField(_("partie"), max_length=200)
    personne = models.CharField(_("signataire"), max_length=200)
    qualite = models.CharField(_("qualité"), max_length=200, blank=True)

    class Meta:
        db_table = "contrats_signataireprotocole"
        ordering = ["pk"]

    def __str__(self):
        return f"{self.partie} — {self.personne}"
