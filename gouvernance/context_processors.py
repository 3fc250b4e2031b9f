from django.utils.functional import SimpleLazyObject

from .scoping import scope_for


def scope(request):
    # Lazy: pages that never show the mandates do not pay for reading them.
    return {"scope": SimpleLazyObject(lambda: scope_for(getattr(request, "user", None)))}
