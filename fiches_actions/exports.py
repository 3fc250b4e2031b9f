"""Columns of the fiche exports; the download itself is the portal's common export."""

from django.utils import timezone

from portail.exports import export_response

COLUMNS = [
    ("Territoire", lambda f: f.territoire.nom),
    ("Code du territoire", lambda f: f.territoire.code),
    ("Titre", lambda f: f.titre),
    ("Axe", lambda f: f.axe.libelle_court),
    ("Statut", lambda f: f.get_statut_display()),
    ("Avancement", lambda f: f.get_suivi_display() if f.suivi else ""),
    ("Porteur", lambda f: f.porteur_organisation),
    ("Coût total (€ HT)", lambda f: f.cout_total),
    ("Financements prévus (€ HT)", lambda f: f.total_finance),
    ("Début", lambda f: f.date_debut),
    ("Fin", lambda f: f.date_fin),
    ("Déposée le", lambda f: timezone.localtime(f.deposee_le).date() if f.deposee_le else None),
]

SIMPLIFICATION_COLUMNS = [
    ("Territoire", lambda f: f.territoire.nom),
    ("Région pilote", lambda f: f.territoire.region_pilote.nom),
    ("Demande", lambda f: f.titre),
    ("Texte concerné", lambda f: f.texte_concerne),
    ("Dérogation ou simplification demandée", lambda f: f.derogation_demandee),
    ("Validée le", lambda f: timezone.localtime(f.decidee_le).date() if f.decidee_le else None),
    ("Réponse nationale", lambda f: f.reponse_nationale),
    ("Répondue le", lambda f: f.reponse_le),
]


# What the columns read, and nothing else: building each fiche with its author and every date
# (timestamps parsed one by one) was half of a national export's time.
COLUMN_FIELDS = (
    "territoire__nom",
    "territoire__code",
    "titre",
    "axe__libelle_court",
    "statut",
    "suivi",
    "porteur_organisation",
    "cout_total",
    "date_debut",
    "date_fin",
    "deposee_le",
)


def fiches_export(fiches, fmt: str):
    fiches = fiches.select_related(None).select_related("territoire", "axe").only(*COLUMN_FIELDS)
    return export_response(fiches, COLUMNS, fmt=fmt, name="fiches-actions", sheet="Fiches actions")


def simplifications_export(fiches, fmt: str):
    return export_response(
        fiches, SIMPLIFICATION_COLUMNS, fmt=fmt, name="demandes-de-simplification", sheet="Simplification"
    )
