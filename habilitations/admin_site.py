from django.contrib import admin


class PortailAdminSite(admin.AdminSite):
    """The admin belongs to the national delegation: it holds the programme's reference data."""

    site_header = "Territoires d'industrie — administration"
    site_title = "Administration"
    index_title = "Référentiels et comptes"

    def has_permission(self, request):
        from .scoping import can

        user = request.user
        return user.is_active and (user.is_superuser or bool(can(user, "programme.admin")))
