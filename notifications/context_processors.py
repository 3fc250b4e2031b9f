from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def unread(request):
    # Lazy: only a page that draws the header pays for the count.
    user = getattr(request, "user", None)
    return {"avis_non_lus": SimpleLazyObject(lambda: unread_count(user))}
