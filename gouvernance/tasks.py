from celery import shared_task

from .services import seances as seance_services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_convocations(seance_id):
    # Idempotent: members already convened are skipped (Convocation rows).
    return seance_services.seance_convocations_send(seance_id=seance_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_releve(seance_id):
    return seance_services.seance_releve_send(seance_id=seance_id)
