"""Sending a paid photo to a print partner or an embassy portal, only when its owner asks.

A partner is a class with a ``name`` and ``send(order, jpeg) -> reference``;
``settings.ORDER_PARTNERS`` lists the ones offered, ``settings.RETIRED_PARTNERS``
those no longer offered that may still hold copies. The demo partner writes
the photo and a small JSON note into a local outbox folder, as a print shop's
upload folder would receive them.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.module_loading import import_string

from ..vault.storage import SealedFileSystemStorage

log = logging.getLogger(__name__)


class Partner(Protocol):
    name: str
    label: str

    def send(self, *, order, jpeg: bytes) -> str:
        """Deliver ``jpeg`` for ``order``; returns the partner's reference."""

    def forget(self, reference: str) -> None:
        """Delete the partner's copy (the retention purge asks when the photo's time is up)."""


class OutboxPartner:
    """The demo partner: a local outbox folder (``settings.PARTNER_OUTBOX``).

    The outbox is on this server's disk, so the photo in it is sealed like every
    other stored photo (its key destroyed when the copy is forgotten); the note
    beside it holds no personal data.
    """

    name = "demo-print"
    label = "Demo print shop (local outbox)"

    @staticmethod
    def storage() -> SealedFileSystemStorage:
        return SealedFileSystemStorage(location=settings.PARTNER_OUTBOX)

    def send(self, *, order, jpeg: bytes) -> str:
        reference = f"{order.id}-{timezone.now():%Y%m%d%H%M%S%f}"
        outbox = self.storage()
        outbox.save(f"{reference}.jpg", ContentFile(jpeg))
        note = {"order": str(order.id), "document": order.photo.document, "copies": 1}
        folder = Path(settings.PARTNER_OUTBOX)
        (folder / f"{reference}.json").write_text(json.dumps(note))
        return reference

    def forget(self, reference: str) -> None:
        self.storage().delete(f"{reference}.jpg")
        (Path(settings.PARTNER_OUTBOX) / f"{reference}.json").unlink(missing_ok=True)


def partners() -> dict[str, Partner]:
    """The partners offered to users (``settings.ORDER_PARTNERS``)."""
    return _load(settings.ORDER_PARTNERS)


def reachable_partners() -> dict[str, Partner]:
    """Every partner that may still hold a copy: those offered and those retired.

    A partner taken off ``ORDER_PARTNERS`` goes to ``RETIRED_PARTNERS`` so that
    the copies it was sent can still be forgotten when their time is up.
    """
    return _load([*settings.ORDER_PARTNERS, *settings.RETIRED_PARTNERS])


def forget_copy(*, partner_name: str, reference: str) -> bool:
    """Ask ``partner_name`` to delete copy ``reference``; True when it is gone.

    When the partner is not configured or fails, the copy is written down
    (:class:`~.models.PartnerForget`) and the daily purge asks again.
    """
    from .models import PartnerForget

    partner = reachable_partners().get(partner_name)
    try:
        if partner is None:
            raise LookupError(f"partner {partner_name!r} is not configured")
        partner.forget(reference)
    except Exception as error:  # a partner's failure must not stop an erasure
        log.warning("partner copy %s at %s not deleted yet: %s", reference, partner_name, error)
        row, _ = PartnerForget.objects.get_or_create(partner=partner_name, reference=reference)
        PartnerForget.objects.filter(pk=row.pk).update(last_error=str(error)[:300])
        return False
    PartnerForget.objects.filter(partner=partner_name, reference=reference).delete()
    return True


def _load(paths) -> dict[str, Partner]:
    found = (import_string(path)() for path in paths)
    return {p.name: p for p in found}
