from django.contrib.admin.apps import AdminConfig


class PortailAdminConfig(AdminConfig):
    default_site = "habilitations.admin_site.PortailAdminSite"

    def ready(self):
        super().ready()
        from django.core.servers.basehttp import WSGIRequestHandler

        # Django's own server (the embedded mode's `runserver`, the tests' live server) sends a
        # response's headers and body apart; on a kept-alive connection, Nagle's algorithm then holds
        # the body until the client's delayed acknowledgement: 40 ms on every request of a browser.
        # Production runs behind gunicorn, which is not concerned.
        WSGIRequestHandler.disable_nagle_algorithm = True
