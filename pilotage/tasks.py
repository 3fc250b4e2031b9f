from celery import shared_task

from . import services


# Thin and idempotent: a second run (or a second scheduler) writes nothing a first run wrote.
@shared_task
def send_reminders():
    return services.reminders_send()


@shared_task
def send_weekly_summaries():
    return services.weekly_summaries_send()


@shared_task
def send_monthly_summaries():
    return services.monthly_summaries_send()
