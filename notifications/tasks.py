from celery import shared_task

from . import services
from .models import EmailStatus


@shared_task(acks_late=True)
def deliver(ids):
    # Idempotent: a notice already sent is skipped (its row is marked in the same transaction).
    return services.deliver(ids)


@shared_task
def deliver_pending():
    return services.deliver_pending()


@shared_task
def send_daily_digests():
    return services.send_digests(EmailStatus.DAILY)


@shared_task
def send_weekly_digests():
    return services.send_digests(EmailStatus.WEEKLY)
