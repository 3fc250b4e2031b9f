from celery import shared_task

from .services.imports import import_run


# Imports run in their own queue (a worker with a memory limit per child, see docker-compose.yml). A
# worker that dies on a file does not hand it to the next one: the job is ended « en échec » instead.
@shared_task(acks_late=True, reject_on_worker_lost=False, time_limit=600, soft_time_limit=540, queue="imports")
def run_import(job_id):
    import_run(job_id=job_id)
