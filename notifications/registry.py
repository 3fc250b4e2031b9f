"""The kinds of notice: each app declares its own in ``<app>/notices.py``; this floor knows none.

A notice kind says who is told (``announce``, run in the transaction of the event, through the
scoping rules of the app that declares it), and what the e-mail says (``context`` and
``attachments``, run later by the worker). The dispatcher (services.notify) is the only caller.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar


@dataclasses.dataclass
class Message:
    """One notice to one person (or, for an invitation, to an address that has no account yet)."""

    recipient: Any | None
    title: str
    url: str
    params: dict = dataclasses.field(default_factory=dict)
    # Reminders and digests name their period here: a second run of the same period adds nothing.
    once: str = ""
    address: str = ""


class Notice:
    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""
    template: ClassVar[str] = ""
    # Notices that ask for an action (sign, attend, note a cancellation) cannot be muted or delayed.
    required: ClassVar[bool] = False

    def announce(self, **objects) -> list[Message]:
        raise NotImplementedError

    def context(self, params: dict, recipient) -> dict:
        return {}

    def attachments(self, params: dict, recipient) -> list[tuple[str, bytes, str]]:
        return []


_notices: dict[str, Notice] = {}


def register(cls: type[Notice]) -> type[Notice]:
    if cls.kind in _notices and type(_notices[cls.kind]) is not cls:
        raise ValueError(f"Deux avis portent le code {cls.kind}")
    _notices[cls.kind] = cls()
    return cls


def notice(kind: str) -> Notice:
    return _notices[kind]


def all_notices() -> list[Notice]:
    return sorted(_notices.values(), key=lambda n: n.kind)
