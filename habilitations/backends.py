from .scoping import can

# Apps whose data the national delegation manages through the admin: every app of the portal that holds
# data (a new one must be added here to appear in the admin).
MANAGED_APPS = frozenset(
    {"comptes", "territoires", "habilitations", "gouvernance", "protocoles", "fiches_actions", "contrats"}
)


class DelegationNationaleBackend:
    """Gives the national delegation the model permissions the admin asks for, while its mandate lasts.

    Object-level grants stay with django-guardian; this backend answers only model-level
    questions (obj is None), and only for the portal's own apps.
    """

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if obj is not None or not user_obj.is_active:
            return False
        app_label = perm.split(".", 1)[0]
        return app_label in MANAGED_APPS and bool(can(user_obj, "programme.admin"))

    def has_module_perms(self, user_obj, app_label):
        return app_label in MANAGED_APPS and user_obj.is_active and bool(can(user_obj, "programme.admin"))
