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

        from django.core.signals import request_finished, request_started

        from .cache import forget_read_ahead

        # What a request read ahead from the cache serves that request only (a worker's thread
        # serves the next one).
        request_started.connect(forget_read_ahead, dispatch_uid="portail-cache-read-ahead-start")
        request_finished.connect(forget_read_ahead, dispatch_uid="portail-cache-read-ahead-end")

        from celery.signals import task_postrun, task_prerun

        # Nor does it outlive a task: a Celery worker's thread runs task after task, with no request
        # around them.
        task_prerun.connect(forget_read_ahead, dispatch_uid="portail-cache-read-ahead-task-start", weak=False)
        task_postrun.connect(forget_read_ahead, dispatch_uid="portail-cache-read-ahead-task-end", weak=False)
