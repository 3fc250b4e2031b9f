"""Handing a task to the workers without ever failing the request that asked for it.

The broker is reached with short timeouts (settings), so a frozen Redis costs a request seconds, not
a worker's minute; a refused or silent broker is logged and the caller goes on: what must be done is
already in the database, and the periodic sweeps queue it again once the broker is back.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs) -> bool:
    """Queue ``task``; False (and a warning) when the broker cannot be reached in time.

    In the embedded mode the task runs here and now: its failure is logged with its traceback and
    recorded by the task itself (a document « en échec »), never turned into the caller's error page."""
    if task.app.conf.task_always_eager:
        try:
            task.apply_async(args=args, kwargs=kwargs)
        except Exception:  # noqa: BLE001
            logger.exception("La tâche %s a échoué", task.name)
            return False
        return True
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except Exception:  # noqa: BLE001 - kombu, redis and socket errors alike: the broker is away
        logger.warning("File d'attente injoignable : la tâche %s sera relancée plus tard.", task.name, exc_info=True)
        return False
    return True
