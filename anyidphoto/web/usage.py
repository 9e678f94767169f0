"""What the studio counts of its own use: pages send :data:`used`, and the privacy app
records it only where the visitor consented to analytics (``privacy.analytics``).

A signal, so that the pages of the studio and of the orders need not know of the
privacy app above them (the layering in ``pyproject.toml``).
"""

from __future__ import annotations

from django.dispatch import Signal
from django.http import HttpRequest

#: Sent with ``request``, ``kind`` (e.g. ``"photo"``, ``"order"``, ``"page:home"``) and
#: ``document`` (a catalogue id, or ``""``).
used = Signal()


def count(request: HttpRequest, kind: str, *, document: str = "") -> None:
    """Say that the visitor did ``kind``; counted only with their consent."""
    used.send(sender=count, request=request, kind=kind, document=document)
