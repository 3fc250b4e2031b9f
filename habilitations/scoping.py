"""The one scoping layer: who sees which territories and régions, and who may do what.

Every view, API endpoint, export, search and file download asks this module. Reads start from
``visible_territoires``/``visible_regions`` (so another tenant's object is simply not found and
answers 404); actions ask ``can``, which combines the permission table with the scope of each
active mandate. Mandates are read once per request and per day: a person's scope is cached until one of their
mandates is saved or deleted (which retires it at once), so an ended mandate grants nothing at once.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from portail.cache import cache_delete, cache_get, cache_set
from territoires.models import Region, Territoire

from .enums import NATIONAL_ROLES, REGIONAL_ROLES, TERRITORIAL_ROLES, Role
from .models import Mandat
from .permissions import AUTEUR, roles_for

_CACHE_ATTR = "_portail_scope"


@dataclasses.dataclass(frozen=True)
class Scope:
    mandats: tuple[Mandat, ...]
    national_roles: frozenset[Role]
    roles_by_region: dict[str, frozenset[Role]]
    roles_by_territoire: dict[int, frozenset[Role]]
    # Each mandate as every page's header lists it (« Chef de projet — Grand Est Touraine (2023-2027) »),
    # written once with the scope rather than on every page.
    libelles: tuple[str, ...] = ()

    @property
    def is_national(self) -> bool:
        return bool(self.national_roles)

    @property
    def has_mandate(self) -> bool:
        return bool(self.mandats)

    @property
    def region_codes(self) -> frozenset[str]:
        return frozenset(self.roles_by_region)

    @property
    def territoire_ids(self) -> frozenset[int]:
        return frozenset(self.roles_by_territoire)


@dataclasses.dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self):
        return self.allowed


EMPTY_SCOPE = Scope(mandats=(), national_roles=frozenset(), roles_by_region={}, roles_by_territoire={})


def scope_for(user, *, on: datetime.date | None = None, refresh: bool = False) -> Scope:
    """The active mandates of ``user`` on ``on`` (today by default), read once per request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY_SCOPE
    use_cache = on is None
    if use_cache and not refresh:
        cached = getattr(user, _CACHE_ATTR, None)
        if cached is not None:
            return cached
        today = timezone.localdate()
        stored = cache_get(scope_cache_key(user.pk))
        if stored is not None and stored[0] == today:
            setattr(user, _CACHE_ATTR, stored[1])
            return stored[1]
    mandats = tuple(
        Mandat.objects.active(on or timezone.localdate())
        .filter(user=user)
        .select_related("territoire", "region", "operateur")
        .order_by("date_debut", "pk")
    )
    national: set[Role] = set()
    by_region: dict[str, set[Role]] = {}
    by_territoire: dict[int, set[Role]] = {}
    for mandat in mandats:
        role = Role(mandat.role)
        if role in NATIONAL_ROLES:
            national.add(role)
        elif role in REGIONAL_ROLES:
            by_region.setdefault(mandat.region_id, set()).add(role)
        elif role in TERRITORIAL_ROLES:
            by_territoire.setdefault(mandat.territoire_id, set()).add(role)
    scope = Scope(
        mandats=mandats,
        national_roles=frozenset(national),
        roles_by_region={code: frozenset(roles) for code, roles in by_region.items()},
        roles_by_territoire={pk: frozenset(roles) for pk, roles in by_territoire.items()},
        libelles=tuple(str(mandat) for mandat in mandats),
    )
    if use_cache:
        setattr(user, _CACHE_ATTR, scope)
        # Kept for the day (a mandate starts or ends on a date) until one of the person's mandates
        # changes: ``forget_cached_scope``, called on every save or delete of a mandate.
        cache_set(scope_cache_key(user.pk), (timezone.localdate(), scope), SCOPE_TTL)
    return scope


SCOPE_TTL = 600  # seconds: also bounds how long a renamed territory keeps its old name in the header


def scope_cache_key(user_id: int) -> str:
    return f"perimetre:v2:{user_id}"  # v2: with the mandates' labels


def forget_cached_scope(user_id: int | None) -> None:
    """Retire the person's cached scope now and once the transaction commits (a mandate changed)."""
    from django.db import transaction

    if user_id is None:
        return
    cache_delete(scope_cache_key(user_id))
    transaction.on_commit(lambda: cache_delete(scope_cache_key(user_id)))


def forget_scope(user) -> None:
    """Drop the cached scope after a mandate of ``user`` changed in the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _territoires_in_regions(codes) -> QuerySet:
    return Territoire.regions.through.objects.filter(region_id__in=codes).values("territoire_id")


def visible_territoires(user) -> QuerySet[Territoire]:
    """Territories the user may see: their own, every one their régions span, or all when national."""
    scope = scope_for(user)
    if scope.is_national:
        return Territoire.objects.all()
    if not scope.has_mandate:
        return Territoire.objects.none()
    condition = Q(pk__in=scope.territoire_ids)
    if scope.region_codes:
        condition |= Q(pk__in=_territoires_in_regions(scope.region_codes))
    return Territoire.objects.filter(condition)


def visible_regions(user) -> QuerySet[Region]:
    """Régions the user may see as a région: only regional and national mandates open one."""
    scope = scope_for(user)
    if scope.is_national:
        return Region.objects.all()
    return Region.objects.filter(code__in=scope.region_codes)


def territoire_region_codes(territoire: Territoire) -> frozenset[str]:
    # Read once per instance (or from the caller's prefetch of ``regions``): a page asking many
    # questions about one territory pays for one small query at most.
    codes = getattr(territoire, "_scoping_region_codes", None)
    if codes is None:
        codes = frozenset(region.code for region in territoire.regions.all())
        territoire._scoping_region_codes = codes  # type: ignore[attr-defined]  # a cache on the instance
    return codes


def roles_over(user, obj) -> frozenset[Role]:
    """Every role of the user whose mandate covers ``obj`` (a territory, a région, or None)."""
    scope = scope_for(user)
    roles = set(scope.national_roles)
    if obj is None:
        return frozenset(roles)
    territoire = obj if isinstance(obj, Territoire) else getattr(obj, "scoping_territoire", None)
    if territoire is not None:
        roles |= scope.roles_by_territoire.get(territoire.pk, frozenset())
        for code in territoire_region_codes(territoire) & scope.region_codes:
            roles |= scope.roles_by_region[code]
        return frozenset(roles)
    region = obj if isinstance(obj, Region) else getattr(obj, "scoping_region", None)
    if region is not None:
        roles |= scope.roles_by_region.get(region.pk, frozenset())
        return frozenset(roles)
    if getattr(obj, "scoping_national", False):
        return frozenset(roles)
    raise TypeError(f"Aucune règle de périmètre pour {type(obj).__name__}")


def is_author(user, obj) -> bool:
    """The object's author, or a co-author holding django-guardian's change permission on it."""
    if obj is None or not user.is_authenticated:
        return False
    if getattr(obj, "auteur_id", None) == user.pk:
        return True
    cache = getattr(obj, "_scoping_coauthors", None)
    if cache is None:
        from guardian.shortcuts import get_users_with_perms

        holders: Iterable[Any] = get_users_with_perms(obj, only_with_perms_in=[f"change_{obj._meta.model_name}"])
        cache = {u.pk for u in holders}
        obj._scoping_coauthors = cache
    return user.pk in cache


def acts_as_author(user, obj) -> bool:
    """Authorship opens the author's rights only while a mandate on the object's territory is running:
    once it ends, the author is a visitor like any other (an ended mandate ends everything)."""
    if not is_author(user, obj):
        return False
    territoire = obj if isinstance(obj, Territoire) else getattr(obj, "scoping_territoire", None)
    return territoire is not None and territoire.pk in scope_for(user).territoire_ids


def can(user, action: str, obj=None) -> Decision:
    """May ``user`` do ``action`` ("resource.verb") on ``obj``? The answer carries its reason."""
    resource, _, verb = action.partition(".")
    allowed_roles = roles_for(resource, verb)
    if user is None or not user.is_authenticated:
        return Decision(False, "Connectez-vous pour continuer.")
    if AUTEUR in allowed_roles and acts_as_author(user, obj):
        return Decision(True)
    held = roles_over(user, obj)
    if held & allowed_roles:
        return Decision(True)
    if not held:
        return Decision(False, "Aucun mandat en cours ne couvre ce périmètre.")
    return Decision(False, "Votre rôle ne permet pas cette action.")


def require(user, action: str, obj=None) -> None:
    """``can``, for views: a refusal becomes the 403 page with its French reason."""
    decision = can(user, action, obj)
    if not decision:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(decision.reason)


def territoires_where(user, action: str) -> QuerySet[Territoire]:
    """The territories where the person's territorial mandates allow ``action`` (« fiche.create »):
    what a form offers, and whether its button shows at all."""
    resource, _, verb = action.partition(".")
    allowed = roles_for(resource, verb)
    ids = [pk for pk, roles in scope_for(user).roles_by_territoire.items() if roles & allowed]
    return visible_territoires(user).filter(pk__in=ids).order_by("nom")


def mandate_holders(roles, *, territoire=None, region=None):
    """The people who hold today one of ``roles`` over this territory or région (national: neither)."""
    from comptes.models import User

    from .models import Mandat

    mandats = Mandat.objects.active().filter(role__in=list(roles))
    if territoire is not None:
        mandats = mandats.filter(territoire=territoire)
    if region is not None:
        mandats = mandats.filter(region=region)
    return User.objects.filter(is_active=True, pk__in=mandats.values("user_id"))


def acting_authors(obj):
    """The author and co-authors of ``obj`` who still act as such (a mandate on its territory runs)."""
    from guardian.shortcuts import get_users_with_perms

    from .models import Mandat

    people = {obj.auteur} | set(get_users_with_perms(obj, only_with_perms_in=[f"change_{obj._meta.model_name}"]))
    territoire = obj.scoping_territoire
    running = set(
        Mandat.objects.active()
        .filter(territoire=territoire, user__in=[p.pk for p in people])
        .values_list("user_id", flat=True)
    )
    return sorted((p for p in people if p.pk in running and p.is_active), key=lambda p: p.pk)
