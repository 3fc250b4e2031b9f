"""ProConnect (OpenID Connect) login: off by default, and it only opens existing accounts that hold a
mandate. A stranger with a valid ProConnect identity gets no account here."""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from comptes.backends import CachedPersonMixin
from comptes.models import User

from .models import Mandat


class ProConnectBackend(CachedPersonMixin, OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email:
            return User.objects.none()
        return User.objects.filter(
            email__iexact=email, is_active=True, pk__in=Mandat.objects.active().values("user_id")
        )

    def create_user(self, claims):
        return None

    def update_user(self, user, claims):
        # Names follow the identity provider when the account has none yet; nothing else changes.
        changed = []
        for field, claim in (("first_name", "given_name"), ("last_name", "usual_name")):
            if not getattr(user, field) and claims.get(claim):
                setattr(user, field, claims[claim][:150])
                changed.append(field)
        # The SIRET follows each sign-in: a person may sign in for another organisation next time.
        siret = "".join(ch for ch in str(claims.get("siret") or "") if ch.isdigit())
        if len(siret) == 14 and siret != user.siret_proconnect:
            user.siret_proconnect = siret
            changed.append("siret_proconnect")
        if changed:
            user.save(update_fields=changed)
        return user
