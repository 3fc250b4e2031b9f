"""Open data, the State's way: public files under the Etalab 2.0 licence, each with a TableSchema
(the conventions of schema.data.gouv.fr: UTF-8, comma-separated, ISO dates, decimal point).

Only what the programme publishes anyway: the territories of each phase with their members and
régions, the figures per région and year, and the validated fiches a comité marked « publiable »
(title, territory, axe, summary, cost, financing by financeur). Never a person, an attachment, a
comment nor a draft.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear

from contrats.enums import StatutVersion
from contrats.models import VersionContrat
from fiches_actions.enums import StatutFiche, StatutFinancement
from fiches_actions.models import FicheAction, LigneFinancement
from territoires.models import MembreTerritoire, Phase, Territoire

LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}


@dataclasses.dataclass(frozen=True)
class Dataset:
    name: str  # the stable part of its URLs
    title: str
    description: str
    fields: tuple[dict, ...]  # TableSchema fields: name, type, title, description
    rows: Callable[[], Iterator[dict]]
    primary_key: tuple[str, ...] = ()

    def schema(self) -> dict:
        schema = {
            "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "licenses": [LICENCE],
            "fields": list(self.fields),
        }
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        return schema

    @property
    def columns(self) -> list[str]:
        return [field["name"] for field in self.fields]


def _field(name, type_, title, description, **extra):
    return {"name": name, "type": type_, "title": title, "description": description, **extra}


def _territory_rows(phase_code: str):
    def rows():
        members = (
            MembreTerritoire.objects.filter(territoire__phase_id=phase_code)
            .select_related("territoire__region_pilote")
            .prefetch_related("territoire__regions")
            .order_by("territoire__code", "type", "siren", "nom")
        )
        for membre in members.iterator(chunk_size=500):
            territoire = membre.territoire
            yield {
                "code_territoire": territoire.code,
                "nom_territoire": territoire.nom,
                "phase": phase_code,
                "code_region_pilote": territoire.region_pilote_id,
                "region_pilote": territoire.region_pilote.nom,
                "codes_regions": "|".join(sorted(r.code for r in territoire.regions.all())),
                "type_membre": membre.type,
                "siren_membre": membre.siren,
                "code_insee_commune": membre.commune_id or "",
                "nom_membre": membre.nom,
            }

    return rows


TERRITORY_FIELDS = (
    _field("code_territoire", "string", "Code du territoire", "Identifiant ANCT du territoire d'industrie."),
    _field("nom_territoire", "string", "Nom du territoire", "Nom du territoire d'industrie."),
    _field("phase", "string", "Phase", "Phase du programme : 2019-2022 ou 2023-2027."),
    _field(
        "code_region_pilote", "string", "Code de la région pilote", "Code INSEE de la région qui pilote le territoire."
    ),
    _field("region_pilote", "string", "Région pilote", "Nom de la région pilote."),
    _field(
        "codes_regions", "string", "Régions traversées", "Codes INSEE des régions du territoire, séparés par « | »."
    ),
    _field("type_membre", "string", "Type de membre", "epci ou commune.", constraints={"enum": ["epci", "commune"]}),
    _field("siren_membre", "string", "SIREN du membre", "SIREN de l'intercommunalité ou de la commune membre."),
    _field("code_insee_commune", "string", "Code INSEE de la commune", "Pour une commune membre ; vide pour un EPCI."),
    _field("nom_membre", "string", "Nom du membre", "Nom de l'intercommunalité ou de la commune."),
)


def _figures_rows():
    """Per phase, région pilote and year: fiches deposited, validated (and their cost), contracts signed."""
    table: dict[tuple, dict] = {}

    def line(phase, region, year):
        return table.setdefault(
            (phase, region, year),
            {
                "phase": phase,
                "code_region": region,
                "annee": year,
                "fiches_deposees": 0,
                "fiches_validees": 0,
                "cout_fiches_validees": Decimal("0"),
                "contrats_signes": 0,
            },
        )

    fiches = FicheAction.objects.exclude(statut=StatutFiche.BROUILLON).exclude(deposee_le=None)
    for row in (
        fiches.values("territoire__phase", "territoire__region_pilote", year=ExtractYear("deposee_le"))
        .annotate(n=Count("pk"))
        .order_by()
    ):
        line(row["territoire__phase"], row["territoire__region_pilote"], row["year"])["fiches_deposees"] += row["n"]
    for row in (
        fiches.filter(statut=StatutFiche.VALIDEE)
        .exclude(decidee_le=None)
        .values("territoire__phase", "territoire__region_pilote", year=ExtractYear("decidee_le"))
        .annotate(n=Count("pk"), cout=Sum("cout_total"))
        .order_by()
    ):
        entry = line(row["territoire__phase"], row["territoire__region_pilote"], row["year"])
        entry["fiches_validees"] += row["n"]
        entry["cout_fiches_validees"] += row["cout"] or 0
    for row in (
        VersionContrat.objects.filter(statut=StatutVersion.SIGNE, numero=1)
        .exclude(signee_le=None)
        .values("contrat__territoire__phase", "contrat__territoire__region_pilote", year=ExtractYear("signee_le"))
        .annotate(n=Count("pk"))
        .order_by()
    ):
        line(row["contrat__territoire__phase"], row["contrat__territoire__region_pilote"], row["year"])[
            "contrats_signes"
        ] += row["n"]
    names = dict(Territoire.objects.values_list("region_pilote_id", "region_pilote__nom").distinct())
    for key in sorted(table):
        yield {**table[key], "region": names.get(key[1], "")}


FIGURES_FIELDS = (
    _field("phase", "string", "Phase", "Phase du programme du territoire."),
    _field("code_region", "string", "Code de la région pilote", "Code INSEE."),
    _field("region", "string", "Région pilote", "Nom de la région."),
    _field("annee", "integer", "Année", "Année du dépôt, de la validation ou de la signature."),
    _field("fiches_deposees", "integer", "Fiches déposées", "Fiches actions déposées cette année-là."),
    _field("fiches_validees", "integer", "Fiches validées", "Fiches validées par leur comité cette année-là."),
    _field("cout_fiches_validees", "number", "Coût des fiches validées (€ HT)", "Somme des coûts totaux."),
    _field("contrats_signes", "integer", "Contrats signés", "Contrats de territoire signés (hors avenants)."),
)


def _published_fiches():
    return FicheAction.objects.filter(statut=StatutFiche.VALIDEE, publiable=True)


def _fiche_rows():
    fiches = _published_fiches().select_related("territoire", "axe").order_by("pk")
    for fiche in fiches.iterator(chunk_size=500):
        yield {
            "id_fiche": fiche.pk,
            "titre": fiche.titre,
            "code_territoire": fiche.territoire.code,
            "territoire": fiche.territoire.nom,
            "phase": fiche.territoire.phase_id,
            "axe": fiche.axe.libelle_court if fiche.axe_id else "",
            "resume": fiche.description,
            "cout_total": fiche.cout_total,
            "validee_le": fiche.decidee_le.date() if fiche.decidee_le else None,
        }


FICHE_FIELDS = (
    _field("id_fiche", "integer", "Identifiant", "Identifiant de la fiche dans le portail."),
    _field("titre", "string", "Titre", "Titre de la fiche action."),
    _field("code_territoire", "string", "Code du territoire", "Identifiant ANCT du territoire."),
    _field("territoire", "string", "Territoire", "Nom du territoire d'industrie."),
    _field("phase", "string", "Phase", "Phase du programme."),
    _field("axe", "string", "Axe ou priorité", "Axe (2019-2022) ou priorité (2023-2027) de la fiche."),
    _field("resume", "string", "Résumé", "Description de l'action."),
    _field("cout_total", "number", "Coût total (€ HT)", "Coût total prévu de l'action."),
    _field("validee_le", "date", "Validée le", "Date de la séance du comité qui l'a validée."),
)


def _financing_rows():
    lines = (
        LigneFinancement.objects.filter(fiche__in=_published_fiches().values("pk"))
        .select_related("operateur")
        .order_by("fiche_id", "pk")
    )
    for ligne in lines.iterator(chunk_size=1000):
        yield {
            "id_fiche": ligne.fiche_id,
            "financeur": str(ligne.libelle_financeur),
            "type_financeur": ligne.financeur,
            "montant": ligne.montant,
            "statut": ligne.statut,
        }


FINANCING_FIELDS = (
    _field("id_fiche", "integer", "Identifiant de la fiche", "Renvoie à fiches-publiables."),
    _field("financeur", "string", "Financeur", "État, Région, EPCI, nom de l'opérateur, Europe, privé, autre."),
    _field("type_financeur", "string", "Type de financeur", "Code du type de financeur."),
    _field("montant", "number", "Montant (€ HT)", "Montant demandé à ce financeur."),
    _field(
        "statut", "string", "Statut", "sollicite ou acquis.", constraints={"enum": [s.value for s in StatutFinancement]}
    ),
)


def datasets() -> dict[str, Dataset]:
    """Every published file, by its stable name (one territory file per phase of the reference data)."""
    found = {}
    for code in Phase.objects.order_by("debut").values_list("code", flat=True):
        name = f"territoires-{code}"
        found[name] = Dataset(
            name,
            f"Territoires d'industrie {code} et leurs membres",
            f"Une ligne par membre (intercommunalité ou commune) de chaque territoire de la phase {code}, "
            "avec sa région pilote et les régions qu'il traverse.",
            TERRITORY_FIELDS,
            _territory_rows(code),
        )
    found["chiffres-regions"] = Dataset(
        "chiffres-regions",
        "Chiffres du programme par région et par année",
        "Fiches actions déposées et validées, coût des fiches validées, contrats signés, par phase, région "
        "pilote et année.",
        FIGURES_FIELDS,
        _figures_rows,
        primary_key=("phase", "code_region", "annee"),
    )
    found["fiches-publiables"] = Dataset(
        "fiches-publiables",
        "Fiches actions validées et déclarées publiables",
        "Les fiches qu'un comité de projet a validées en les déclarant publiables : titre, territoire, axe, "
        "résumé, coût. Jamais les personnes, les pièces ni les commentaires.",
        FICHE_FIELDS,
        _fiche_rows,
        primary_key=("id_fiche",),
    )
    found["financements-fiches-publiables"] = Dataset(
        "financements-fiches-publiables",
        "Financements des fiches publiables",
        "Une ligne par financeur sollicité de chaque fiche publiable.",
        FINANCING_FIELDS,
        _financing_rows,
    )
    return found


def csv_value(value) -> str:
    """A cell as schema.data.gouv.fr wants it: ISO dates, decimal point, no thousands separator."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return str(value)
