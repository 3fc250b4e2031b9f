from celery import shared_task

from . import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(*, subject, body, to, html_body=None):
    services.email_send(subject=subject, body=body, to=to, html_body=html_body)
