from celery import shared_task

from .services.imports import import_run


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def run_import(job_id):
    import_run(job_id=job_id)
