from celery import shared_task

from .services import tokens_without_mandate_revoke


@shared_task(ignore_result=True)
def revoke_tokens_without_mandate() -> int:
    # Idempotent: a second run finds nothing left to revoke.
    return tokens_without_mandate_revoke()
