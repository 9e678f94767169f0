"""Sending a paid photo to a print partner or an embassy portal, only when its owner asks.

A partner is a class with a ``name`` and ``send(order, jpeg) -> reference``;
``settings.ORDER_PARTNERS`` lists the ones offered. The demo partner writes
the photo and a small JSON note into a local outbox folder, as a print shop's
upload folder would receive them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class Partner(Protocol):
    name: str
    label: str

    def send(self, *, order, jpeg: bytes) -> str:
        """Deliver ``jpeg`` for ``order``; returns the partner's reference."""

    def forget(self, reference: str) -> None:
        """Delete the partner's copy (the retention purge asks when the photo's time is up)."""


class OutboxPartner:
    """The demo partner: a local outbox folder (``settings.PARTNER_OUTBOX``)."""

    name = "demo-print"
    label = "Demo print shop (local outbox)"

    def send(self, *, order, jpeg: bytes) -> str:
        folder = Path(settings.PARTNER_OUTBOX)
        folder.mkdir(parents=True, exist_ok=True)
        reference = f"{order.id}-{timezone.now():%Y%m%d%H%M%S}"
        (folder / f"{reference}.jpg").write_bytes(jpeg)
        note = {"order": str(order.id), "document": order.photo.document, "copies": 1}
        (folder / f"{reference}.json").write_text(json.dumps(note))
        return reference

    def forget(self, reference: str) -> None:
        for suffix in (".jpg", ".json"):
            (Path(settings.PARTNER_OUTBOX) / f"{reference}{suffix}").unlink(missing_ok=True)


def partners() -> dict[str, Partner]:
    found = (import_string(path)() for path in settings.ORDER_PARTNERS)
    return {p.name: p for p in found}
