"""Columns of the territory exports; the download itself is the portal's common export."""

from portail.exports import export_response

COLUMNS = [
    ("Territoire", lambda t: t.nom),
    ("Code", lambda t: t.code),
    ("Phase", lambda t: t.phase_id),
    ("Région pilote", lambda t: t.region_pilote.nom),
    ("Départements", lambda t: ", ".join(d.code for d in t.departements.all())),
    ("Membres", lambda t: t.nb_membres),
    ("Statut", lambda t: t.get_statut_display()),
    ("Niveau de maturité", lambda t: t.get_niveau_maturite_display() if t.niveau_maturite else ""),
]


def territoires_export(territoires, fmt: str, *, name: str = "territoires-d-industrie"):
    return export_response(territoires, COLUMNS, fmt=fmt, name=name, sheet="Territoires")
