"""Import of the programme's reference data from the files shipped in ``territoires/data``.

The import reads and checks every file before writing anything, then writes in one transaction:
a fault anywhere leaves the database exactly as it was. Rows are compared with what is stored,
so a second import of the same files changes nothing.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import hashlib
from pathlib import Path

from django.db import transaction

from portail.cache import figures_changed
from portail.database import refresh_planner_statistics

from ..enums import CodePhase, NatureEPCI, TypeMembre, Zone
from ..models import (
    EPCI,
    Commune,
    Contour,
    Departement,
    ImportReferentiel,
    MembreTerritoire,
    NomOperateur,
    Operateur,
    Region,
    Territoire,
)
from ..phases import ensure_phases
from .parsing import ReferentielError, read_csv, read_geojson

# Perimeters decided above this floor (accepted perimeter requests), registered at start-up by the app
# that decides them, so that the reference data never imports its readers.
_DECIDED_PERIMETERS: list = []


def decided_by(source) -> None:
    """Register a callable returning the ids of territories whose perimeter a committee has decided."""
    if source not in _DECIDED_PERIMETERS:
        _DECIDED_PERIMETERS.append(source)


DATA_DIR = Path(__file__).resolve().parent.parent / "data"

OPERATEURS = {
    "banque-des-territoires": "Banque des Territoires",
    "bpifrance": "Bpifrance",
    "business-france": "Business France",
    "france-travail": "France Travail",
}

# Names an operator bore before its current one (Pôle emploi became France Travail on 1 January 2024).
OPERATOR_NAMES = {
    "france-travail": [
        ("Pôle emploi", None, datetime.date(2023, 12, 31)),
        ("France Travail", datetime.date(2024, 1, 1), None),
    ],
}

RE_REGION = r"\d{2}"
RE_DEPARTEMENT = r"\d{2}|2A|2B|97\d"
RE_COMMUNE = r"(\d{2}|2A|2B)\d{3}"
RE_SIREN = r"\d{9}"


@dataclasses.dataclass
class Counter:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.removed


@dataclasses.dataclass
class ImportReport:
    counts: dict[str, Counter] = dataclasses.field(default_factory=lambda: collections.defaultdict(Counter))
    totals: dict[str, int] = dataclasses.field(default_factory=dict)
    unmatched_communes_2020: int = 0
    skipped: bool = False
    decided_perimeters: int = 0

    @property
    def changed(self) -> int:
        return sum(counter.changed for counter in self.counts.values())


# ---------------------------------------------------------------- reading and checking the files


def _parse(data_dir: Path) -> dict:
    regions = {}
    for row in read_csv(data_dir / "regions.csv", ["code_insee", "nom", "chef_lieu", "zone"]):
        code = row.match("code_insee", RE_REGION, "un code de région INSEE")
        regions[code] = dict(
            nom=row.text("nom"),
            chef_lieu=row.match("chef_lieu", RE_COMMUNE, "un code commune"),
            zone=row.choice("zone", Zone.values),
        )

    departements = {}
    for row in read_csv(data_dir / "departements.csv", ["code_insee", "nom", "code_region", "chef_lieu", "zone"]):
        code = row.match("code_insee", RE_DEPARTEMENT, "un code de département INSEE")
        departements[code] = dict(
            nom=row.text("nom"),
            region_id=row.reference("code_region", regions, "Région"),
            chef_lieu=row.match("chef_lieu", RE_COMMUNE, "un code commune"),
            zone=row.choice("zone", Zone.values),
        )

    epcis, epci_departements, epci_regions = {}, {}, {}
    epci_header = [
        "siren",
        "nom",
        "nature",
        "mode_financement",
        "population_municipale",
        "nb_communes",
        "departement_principal",
        "departements",
        "region_principale",
        "regions",
    ]
    for row in read_csv(data_dir / "epci.csv", epci_header):
        siren = row.match("siren", RE_SIREN, "un SIREN à 9 chiffres")
        epcis[siren] = dict(
            nom=row.text("nom"),
            nature=row.choice("nature", NatureEPCI.values),
            mode_financement=row.values["mode_financement"].strip(),
            population=row.integer("population_municipale", optional=True),
            nb_communes=row.integer("nb_communes"),
            departement_principal_id=row.reference("departement_principal", departements, "Département"),
            region_principale_id=row.reference("region_principale", regions, "Région"),
        )
        epci_departements[siren] = row.codes("departements", departements, "Département")
        epci_regions[siren] = row.codes("regions", regions, "Région")

    communes = {}
    communes_per_epci: collections.Counter[str] = collections.Counter()
    for row in read_csv(
        data_dir / "epci_communes.csv", ["siren_epci", "code_insee_commune", "siren_commune", "nom_commune"]
    ):
        epci = row.reference("siren_epci", epcis, "EPCI")
        code = row.match("code_insee_commune", RE_COMMUNE, "un code commune INSEE")
        communes[code] = dict(
            siren=row.match("siren_commune", RE_SIREN, "un SIREN à 9 chiffres"),
            nom=row.text("nom_commune"),
            epci_id=epci,
        )
        communes_per_epci[epci] += 1
    _check_declared_counts(
        "epci_communes.csv", "EPCI", {s: e["nb_communes"] for s, e in epcis.items()}, communes_per_epci
    )

    territoires = {}
    header_2020 = ["code_ti", "libelle", "code_region_id", "codes_regions", "codes_departements", "nb_communes"]
    declared_2020 = {}
    for row in read_csv(data_dir / "territoires_industrie_2020.csv", header_2020):
        code = row.match("code_ti", r"\d{4}", "un code de territoire 2020 (4 chiffres)")
        territoires[code] = dict(
            nom=row.text("libelle"),
            phase=CodePhase.PHASE_1,
            region_pilote_id=row.reference("code_region_id", regions, "Région"),
            regions=row.codes("codes_regions", regions, "Région"),
            departements=row.codes("codes_departements", departements, "Département"),
            membres={},
        )
        declared_2020[code] = row.integer("nb_communes")

    communes_2020 = collections.defaultdict(list)
    for row in read_csv(
        data_dir / "territoires_industrie_2020_communes.csv", ["code_ti", "code_insee_commune", "libelle_ti"]
    ):
        code = row.reference("code_ti", declared_2020, "Territoire")
        communes_2020[code].append(row.match("code_insee_commune", RE_COMMUNE, "un code commune INSEE"))
    _check_declared_counts(
        "territoires_industrie_2020_communes.csv",
        "Territoire",
        declared_2020,
        {code: len(codes) for code, codes in communes_2020.items()},
    )

    unmatched = 0
    for code, commune_codes in communes_2020.items():
        # Phase 1 perimeters are lists of communes; their members are the EPCI those communes
        # belong to today. Communes merged since 2020 no longer exist and cannot be placed.
        for commune_code in commune_codes:
            commune = communes.get(commune_code)
            if commune is None:
                unmatched += 1
                continue
            epci = epcis[commune["epci_id"]]
            territoires[code]["membres"][commune["epci_id"]] = dict(
                type=TypeMembre.EPCI,
                epci_id=commune["epci_id"],
                commune_id=None,
                nom=epci["nom"],
                nature=epci["nature"],
            )

    header_2023 = ["id_anct", "libelle", "code_region_id", "codes_regions", "codes_departements", "nb_membres"]
    declared_2023 = {}
    for row in read_csv(data_dir / "territoires_industrie_2023.csv", header_2023):
        code = row.match("id_anct", r"ti-\d{4}", "un identifiant ANCT (ti-0000)")
        territoires[code] = dict(
            nom=row.text("libelle"),
            phase=CodePhase.PHASE_2,
            region_pilote_id=row.reference("code_region_id", regions, "Région"),
            regions=row.codes("codes_regions", regions, "Région"),
            departements=row.codes("codes_departements", departements, "Département"),
            membres={},
        )
        declared_2023[code] = row.integer("nb_membres")

    communes_by_siren = {c["siren"]: code for code, c in communes.items()}
    natures = set(NatureEPCI.values) | {"COMMUNE"}
    for row in read_csv(
        data_dir / "territoires_industrie_2023_membres.csv", ["id_anct", "siren", "nom_membre", "nature"]
    ):
        code = row.reference("id_anct", declared_2023, "Territoire")
        siren = row.match("siren", RE_SIREN, "un SIREN à 9 chiffres")
        nature = row.choice("nature", natures)
        membre = dict(nom=row.text("nom_membre"), nature=nature, epci_id=None, commune_id=None)
        if nature == "COMMUNE":
            code_insee = communes_by_siren[row.reference("siren", communes_by_siren, "Commune")]
            membre.update(type=TypeMembre.COMMUNE, commune_id=code_insee)
        elif nature == NatureEPCI.EPT:
            membre.update(type=TypeMembre.EPT)
        else:
            membre.update(type=TypeMembre.EPCI, epci_id=row.reference("siren", epcis, "EPCI"))
        territoires[code]["membres"][siren] = membre
    _check_declared_counts(
        "territoires_industrie_2023_membres.csv",
        "Territoire",
        declared_2023,
        {code: len(territoires[code]["membres"]) for code in declared_2023},
    )

    contours = {
        "regions": read_geojson(data_dir / "regions.geojson", "insee_reg"),
        "departements": read_geojson(data_dir / "departements.geojson", "insee_dep"),
        "territoires": read_geojson(data_dir / "territoires_industrie_2023.geojson", "id_anct"),
    }
    return dict(
        regions=regions,
        departements=departements,
        epcis=epcis,
        epci_departements=epci_departements,
        epci_regions=epci_regions,
        communes=communes,
        territoires=territoires,
        contours=contours,
        unmatched=unmatched,
    )


def _check_declared_counts(file: str, what: str, declared: dict, found) -> None:
    """A truncated detail file shows as a parent announcing more lines than the file holds."""
    for key, expected in declared.items():
        got = found.get(key, 0)
        if got != expected:
            raise ReferentielError(
                file,
                None,
                None,
                f"{what} « {key} » annonce {expected} lignes, le fichier en contient {got} "
                "(fichier tronqué ou incohérent).",
            )


# ---------------------------------------------------------------- writing only what changed


def _sync(
    model, key: str | tuple[str, ...], wanted: dict, counter: Counter, *, remove_stale: bool = False, queryset=None
) -> None:
    """Create, update (and optionally delete) rows so the table holds ``wanted``, keyed by ``key``."""
    keys = (key,) if isinstance(key, str) else key
    fields = list(next(iter(wanted.values())).keys()) if wanted else []

    def key_of(obj):
        values = tuple(getattr(obj, k) for k in keys)
        return values[0] if len(keys) == 1 else values

    def key_fields(pk):
        return dict(zip(keys, (pk,) if len(keys) == 1 else pk, strict=False))

    existing = {key_of(obj): obj for obj in (queryset if queryset is not None else model.objects.all())}
    to_create, to_update = [], []
    for pk, values in wanted.items():
        obj = existing.get(pk)
        if obj is None:
            to_create.append(model(**key_fields(pk), **values))
        elif any(getattr(obj, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(obj, field, value)
            to_update.append(obj)
        else:
            counter.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=2000)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=2000)
    counter.created += len(to_create)
    counter.updated += len(to_update)
    if remove_stale:
        stale = [existing[pk].pk for pk in set(existing) - set(wanted)]
        model.objects.filter(pk__in=stale).delete()
        counter.removed += len(stale)


def _sync_links(through, left: str, right: str, wanted: set[tuple], counter: Counter, *, exclude_left=()) -> None:
    existing = set(through.objects.exclude(**{f"{left}__in": exclude_left}).values_list(left, right))
    wanted = {pair for pair in wanted if pair[0] not in set(exclude_left)}
    missing, extra = wanted - existing, existing - wanted
    through.objects.bulk_create([through(**{left: a, right: b}) for a, b in missing], batch_size=5000)
    for a, b in extra:
        through.objects.filter(**{left: a, right: b}).delete()
    counter.created += len(missing)
    counter.removed += len(extra)
    counter.unchanged += len(existing & wanted)


def fingerprint(data_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(data_dir.glob("*")):
        if path.suffix in (".csv", ".geojson"):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@transaction.atomic
def _operator_names() -> None:
    for code, names in OPERATOR_NAMES.items():
        if Operateur.objects.filter(code=code).exists():
            for nom, du, au in names:
                NomOperateur.objects.get_or_create(operateur_id=code, nom=nom, defaults={"du": du, "au": au})


def referentiel_import(*, data_dir: Path = DATA_DIR, force: bool = False) -> ImportReport:
    """Import or refresh régions, départements, EPCI, communes, territories and operators.

    When the files are those of the last import, nothing is re-read (unless ``force``): the
    portal starts in seconds and the data stays as it was.
    """
    empreinte = fingerprint(data_dir)
    last = ImportReferentiel.objects.first()
    if not force and last and last.empreinte == empreinte and Territoire.objects.exists():
        _operator_names()  # reference data of the code, not of the files: a database of before gets them too
        return ImportReport(totals=last.totaux, skipped=True)
    data = _parse(data_dir)
    report = ImportReport(unmatched_communes_2020=data["unmatched"])
    counts, contours = report.counts, data["contours"]

    _sync(
        Region,
        "code",
        data["regions"],
        counts["régions"],
    )
    _sync(
        Departement,
        "code",
        data["departements"],
        counts["départements"],
    )
    _sync(EPCI, "siren", data["epcis"], counts["EPCI"])
    _sync_links(
        EPCI.departements.through,
        "epci_id",
        "departement_id",
        {(s, d) for s, codes in data["epci_departements"].items() for d in codes},
        counts["EPCI × départements"],
    )
    _sync_links(
        EPCI.regions.through,
        "epci_id",
        "region_id",
        {(s, r) for s, codes in data["epci_regions"].items() for r in codes},
        counts["EPCI × régions"],
    )
    _sync(Commune, "code_insee", data["communes"], counts["communes"])
    _sync(Operateur, "code", {code: {"nom": nom} for code, nom in OPERATEURS.items()}, counts["opérateurs"])
    ensure_phases()
    _operator_names()

    _sync(
        Territoire,
        "code",
        {
            code: dict(
                nom=t["nom"],
                phase_id=str(t["phase"]),
                region_pilote_id=t["region_pilote_id"],
            )
            for code, t in data["territoires"].items()
        },
        counts["territoires"],
    )
    _sync(
        Contour,
        ("objet", "code"),
        {
            (objet, code): {"geojson": geojson}
            for objet, kind in (
                (Contour.Objet.REGION, "regions"),
                (Contour.Objet.DEPARTEMENT, "departements"),
                (Contour.Objet.TERRITOIRE, "territoires"),
            )
            for code, geojson in contours[kind].items()
        },
        counts["contours"],
        remove_stale=True,
    )
    ids = dict(Territoire.objects.values_list("code", "pk"))
    # A perimeter changed by a committee's decision belongs to that decision from then on: re-reading
    # the shipped files must not undo it. The governance floor says which ones (see `decided_by`).
    decided = set()
    for source in _DECIDED_PERIMETERS:
        decided.update(source())
    report.decided_perimeters = len(decided)
    _sync_links(
        Territoire.regions.through,
        "territoire_id",
        "region_id",
        {(ids[c], r) for c, t in data["territoires"].items() for r in t["regions"]},
        counts["territoires × régions"],
    )
    _sync_links(
        Territoire.departements.through,
        "territoire_id",
        "departement_id",
        {(ids[c], d) for c, t in data["territoires"].items() for d in t["departements"]},
        counts["territoires × départements"],
        exclude_left=decided,
    )
    # The shipped files define the perimeters of record; a member they no longer list goes.
    _sync(
        MembreTerritoire,
        ("territoire_id", "siren"),
        {
            (ids[code], siren): membre
            for code, t in data["territoires"].items()
            for siren, membre in t["membres"].items()
            if ids[code] not in decided
        },
        counts["membres des territoires"],
        remove_stale=True,
        queryset=MembreTerritoire.objects.exclude(territoire_id__in=decided),
    )

    report.totals = {
        "régions": Region.objects.count(),
        "départements": Departement.objects.count(),
        "EPCI": EPCI.objects.count(),
        "communes": Commune.objects.count(),
        "opérateurs": Operateur.objects.count(),
        "territoires 2019-2022": Territoire.objects.filter(phase=CodePhase.PHASE_1).count(),
        "territoires 2023-2027": Territoire.objects.filter(phase=CodePhase.PHASE_2).count(),
        "membres 2019-2022": MembreTerritoire.objects.filter(territoire__phase=CodePhase.PHASE_1).count(),
        "membres 2023-2027": MembreTerritoire.objects.filter(territoire__phase=CodePhase.PHASE_2).count(),
    }
    ImportReferentiel.objects.create(empreinte=empreinte, totaux=report.totals)
    refresh_planner_statistics()
    figures_changed()  # territories were written in bulk, which sends no signal
    return report
