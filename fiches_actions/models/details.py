import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..enums import Financeur, StatutFinancement
from .fiches import FicheAction


class LigneFinancement(models.Model):
    fiche = models.ForeignKey(FicheAction, on_delete=models.CASCADE, related_name="financements")
    financeur = models.CharField(_("financeur"), max_length=10, choices=Financeur.choices)
    operateur = models.ForeignKey(
        "territoires.Operateur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opérateur"),
    )
    precision = models.CharField(
        _("précision"), max_length=120, blank=True, help_text=_("Par exemple : FEDER, entreprise, fondation.")
    )
    montant = models.DecimalField(
        _("montant (€ HT)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    statut = models.CharField(
        _("statut"), max_length=10, choices=StatutFinancement.choices, default=StatutFinancement.SOLLICITE
    )
    # A line may name a financing instrument of the phase and the year of its envelope (the State's
    # 100 M€ a year for investment projects from 2024): the dashboards add them up against the envelope.
    instrument = models.ForeignKey(
        "territoires.InstrumentFinancement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lignes",
        verbose_name=_("enveloppe"),
    )
    annee = models.PositiveSmallIntegerField(_("année de l'enveloppe"), null=True, blank=True)
    montant_obtenu = models.DecimalField(
        _("montant obtenu (€ HT)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    # With the fiche's own history, lets the validated version be shown exactly as it was.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ligne du plan de financement")
        verbose_name_plural = _("plan de financement")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(montant__gte=0), name="financement_montant_positif"),
            models.CheckConstraint(
                condition=Q(financeur="operateur", operateur__isnull=False)
                | (~Q(financeur="operateur") & Q(operateur__isnull=True)),
                name="financement_operateur_nomme",
            ),
        ]

    def __str__(self):
        return f"{self.libelle_financeur} : {self.montant} €"

    @property
    def libelle_financeur(self):
        return str(self.operateur) if self.operateur_id else self.get_financeur_display()


class Indicateur(models.Model):
    fiche = models.ForeignKey(FicheAction, on_delete=models.CASCADE, related_name="indicateurs")
    libelle = models.CharField(_("indicateur"), max_length=200)
    unite = models.CharField(_("unité"), max_length=40)
    cible = models.DecimalField(_("cible"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicateur")
        ordering = ["pk"]

    def __str__(self):
        return self.libelle


class ValeurIndicateur(models.Model):
    indicateur = models.ForeignKey(Indicateur, on_delete=models.CASCADE, related_name="valeurs")
    date = models.DateField(_("date"))
    valeur = models.DecimalField(_("valeur atteinte"), max_digits=14, decimal_places=2)
    saisie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("saisie par")
    )

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.valeur} au {self.date:%d/%m/%Y}"


def _attachment_path(instance, filename):
    # The stored name never comes from the user: a random name in a per-fiche folder.
    return f"fiches/{instance.fiche_id}/{uuid.uuid4().hex}"


class PieceJointe(models.Model):
    fiche = models.ForeignKey(FicheAction, on_delete=models.CASCADE, related_name="pieces")
    fichier = models.FileField(upload_to=_attachment_path, max_length=200)
    nom = models.CharField(_("nom du fichier"), max_length=200)
    type_mime = models.CharField(_("type MIME"), max_length=100)
    taille = models.PositiveIntegerField()
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    ajoutee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("ajoutée par")
    )
    ajoutee_le = models.DateTimeField(_("ajoutée le"), default=timezone.now)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["ajoutee_le"]

    def __str__(self):
        return self.nom


class Commentaire(models.Model):
    fiche = models.ForeignKey(FicheAction, on_delete=models.CASCADE, related_name="commentaires")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    texte = models.TextField(_("commentaire"))
    cree_le = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        ordering = ["cree_le"]

    def __str__(self):
        return f"Message du {self.cree_le:%d/%m/%Y}"


class ImportFiches(models.Model):
    """A spreadsheet import, run by a Celery task; its page follows the progress line by line."""

    EN_ATTENTE, EN_COURS, TERMINE, ECHEC = "en_attente", "en_cours", "termine", "echec"
    STATUTS = [(EN_ATTENTE, _("En attente")), (EN_COURS, _("En cours")), (TERMINE, _("Terminé")), (ECHEC, _("Échec"))]

    territoire = models.ForeignKey("territoires.Territoire", on_delete=models.CASCADE, related_name="+")
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    fichier = models.FileField(upload_to="imports/", max_length=200)
    statut = models.CharField(max_length=12, choices=STATUTS, default=EN_ATTENTE)
    lignes_traitees = models.PositiveIntegerField(_("lignes traitées"), default=0)
    lignes_total = models.PositiveIntegerField(_("lignes en tout"), default=0)
    erreurs = models.JSONField(default=list)
    nb_creees = models.PositiveIntegerField(_("fiches créées"), default=0)
    cree_le = models.DateTimeField(_("créé le"), default=timezone.now)
    fini_le = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        ordering = ["-cree_le"]

    def __str__(self):
        return f"Import n° {self.pk}"

    @property
    def pourcentage(self) -> int:
        if self.statut in (self.TERMINE, self.ECHEC):
            return 100
        return int(100 * self.lignes_traitees / self.lignes_total) if self.lignes_total else 0
