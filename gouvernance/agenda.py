"""What a committee can put on its agenda and decide, registered by the app that owns each object.

Governance bodies decide objects of other apps without importing them: each app declares, in its
``AppConfig.ready()``, a ``Decidable`` — which committee examines it, which objects wait for it, the
verdicts it may give and what a verdict does (the owning app's service, the only door to a decided
state). A new decidable object needs no change here: see docs/architecture.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from .enums import Verdict


@dataclasses.dataclass(frozen=True)
class Decidable:
    key: str  # the name of the convocation's field and of the service's keyword (« fiches »)
    field: str  # the agenda item's foreign key to the object (« fiche »)
    committee: str  # TypeComite that examines it
    label: str  # the convocation form's label
    verdicts: tuple[Verdict, ...]
    pending: Callable  # pending(comite) -> QuerySet of the objects waiting for this committee
    title: Callable  # title(obj) -> the agenda item's title
    choice_label: Callable  # choice_label(obj) -> how the convocation form lists it
    apply: Callable  # apply(obj, decision): the owning app's service
    refused: str  # French message when a chosen object is not waiting for this committee
    put_on_agenda: Callable | None = None  # put_on_agenda(obj, by): e.g. the fiche goes « en instruction »
    back_from_agenda: Callable | None = None  # back_from_agenda(obj, by, motif) when the séance is cancelled
    # Whether a validation may say « publiable en données ouvertes » (fiches: their summary, cost and
    # financing are published as open data only when the committee says so).
    publishable: bool = False


_decidables: dict[str, Decidable] = {}


def register(decidable: Decidable) -> None:
    _decidables[decidable.key] = decidable


def decidables() -> list[Decidable]:
    """In the order of the agenda: perimeter requests, fiches, contracts (the apps' order)."""
    return list(_decidables.values())


def decidable(key: str) -> Decidable:
    return _decidables[key]


def for_point(point) -> tuple[Decidable, object] | tuple[None, None]:
    """The decidable kind of an agenda item and its object; (None, None) for an item without object."""
    for candidate in _decidables.values():
        if getattr(point, f"{candidate.field}_id", None):
            return candidate, getattr(point, candidate.field)
    return None, None


FREE_ITEM_VERDICTS = (Verdict.PRIS_ACTE, Verdict.FAVORABLE, Verdict.AJOURNE)
