from django.contrib.admin.apps import AdminConfig


class PortailAdminConfig(AdminConfig):
    default_site = "habilitations.admin_site.PortailAdminSite"
