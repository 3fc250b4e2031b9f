import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from ..enums import StatutFiche, Suivi, TypePorteur
from ..validators import validate_siret


class MesureNationale(models.Model):
    """One service of the national offer (« panier de services »), kept by the national delegation."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    libelle = models.CharField(_("libellé"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    axe = models.ForeignKey(
        "territoires.Axe", on_delete=models.PROTECT, related_name="mesures", verbose_name=_("axe ou priorité")
    )
    operateur = models.ForeignKey(
        "territoires.Operateur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mesures",
        verbose_name=_("opérateur"),
    )
    active = models.BooleanField(_("proposée actuellement"), default=True)
    illustrative = models.BooleanField(
        _("exemple illustratif"),
        default=False,
        help_text=_("Entrée de démonstration : à remplacer par l'offre de services officielle."),
    )

    class Meta:
        verbose_name = _("mesure nationale")
        verbose_name_plural = _("mesures nationales (panier de services)")
        ordering = ["axe__phase", "axe__ordre", "libelle"]

    def __str__(self):
        return f"{self.libelle}{' (exemple illustratif)' if self.illustrative else ''}"


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value


class FicheAction(models.Model):
    territoire = models.ForeignKey("territoires.Territoire", on_delete=models.PROTECT, related_name="fiches")
    titre = models.CharField(_("titre"), max_length=200)
    # One of the axes (2019-2022) or priorities (2023-2027) of the territory's phase: territoires.phases.axe_for.
    axe = models.ForeignKey(
        "territoires.Axe", on_delete=models.PROTECT, related_name="fiches", verbose_name=_("axe ou priorité")
    )
    enjeu = models.ForeignKey(
        "protocoles.Enjeu",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fiches",
        verbose_name=_("enjeu du protocole auquel elle répond"),
    )
    description = models.TextField(_("description"), blank=True)
    objectifs = models.TextField(_("objectifs"), blank=True)
    porteur_organisation = models.CharField(_("organisation porteuse"), max_length=200, blank=True)
    porteur_siret = models.CharField(_("SIRET du porteur"), max_length=14, blank=True, validators=[validate_siret])
    porteur_type = models.CharField(_("type de porteur"), max_length=8, choices=TypePorteur.choices, blank=True)
    maitre_ouvrage = models.CharField(_("maître d'ouvrage"), max_length=200, blank=True)
    contact_nom = models.CharField(_("contact : nom"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact : adresse électronique"), blank=True)
    contact_telephone = models.CharField(_("contact : téléphone"), max_length=30, blank=True)
    localisation = models.ForeignKey(
        "territoires.EPCI",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("localisation (EPCI du périmètre)"),
    )
    date_debut = models.DateField(_("début"), null=True, blank=True)
    date_fin = models.DateField(_("fin"), null=True, blank=True)
    cout_total = models.DecimalField(
        _("coût total (€ HT)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    mesures = models.ManyToManyField(
        MesureNationale, blank=True, related_name="fiches", verbose_name=_("mesures nationales mobilisées")
    )

    # « Simplifier » fiches: the administrative obstacle and the derogation asked, answered nationally.
    obstacle = models.TextField(_("obstacle rencontré"), blank=True)
    texte_concerne = models.CharField(_("texte concerné"), max_length=300, blank=True)
    derogation_demandee = models.TextField(_("dérogation ou simplification demandée"), blank=True)
    reponse_nationale = models.TextField(_("réponse nationale"), blank=True)
    reponse_le = models.DateField(_("date de la réponse"), null=True, blank=True)
    reponse_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("réponse donnée par"),
    )

    statut = FSMField(_("statut"), max_length=16, choices=StatutFiche.choices, default=StatutFiche.BROUILLON)
    suivi = FSMField(_("avancement"), max_length=14, choices=Suivi.choices, blank=True, default="")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="fiches_creees")
    cree_le = models.DateTimeField(_("créé le"), default=timezone.now)
    modifie_le = models.DateTimeField(_("modifiée le"), default=timezone.now)
    deposee_le = models.DateTimeField(_("déposée le"), null=True, blank=True)
    decidee_le = models.DateTimeField(_("décidée le"), null=True, blank=True)
    # Set by the comité's validation only: then the fiche's title, summary, cost and financing (never
    # people, attachments or comments) are published as open data.
    publiable = models.BooleanField(_("publiable en données ouvertes"), default=False, db_default=False, editable=False)
    # Optimistic locking: a form carries the version it was read at; a stale save is refused.
    version = models.PositiveIntegerField(default=1)
    # A creation form carries a one-time token: a double click or a refresh finds the same fiche.
    jeton_creation = models.UUIDField(
        _("jeton de création (contre les doublons)"), default=uuid.uuid4, unique=True, editable=False
    )

    history = HistoricalRecords(excluded_fields=["jeton_creation", "modifie_le"])

    class Meta:
        verbose_name = _("fiche action")
        verbose_name_plural = _("fiches actions")
        ordering = ["-modifie_le"]
        indexes = [
            models.Index(fields=["territoire", "statut"]),
            models.Index(fields=["statut", "axe"], name="fiche_statut_axe"),
            # the lists' default order, newest first, read a page at a time
            models.Index(fields=["-modifie_le"], name="fiche_recente"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True)
                | Q(date_debut__isnull=True)
                | Q(date_fin__gte=models.F("date_debut")),
                name="fiche_fin_apres_debut",
            ),
            models.CheckConstraint(
                condition=Q(cout_total__isnull=True) | Q(cout_total__gte=0), name="fiche_cout_positif"
            ),
        ]

    def __str__(self):
        return self.titre

    # Django's own get_FOO_display rebuilds the field's whole table of choices at every call: in a
    # list of 25 fiches, the statuses alone took a fifth of the table's rendering.
    # (``Choices.values`` is a list built at each access too: the enum is asked directly.)
    def get_statut_display(self) -> str:
        return _label(StatutFiche, self.statut)

    def get_suivi_display(self) -> str:
        return _label(Suivi, self.suivi)

    @property
    def scoping_territoire(self):
        return self.territoire

    @property
    def est_simplification(self):
        return self.axe.demande_simplification

    # The workflow; decided states are reached only from a committee decision (services.workflow).
    @transition(field=statut, source=[StatutFiche.BROUILLON, StatutFiche.A_COMPLETER], target=StatutFiche.DEPOSEE)
    def deposer(self):
        self.deposee_le = timezone.now()

    @transition(field=statut, source=StatutFiche.DEPOSEE, target=StatutFiche.EN_INSTRUCTION)
    def instruire(self):
        pass

    @transition(field=statut, source=StatutFiche.EN_INSTRUCTION, target=StatutFiche.DEPOSEE)
    def retirer_de_l_ordre_du_jour(self):
        # The séance that was to examine it is cancelled: it waits for the next agenda again.
        pass

    @transition(field=statut, source=StatutFiche.EN_INSTRUCTION, target=StatutFiche.VALIDEE)
    def valider(self, le=None):
        # Decided on the day of the séance that decided it, even when recorded later.
        self.decidee_le = le or timezone.now()
        self.suivi = Suivi.NON_DEMARREE

    @transition(field=statut, source=StatutFiche.EN_INSTRUCTION, target=StatutFiche.A_COMPLETER)
    def renvoyer(self, le=None):
        self.decidee_le = le or timezone.now()

    @transition(field=statut, source=StatutFiche.EN_INSTRUCTION, target=StatutFiche.REFUSEE)
    def refuser(self, le=None):
        self.decidee_le = le or timezone.now()

    @transition(field=statut, source=StatutFiche.EN_INSTRUCTION, target=StatutFiche.DEPOSEE)
    def ajourner(self, le=None):
        pass

    @transition(field=suivi, source=Suivi.NON_DEMARREE, target=Suivi.EN_COURS)
    def demarrer(self):
        pass

    @transition(field=suivi, source=Suivi.EN_COURS, target=Suivi.REALISEE)
    def achever(self):
        pass

    @transition(field=suivi, source=[Suivi.NON_DEMARREE, Suivi.EN_COURS], target=Suivi.ABANDONNEE)
    def abandonner(self):
        pass


class FicheActionUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key grants (django-guardian): a co-author may edit this one draft."""

    content_object = models.ForeignKey(FicheAction, on_delete=models.CASCADE)


class FicheActionGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(FicheAction, on_delete=models.CASCADE)
