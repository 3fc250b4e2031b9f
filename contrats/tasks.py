from celery import shared_task

from .services.documents import document_render


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
    time_limit=300,
    soft_time_limit=240,
)
def render_signed_contract(self, document_id):
    # Idempotent per version: the document row says whether it is already produced.
    document_render(document_id=document_id, task_id=self.request.id or "")


@shared_task
def sweep_pending_documents():
    from .services.documents import documents_requeue

    return documents_requeue()
