from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from ..enums import Changement, StatutDemandePerimetre


class DemandePerimetre(models.Model):
    """A request to add or remove EPCI from a territory, decided by the comité régional."""

    territoire = models.ForeignKey(
        "territoires.Territoire", on_delete=models.CASCADE, related_name="demandes_perimetre"
    )
    motifs = models.TextField(_("motifs"))
    statut = FSMField(
        _("statut"), max_length=12, choices=StatutDemandePerimetre.choices, default=StatutDemandePerimetre.DEPOSEE
    )
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    deposee_le = models.DateTimeField(_("déposée le"), default=timezone.now)

    class Meta:
        verbose_name = _("demande d'adaptation de périmètre")
        verbose_name_plural = _("demandes d'adaptation de périmètre")
        ordering = ["-deposee_le"]

    def __str__(self):
        return f"Adaptation du périmètre de {self.territoire.nom}"

    @property
    def scoping_territoire(self):
        return self.territoire

    # Reached only from the recording of a comité régional decision (gouvernance.services.perimetre).
    @transition(field=statut, source=StatutDemandePerimetre.DEPOSEE, target=StatutDemandePerimetre.ACCEPTEE)
    def accepter(self):
        pass

    @transition(field=statut, source=StatutDemandePerimetre.DEPOSEE, target=StatutDemandePerimetre.REFUSEE)
    def refuser(self):
        pass


class LigneDemandePerimetre(models.Model):
    demande = models.ForeignKey(DemandePerimetre, on_delete=models.CASCADE, related_name="lignes")
    changement = models.CharField(_("changement"), max_length=8, choices=Changement.choices)
    epci = models.ForeignKey("territoires.EPCI", on_delete=models.PROTECT, related_name="+", verbose_name=_("EPCI"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["demande", "epci"], name="epci_une_fois_par_demande")]

    def __str__(self):
        return f"{self.get_changement_display()} {self.epci.nom}"
