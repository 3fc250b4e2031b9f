from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .enums import NatureEPCI, NiveauMaturite, StatutTerritoire, TypeMembre, Zone


class Phase(models.Model):
    """A phase of the programme (2019-2022, 2023-2027…): its period, its axes or priorities, its offer of
    services and its financing instruments. Reference data the national delegation keeps in the admin."""

    code = models.CharField(_("code"), max_length=9, primary_key=True, help_text=_("Par exemple 2023-2027."))
    libelle = models.CharField(_("libellé"), max_length=200)
    debut = models.DateField(_("début"))
    fin = models.DateField(_("fin"))
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phase du programme")
        verbose_name_plural = _("phases du programme")
        ordering = ["debut"]
        constraints = [
            models.CheckConstraint(condition=models.Q(fin__gte=models.F("debut")), name="phase_fin_apres_debut")
        ]

    def __str__(self):
        return self.code

    def contient(self, day: datetime.date) -> bool:
        return self.debut <= day <= self.fin


class Axe(models.Model):
    """An axe (2019-2022: recruter, attirer, innover, simplifier) or a national priority (2023-2027) of a
    phase. A fiche and a protocol's enjeu belong to one axe of their territory's phase."""

    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="axes", verbose_name=_("phase"))
    code = models.SlugField(_("code"), max_length=20)
    libelle = models.CharField(_("libellé"), max_length=200)
    libelle_court = models.CharField(_("libellé court"), max_length=40)
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=1)
    description = models.TextField(_("description"), blank=True)
    demande_simplification = models.BooleanField(
        _("porte des demandes de simplification"),
        default=False,
        help_text=_("Ses fiches décrivent un obstacle administratif et la dérogation demandée, suivies nationalement."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("axe ou priorité")
        verbose_name_plural = _("axes et priorités")
        ordering = ["phase", "ordre"]
        constraints = [models.UniqueConstraint(fields=["phase", "code"], name="axe_unique_par_phase")]

    def __str__(self):
        return self.libelle_court


class InstrumentFinancement(models.Model):
    """A financing instrument of a phase, e.g. the State envelope for investment projects from 2024."""

    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="instruments", verbose_name=_("phase"))
    code = models.SlugField(_("code"), max_length=40, unique=True)
    libelle = models.CharField(_("libellé"), max_length=200)
    financeur = models.CharField(_("financeur"), max_length=10, default="etat")
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instrument de financement")
        verbose_name_plural = _("instruments de financement")
        ordering = ["phase", "libelle"]

    def __str__(self):
        return self.libelle


class EnveloppeAnnuelle(models.Model):
    instrument = models.ForeignKey(
        InstrumentFinancement, on_delete=models.CASCADE, related_name="enveloppes", verbose_name=_("instrument")
    )
    annee = models.PositiveSmallIntegerField(_("année"))
    montant = models.DecimalField(_("montant (€)"), max_digits=14, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enveloppe annuelle")
        verbose_name_plural = _("enveloppes annuelles")
        ordering = ["instrument", "annee"]
        constraints = [models.UniqueConstraint(fields=["instrument", "annee"], name="enveloppe_unique_par_annee")]

    def __str__(self):
        return f"{self.instrument} {self.annee}"


class Region(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    nom = models.CharField(_("nom"), max_length=100)
    chef_lieu = models.CharField(_("chef-lieu (code commune)"), max_length=5)
    zone = models.CharField(_("zone"), max_length=5, choices=Zone.choices)

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class Departement(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    nom = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements", verbose_name=_("région"))
    chef_lieu = models.CharField(_("chef-lieu (code commune)"), max_length=5)
    zone = models.CharField(_("zone"), max_length=5, choices=Zone.choices)

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self):
        return f"{self.nom} ({self.code})"


class EPCI(models.Model):
    siren = models.CharField(_("SIREN"), max_length=9, primary_key=True)
    nom = models.CharField(_("nom"), max_length=200)
    nature = models.CharField(_("nature"), max_length=5, choices=NatureEPCI.choices)
    mode_financement = models.CharField(_("mode de financement"), max_length=10, blank=True)
    population = models.PositiveIntegerField(_("population municipale"), null=True, blank=True)
    nb_communes = models.PositiveIntegerField(_("nombre de communes"), default=0)
    departement_principal = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="+", verbose_name=_("département principal")
    )
    region_principale = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("région principale")
    )
    departements = models.ManyToManyField(Departement, related_name="epcis", verbose_name=_("départements"))
    regions = models.ManyToManyField(Region, related_name="epcis", verbose_name=_("régions"))

    class Meta:
        verbose_name = _("EPCI")
        verbose_name_plural = _("EPCI")
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class Commune(models.Model):
    """Only what is needed to derive perimeters: the commune's EPCI and its SIREN."""

    code_insee = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    siren = models.CharField(_("SIREN"), max_length=9, unique=True)
    nom = models.CharField(_("nom"), max_length=200)
    epci = models.ForeignKey(EPCI, on_delete=models.PROTECT, related_name="communes", verbose_name=_("EPCI"))

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["nom"]

    def __str__(self):
        return f"{self.nom} ({self.code_insee})"


class Operateur(models.Model):
    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    nom = models.CharField(_("nom"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("opérateur")
        verbose_name_plural = _("opérateurs")
        ordering = ["nom"]

    def __str__(self):
        return self.nom

    def nom_le(self, day: datetime.date) -> str:
        """The operator's name on that day (Pôle emploi until 2023, France Travail since 2024)."""
        for nom in self.noms.all():
            if (nom.du is None or nom.du <= day) and (nom.au is None or day <= nom.au):
                return nom.nom
        return self.nom


class NomOperateur(models.Model):
    """A name an operator bore between two dates: a contract prints it as of its signature."""

    operateur = models.ForeignKey(Operateur, on_delete=models.CASCADE, related_name="noms")
    nom = models.CharField(_("nom"), max_length=100)
    du = models.DateField(_("du"), null=True, blank=True)
    au = models.DateField(_("au"), null=True, blank=True)

    class Meta:
        verbose_name = _("nom d'un opérateur")
        verbose_name_plural = _("noms des opérateurs")
        ordering = ["operateur", "du"]

    def __str__(self):
        return self.nom


class Territoire(models.Model):
    code = models.CharField(_("code ANCT"), max_length=12, unique=True)
    nom = models.CharField(_("nom"), max_length=200)
    # The column keeps its name and values ("2019-2022", "2023-2027"): the phase's code is its key.
    phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, db_column="phase", related_name="territoires", verbose_name=_("phase")
    )
    precedent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suivants",
        verbose_name=_("territoire de la phase précédente"),
        help_text=_(
            "Le territoire dont celui-ci prend la suite : son protocole, ses contrats et ses fiches "
            "restent consultables."
        ),
    )
    region_pilote = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="territoires_pilotes", verbose_name=_("région pilote")
    )
    regions = models.ManyToManyField(Region, related_name="territoires", verbose_name=_("régions"))
    departements = models.ManyToManyField(Departement, related_name="territoires", verbose_name=_("départements"))
    statut = models.CharField(
        _("statut"), max_length=12, choices=StatutTerritoire.choices, default=StatutTerritoire.ACTIF
    )
    niveau_maturite = models.PositiveSmallIntegerField(
        _("niveau de maturité"), choices=NiveauMaturite.choices, null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("territoire d'industrie")
        verbose_name_plural = _("territoires d'industrie")
        ordering = ["nom", "phase_id"]
        indexes = [models.Index(fields=["phase", "statut"])]

    def __str__(self):
        return f"{self.nom} ({self.phase_id})"


class MembreTerritoire(models.Model):
    """One member of a perimeter: an EPCI, an EPT, or a commune where the commune itself is the member."""

    territoire = models.ForeignKey(Territoire, on_delete=models.CASCADE, related_name="membres")
    type = models.CharField(_("type"), max_length=8, choices=TypeMembre.choices)
    epci = models.ForeignKey(
        EPCI, on_delete=models.PROTECT, null=True, blank=True, related_name="appartenances", verbose_name=_("EPCI")
    )
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="appartenances")
    nom = models.CharField(_("nom"), max_length=200)
    siren = models.CharField(_("SIREN"), max_length=9)
    nature = models.CharField(_("nature"), max_length=8)

    # A perimeter changes only by a decision of the comité régional; the history keeps each state.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membre du périmètre")
        verbose_name_plural = _("membres du périmètre")
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(fields=["territoire", "siren"], name="membre_unique_par_territoire"),
            models.CheckConstraint(
                condition=(
                    models.Q(type="epci", epci__isnull=False, commune__isnull=True)
                    | models.Q(type="commune", commune__isnull=False, epci__isnull=True)
                    | models.Q(type="ept", commune__isnull=True, epci__isnull=True)
                ),
                name="membre_epci_ou_commune",
            ),
        ]

    def __str__(self):
        return self.nom


class ImportReferentiel(models.Model):
    """One run of the reference import: the files' fingerprint tells the next run whether to re-read them."""

    empreinte = models.CharField(max_length=64)
    le = models.DateTimeField(_("importé le"), auto_now_add=True)
    totaux = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("import du référentiel")
        verbose_name_plural = _("imports du référentiel")
        ordering = ["-le"]

    def __str__(self):
        return f"Import du référentiel du {self.le:%d/%m/%Y}"


class ContourQuerySet(models.QuerySet):
    def of(self, obj) -> dict | None:
        """The outline of one région, département or territory, or None when the reference data has none."""
        return self.filter(objet=Contour.objet_of(obj), code=obj.code).values_list("geojson", flat=True).first()

    def by_code(self, objet: str, codes) -> dict[str, dict]:
        """The outlines of several objects of one kind, by code (those without one are absent)."""
        return dict(self.filter(objet=objet, code__in=list(codes)).values_list("code", "geojson"))


class Contour(models.Model):
    """The GeoJSON outline of a région, a département or a territory.

    Kept in a table of its own so that no page, list or join reads (and decodes) a geometry it does not
    draw: only the maps ask for it, by code.
    """

    class Objet(models.TextChoices):
        REGION = "region", _("région")
        DEPARTEMENT = "departement", _("département")
        TERRITOIRE = "territoire", _("territoire")

    objet = models.CharField(_("objet"), max_length=12, choices=Objet.choices)
    code = models.CharField(_("code"), max_length=12)
    geojson = models.JSONField(_("contour GeoJSON"))

    objects = ContourQuerySet.as_manager()

    class Meta:
        verbose_name = _("contour")
        constraints = [models.UniqueConstraint(fields=["objet", "code"], name="contour_unique_par_objet")]

    def __str__(self):
        return f"{self.get_objet_display()} {self.code}"

    @staticmethod
    def objet_of(obj) -> str:
        return {
            Region: Contour.Objet.REGION,
            Departement: Contour.Objet.DEPARTEMENT,
            Territoire: Contour.Objet.TERRITOIRE,
        }[type(obj)]
