"""Templates read the retention periods from the settings, never from their own text."""

from __future__ import annotations

from .retention import retention as _retention


def retention(request) -> dict:
    from .consent import current

    return {"retention": _retention(), "consent_needed": current(request) is None}
