from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from ..enums import StatutSeance, Verdict
from .comites import Comite, MembreComite


class Seance(models.Model):
    """One meeting of a committee; its decisions are what moves the objects it examines."""

    comite = models.ForeignKey(Comite, on_delete=models.PROTECT, related_name="seances")
    date = models.DateTimeField(_("date et heure"))
    duree_minutes = models.PositiveIntegerField(_("durée prévue (minutes)"), default=120)
    lieu = models.CharField(_("lieu"), max_length=200, blank=True)
    lien_visio = models.URLField(_("lien de visioconférence"), blank=True)
    statut = FSMField(_("statut"), max_length=20, choices=StatutSeance.choices, default=StatutSeance.CONVOQUEE)
    convoquee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("convoquée par")
    )
    convoquee_le = models.DateTimeField(_("convoquée le"), default=timezone.now)
    releve_publie_le = models.DateTimeField(_("relevé publié le"), null=True, blank=True)
    # iCalendar's SEQUENCE: each move or cancellation raises it, so calendars replace the event.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # A séance held before it was entered (a territory's history before the portal): who entered it, when.
    saisie_apres_coup_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saisie après coup par"),
    )
    saisie_apres_coup_le = models.DateTimeField(_("saisie après coup le"), null=True, blank=True)

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["-date"]
        indexes = [models.Index(fields=["comite", "date"])]
        constraints = [
            models.CheckConstraint(condition=~Q(lieu="", lien_visio=""), name="seance_lieu_ou_visio"),
        ]

    def __str__(self):
        return f"{self.comite.nom} — {timezone.localtime(self.date):%d/%m/%Y}"

    @transition(field=statut, source=StatutSeance.CONVOQUEE, target=StatutSeance.RELEVE_PUBLIE)
    def publier_releve(self):
        self.releve_publie_le = timezone.now()

    @transition(field=statut, source=StatutSeance.CONVOQUEE, target=StatutSeance.ANNULEE)
    def annuler(self):
        pass

    @property
    def scoping_territoire(self):
        return self.comite.scoping_territoire

    @property
    def scoping_region(self):
        return self.comite.scoping_region

    @property
    def scoping_national(self):
        return self.comite.scoping_national


class PointOrdreDuJour(models.Model):
    """An agenda item; when it points at an object, its decision is what decides that object."""

    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="points")
    ordre = models.PositiveSmallIntegerField(_("ordre"))
    titre = models.CharField(_("intitulé"), max_length=300)
    demande_perimetre = models.ForeignKey(
        "gouvernance.DemandePerimetre", on_delete=models.PROTECT, null=True, blank=True, related_name="points"
    )
    fiche = models.ForeignKey(
        "fiches_actions.FicheAction", on_delete=models.PROTECT, null=True, blank=True, related_name="points"
    )
    # 2023-2027: the comité de projet reviews the territory's plan d'actions once a year.
    revue_plan = models.BooleanField(_("revue annuelle du plan d'actions"), default=False)
    version_contrat = models.ForeignKey(
        "contrats.VersionContrat", on_delete=models.PROTECT, null=True, blank=True, related_name="points"
    )

    class Meta:
        verbose_name = _("point de l'ordre du jour")
        verbose_name_plural = _("points de l'ordre du jour")
        ordering = ["seance", "ordre"]
        constraints = [
            models.UniqueConstraint(fields=["seance", "ordre"], name="ordre_unique_par_seance"),
            models.CheckConstraint(
                condition=(
                    Q(fiche__isnull=True, version_contrat__isnull=True)
                    | Q(demande_perimetre__isnull=True, version_contrat__isnull=True)
                    | Q(demande_perimetre__isnull=True, fiche__isnull=True)
                ),
                name="point_un_seul_objet",
            ),
        ]

    def __str__(self):
        return f"{self.ordre}. {self.titre}"

    @property
    def objet(self):
        return self.demande_perimetre or self.fiche or self.version_contrat


class Presence(models.Model):
    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="presences")
    membre = models.ForeignKey(MembreComite, on_delete=models.PROTECT, related_name="presences")
    present = models.BooleanField(_("présent"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seance", "membre"], name="une_presence_par_membre")]

    def __str__(self):
        return f"{self.membre_id} — {'présent' if self.present else 'absent'}"


class Decision(models.Model):
    point = models.OneToOneField(PointOrdreDuJour, on_delete=models.PROTECT, related_name="decision")
    verdict = models.CharField(_("décision"), max_length=20, choices=Verdict.choices)
    motifs = models.TextField(_("motifs"), blank=True)
    publiable = models.BooleanField(
        _("publiable en données ouvertes"),
        default=False,
        db_default=False,
        help_text=_("Le comité accepte que la fiche validée soit publiée (titre, résumé, coût, financements)."),
    )
    enregistree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("enregistrée par")
    )
    enregistree_le = models.DateTimeField(_("enregistrée le"), default=timezone.now)

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["point__ordre"]

    def __str__(self):
        return f"{self.point.titre} : {self.get_verdict_display()}"
