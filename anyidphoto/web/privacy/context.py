"""Templates read the retention periods from the settings, never from their own text."""

from __future__ import annotations

from .retention import retention as _retention


def retention(request) -> dict:
    from .consent import current
    from .policies import unacknowledged

    user = getattr(request, "user", None)
    changes = unacknowledged(user) if user is not None else []
    return {
        "retention": _retention(),
        "consent_needed": current(request) is None,
        "policy_changes": changes,
    }
