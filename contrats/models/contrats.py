import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from ..enums import StatutDocument, StatutVersion, TypePartie


class Contrat(models.Model):
    """The contract of a territory for a period; its content lives in successive versions (avenants)."""

    territoire = models.ForeignKey("territoires.Territoire", on_delete=models.PROTECT, related_name="contrats")
    intitule = models.CharField(_("intitulé"), max_length=200)
    annee_debut = models.PositiveSmallIntegerField(_("de"))
    annee_fin = models.PositiveSmallIntegerField(_("à"))
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("créé par")
    )
    cree_le = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        verbose_name = _("contrat de territoire")
        verbose_name_plural = _("contrats de territoire")
        ordering = ["-annee_debut"]
        constraints = [
            models.UniqueConstraint(fields=["territoire", "annee_debut"], name="un_contrat_par_periode"),
            models.CheckConstraint(condition=Q(annee_fin__gte=models.F("annee_debut")), name="contrat_periode"),
        ]

    def __str__(self):
        return f"{self.intitule} ({self.annee_debut}-{self.annee_fin})"

    @property
    def scoping_territoire(self):
        return self.territoire


class VersionContrat(models.Model):
    """Version 1 is the contract; each avenant is version n+1. A signed version never changes
    (service checks, read-only admin, and a database trigger on PostgreSQL)."""

    contrat = models.ForeignKey(Contrat, on_delete=models.PROTECT, related_name="versions")
    numero = models.PositiveSmallIntegerField(_("version"))
    statut = FSMField(_("statut"), max_length=10, choices=StatutVersion.choices, default=StatutVersion.BROUILLON)
    preambule = models.TextField(_("préambule"), blank=True)
    motif_avenant = models.TextField(_("objet de l'avenant"), blank=True)
    soumise_le = models.DateTimeField(_("soumise au comité régional le"), null=True, blank=True)
    validee_le = models.DateTimeField(_("validée le"), null=True, blank=True)
    signee_le = models.DateTimeField(_("signée le"), null=True, blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("créée par")
    )
    cree_le = models.DateTimeField(_("créée le"), default=timezone.now)
    # Optimistic locking of the contract's preparation: a form sends back the revision it read.
    revision = models.PositiveIntegerField(_("révision"), default=1, editable=False)

    class Meta:
        verbose_name = _("version du contrat")
        verbose_name_plural = _("versions du contrat")
        ordering = ["contrat", "numero"]
        constraints = [models.UniqueConstraint(fields=["contrat", "numero"], name="numero_unique_par_contrat")]

    def __str__(self):
        label = "Contrat" if self.numero == 1 else f"Avenant n° {self.numero - 1}"
        return f"{self.contrat.intitule} — {label}"

    @property
    def libelle(self):
        return "Contrat initial" if self.numero == 1 else f"Avenant n° {self.numero - 1}"

    @property
    def scoping_territoire(self):
        return self.contrat.territoire

    @transition(field=statut, source=[StatutVersion.BROUILLON, StatutVersion.A_REVOIR], target=StatutVersion.SOUMIS)
    def soumettre(self):
        self.soumise_le = timezone.now()

    @transition(field=statut, source=StatutVersion.SOUMIS, target=StatutVersion.VALIDE)
    def valider(self, le=None):
        # Validated on the day of the comité régional's séance, even when recorded later.
        self.validee_le = le or timezone.now()

    @transition(field=statut, source=StatutVersion.SOUMIS, target=StatutVersion.A_REVOIR)
    def renvoyer(self):
        pass

    @transition(field=statut, source=StatutVersion.VALIDE, target=StatutVersion.SIGNE)
    def signer(self, le=None):
        # A contract is signed on the day its last party signs, which may precede its recording.
        self.signee_le = le or timezone.now()


class LigneContrat(models.Model):
    """A fiche in the contract, with the snapshot frozen when the version was submitted."""

    version = models.ForeignKey(VersionContrat, on_delete=models.CASCADE, related_name="lignes")
    fiche = models.ForeignKey("fiches_actions.FicheAction", on_delete=models.PROTECT, related_name="lignes_contrat")
    ordre = models.PositiveSmallIntegerField()
    engagement_ferme = models.BooleanField(_("engagement ferme de réalisation"), default=False)
    instantane = models.JSONField(_("fiche telle que soumise"), null=True, blank=True)

    class Meta:
        ordering = ["version", "ordre"]
        constraints = [models.UniqueConstraint(fields=["version", "fiche"], name="fiche_une_fois_par_version")]

    def __str__(self):
        return f"{self.ordre}. fiche {self.fiche_id}"


class PartieSignataire(models.Model):
    version = models.ForeignKey(VersionContrat, on_delete=models.CASCADE, related_name="parties")
    type = models.CharField(max_length=10, choices=TypePartie.choices)
    libelle = models.CharField(_("partie"), max_length=200)
    epci = models.ForeignKey(
        "territoires.EPCI", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("EPCI")
    )
    operateur = models.ForeignKey(
        "territoires.Operateur", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ordre = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["version", "ordre"]

    def __str__(self):
        return self.libelle

    @property
    def scoping_territoire(self):
        return self.version.contrat.territoire


class Signature(models.Model):
    partie = models.OneToOneField(PartieSignataire, on_delete=models.PROTECT, related_name="signature")
    signataire = models.CharField(_("signataire"), max_length=200)
    qualite = models.CharField(_("qualité"), max_length=200, blank=True)
    date = models.DateField(_("date de signature"))
    lieu = models.CharField(_("lieu"), max_length=120)
    enregistree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("enregistrée par")
    )
    enregistree_le = models.DateTimeField(_("enregistrée le"), default=timezone.now)
    preuve = models.FileField(_("page de signature numérisée"), upload_to="signatures/", blank=True)
    # A holder whose mandate began after the regional validation signed: legitimate (a new élu, a new
    # prefect) but worth a look, so it is shown on the contract and in its sealed PDF.
    mandat_posterieur = models.BooleanField(_("mandat postérieur à la validation"), default=False)

    def __str__(self):
        return f"{self.signataire}, le {self.date:%d/%m/%Y}"


def _reference():
    return secrets.token_hex(5).upper()


class DocumentContrat(models.Model):
    """The sealed PDF of one signed version, produced once by a Celery task."""

    version = models.OneToOneField(VersionContrat, on_delete=models.PROTECT, related_name="document")
    reference = models.CharField(_("référence"), max_length=12, unique=True, default=_reference)
    statut = models.CharField(max_length=12, choices=StatutDocument.choices, default=StatutDocument.EN_ATTENTE)
    erreur = models.TextField(blank=True)
    fichier = models.FileField(upload_to="contrats/", blank=True)
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64, blank=True)
    tache = models.CharField(_("tâche qui l'a produit"), max_length=64, blank=True)
    essais = models.PositiveSmallIntegerField(default=0)
    cree_le = models.DateTimeField(_("créé le"), default=timezone.now)
    fini_le = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("document signé")
        verbose_name_plural = _("documents signés")

    def __str__(self):
        return f"Contrat signé {self.reference}"
