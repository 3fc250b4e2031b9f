import hashlib

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

from .cache import cache_get, cache_set

PAGE_SIZE = 25
COUNT_TTL = 600  # seconds


class CachedCountPaginator(Paginator):
    """A paginator whose total is kept under the dashboards' generation token.

    Counting every visible fiche is the costliest part of a national list (tens of thousands of
    rows, every request); the page itself reads 25 rows by index. The key is the query's SQL, which
    carries the user's scope, so the count is one user's; any change to a counted object replaces
    the generation, so the count is never stale.
    """

    @cached_property
    def count(self):
        from portail.cache import generation

        query = getattr(self.object_list, "query", None)
        if query is None:
            return super().count
        try:
            sql = str(query)
        except Exception:  # noqa: BLE001 — an unprintable query is simply counted
            return super().count
        key = f"compte:{generation()}:{hashlib.sha256(sql.encode()).hexdigest()}"
        total = cache_get(key)
        if total is None:
            total = super().count
            cache_set(key, total, COUNT_TTL)
        return total


def paginate(request, queryset, *, per_page: int = PAGE_SIZE, counted: bool = True):
    """A page of ``queryset`` for the ``page`` query parameter; a bad number gives the nearest page.

    ``counted=False`` for rows that no counted change follows (a person's notices, read with an
    ``update()``): their total is counted at each call rather than kept under the generation."""
    paginator = (CachedCountPaginator if counted else Paginator)(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    page.pages_list = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    page.pages_list = ["…" if item == paginator.ELLIPSIS else item for item in page.pages_list]
    return page


class ApiPagination(PageNumberPagination):
    django_paginator_class = CachedCountPaginator

    def get_page_number(self, request, paginator):
        # DRF reads « ?page= » as page 1; an empty page number is as wrong as « ?page=abc ».
        if request.query_params.get(self.page_query_param, None) == "":
            from rest_framework.exceptions import NotFound

            raise NotFound("Page non valide.")
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view):
        # A page is one number: said so in the schema (no object exploded into several parameters).
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            parameter["explode"] = False
        return parameters
