from django.utils.functional import SimpleLazyObject

from habilitations.scoping import scope_for


def scope(request):
    # Lazy: pages that never show the mandates do not pay for reading them.
    user = getattr(request, "user", None)

    def may_invite():
        from .services.mandats import grantable_roles

        return bool(user is not None and user.is_authenticated and grantable_roles(user))

    return {"scope": SimpleLazyObject(lambda: scope_for(user)), "peut_inviter": SimpleLazyObject(may_invite)}
