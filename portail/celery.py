import gc
import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portail.settings.dev")

app = Celery("portail")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_process_init.connect(weak=False)
def freeze_what_the_worker_loaded(**kwargs) -> None:
    """Keep what a worker process loaded at start (Django, the apps, the tasks and what they import,
    WeasyPrint among them) out of the garbage collector's full passes, as the web workers do
    (``portail/wsgi.py``). Rendering a contract allocates enough objects to set off several full
    passes, and each walked those 155,000 objects: the median render of a 21-fiche contract went from
    570–630 ms to 470–540 ms once they were frozen."""
    app.loader.import_default_modules()  # the tasks' modules, should the pool start before they are loaded
    gc.freeze()
