"""Columns of the governance exports; the download itself is the portal's common export."""

from django.utils import timezone

from portail.exports import export_response


def _local_date(value):
    return timezone.localtime(value).date() if value else None


COMITE_COLUMNS = [
    ("Comité", lambda c: c.nom),
    ("Type", lambda c: c.get_type_display()),
    ("Territoire", lambda c: c.territoire.nom if c.territoire_id else ""),
    ("Région", lambda c: c.region.nom if c.region_id else ""),
    ("Dernière séance", lambda c: _local_date(c.derniere_seance)),
    ("Prochaine séance", lambda c: _local_date(c.prochaine_seance)),
    ("Décisions", lambda c: c.nb_decisions),
]

SEANCE_COLUMNS = [
    ("Date", lambda s: timezone.localtime(s.date).replace(tzinfo=None)),
    ("Lieu", lambda s: s.lieu or "visioconférence"),
    ("Statut", lambda s: s.get_statut_display()),
    ("Points à l'ordre du jour", lambda s: s.nb_points),
    ("Décisions", lambda s: s.nb_decisions),
]


def comites_export(comites, fmt: str):
    return export_response(comites, COMITE_COLUMNS, fmt=fmt, name="activite-des-comites", sheet="Comités")


def seances_export(seances, fmt: str, *, name: str):
    return export_response(seances, SEANCE_COLUMNS, fmt=fmt, name=name, sheet="Séances")
