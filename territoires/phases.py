"""The programme's phases as reference data: what the portal starts with, and the one rule that an axe
belongs to its territory's phase. The national delegation edits phases, axes and envelopes in the admin
afterwards; seeding never overwrites what it changed."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from portail.cache import cache_delete, cache_get, cache_set, figures_changed, generation

PHASES = [
    {
        "code": "2019-2022",
        "libelle": "Territoires d'industrie, première phase",
        "debut": datetime.date(2018, 11, 22),
        "fin": datetime.date(2022, 12, 31),
        "description": "Lancée le 22 novembre 2018 : 148 territoires, quatre axes d'intervention.",
        "axes": [
            ("recruter", "Recruter", "Recruter", "Attirer et former les compétences dont l'industrie a besoin."),
            ("attirer", "Attirer", "Attirer", "Rendre le territoire attractif pour les entreprises et leurs salariés."),
            ("innover", "Innover", "Innover", "Accompagner l'innovation et la modernisation des entreprises."),
            ("simplifier", "Simplifier", "Simplifier", "Lever les obstacles administratifs aux projets industriels."),
        ],
        "instruments": [],
    },
    {
        "code": "2023-2027",
        "libelle": "Territoires d'industrie, deuxième phase",
        "debut": datetime.date(2023, 11, 9),
        "fin": datetime.date(2027, 12, 31),
        "description": (
            "183 territoires labellisés, annoncés à l'assemblée générale du 9 novembre 2023 à Chalon-sur-Saône ; "
            "un chef de projet obligatoire, cofinancé par l'État ; un plan d'actions local."
        ),
        "axes": [
            (
                "competences",
                "Lever les freins au recrutement et développer les compétences",
                "Compétences",
                "Recrutement, formation, logement et mobilité des salariés de l'industrie.",
            ),
            (
                "transition",
                "Accélérer la transition écologique et énergétique",
                "Transition écologique",
                "Décarbonation de l'industrie, énergie, économie circulaire.",
            ),
            (
                "innovation",
                "Faire des territoires des écosystèmes d'innovation",
                "Innovation",
                "Liens entre entreprises, recherche et formation ; industrie du futur.",
            ),
            (
                "foncier",
                "Mobiliser un foncier industriel adapté",
                "Foncier",
                "Sobriété foncière sous la contrainte « zéro artificialisation nette » : friches, densification.",
            ),
        ],
        "instruments": [
            {
                "code": "etat-investissement-ti",
                "libelle": "Enveloppe de l'État pour les projets d'investissement des territoires",
                "description": "Environ 100 M€ par an à partir de 2024 pour les projets d'investissement.",
                "enveloppes": {year: Decimal("100000000") for year in (2024, 2025, 2026, 2027)},
            }
        ],
    },
]


def seed_phases(Phase, Axe, InstrumentFinancement, EnveloppeAnnuelle) -> dict:
    """Create what is missing of the reference phases; leave anything that exists as the delegation left it.
    Takes the model classes so a data migration can pass its historical ones."""
    phases = {phase.code: phase for phase in Phase.objects.all()}
    if len(phases) >= len(PHASES) and Axe.objects.exists():
        return phases
    for spec in PHASES:
        phase, _created = Phase.objects.get_or_create(
            code=spec["code"],
            defaults={key: spec[key] for key in ("libelle", "debut", "fin", "description")},
        )
        phases[phase.code] = phase
        for ordre, (code, libelle, court, description) in enumerate(spec["axes"], start=1):
            Axe.objects.get_or_create(
                phase=phase,
                code=code,
                defaults={
                    "libelle": libelle,
                    "libelle_court": court,
                    "ordre": ordre,
                    "description": description,
                    "demande_simplification": code == "simplifier",
                },
            )
        for instrument_spec in spec["instruments"]:
            instrument, _created = InstrumentFinancement.objects.get_or_create(
                code=instrument_spec["code"],
                defaults={
                    "phase": phase,
                    "libelle": instrument_spec["libelle"],
                    "description": instrument_spec["description"],
                },
            )
            for annee, montant in instrument_spec["enveloppes"].items():
                EnveloppeAnnuelle.objects.get_or_create(
                    instrument=instrument, annee=annee, defaults={"montant": montant}
                )
    return phases


def ensure_phases() -> dict:
    from .models import Axe, EnveloppeAnnuelle, InstrumentFinancement, Phase

    return seed_phases(Phase, Axe, InstrumentFinancement, EnveloppeAnnuelle)


def axe_for(phase_id: str, value):
    """The axe a form, the API or an import names, as an axe of that phase: an ``Axe`` or its code.
    Refused in French with the phase's own axes otherwise."""
    from .models import Axe

    axes = list(Axe.objects.filter(phase_id=phase_id))
    for axe in axes:
        if value == axe or (isinstance(value, str) and value.strip().lower() == axe.code):
            return axe
    named = value.code if isinstance(value, Axe) else str(value)
    choices = ", ".join(axe.code for axe in axes)
    raise ValidationError(
        {"axe": f"« {named} » n'est pas un axe de la phase {phase_id} de ce territoire ; choisissez parmi : {choices}."}
    )


# The phases and their axes change a few times per phase, by the delegation, and every dashboard reads
# them: they are kept in the cache, replaced by any edit (``reference_changed``, wired in apps.py).
# Each process also keeps the copy it last read, for as long as the generation token it read it under
# is current: any edit replaces the token (``figures_changed``), and a page then reads no copy at all.
REFERENCE_KEY = "phases:reference"
_kept: tuple[str, list] | None = None


def reference() -> list:
    """Every phase, oldest first, each with ``axes_list`` in the phase's order and ``envelopes``: for each
    financing instrument, its yearly amounts. Read only: the list and its phases are shared."""
    global _kept
    from .models import Phase

    token = generation()
    if _kept is not None and _kept[0] == token:
        return _kept[1]
    phases = cache_get(REFERENCE_KEY)
    if phases is None:
        phases = list(Phase.objects.prefetch_related("axes", "instruments__enveloppes").order_by("debut"))
        for phase in phases:
            phase.axes_list = sorted(phase.axes.all(), key=lambda axe: axe.ordre)
            phase.envelopes = [
                (instrument.pk, instrument.libelle, {e.annee: e.montant for e in instrument.enveloppes.all()})
                for instrument in phase.instruments.all()
            ]
            phase._prefetched_objects_cache = {}
        cache_set(REFERENCE_KEY, phases, 24 * 3600)
    _kept = (token, phases)
    return phases


def current_phase(on: datetime.date | None = None):
    """The phase running on that day; between two phases, or after the last, the latest begun."""
    on = on or timezone.localdate()
    phases = reference()
    begun = [phase for phase in phases if phase.debut <= on]
    return (begun or phases or [None])[-1 if begun else 0]


def phase_named(code: str | None):
    """The phase of that code, or None."""
    return next((phase for phase in reference() if phase.code == code), None) if code else None


def ordered_axes(phase_id: str, carried=()) -> list:
    """The axes of a phase in its order, then those of other phases that ``carried`` codes name (fiches
    written under the previous phase): the order every table, list and contract groups fiches by."""
    phases = reference()
    own = next((phase.axes_list for phase in phases if phase.code == phase_id), [])
    known = {axe.code for axe in own}
    others = [
        axe for phase in phases if phase.code != phase_id for axe in phase.axes_list if axe.code in set(carried) - known
    ]
    return own + others


def reference_changed(**_ignored) -> None:
    from django.db import transaction

    cache_delete(REFERENCE_KEY)
    # Again after the commit: a page may have read the data before it and kept them meanwhile.
    transaction.on_commit(lambda: cache_delete(REFERENCE_KEY))
    # Every territory's aggregates: they hold operators' names and count simplification requests by
    # the axe's flag, which such an edit may change (a rare edit: the next dashboard recounts all).
    figures_changed()
