"""Writes on accounts: profile changes and consents, each recorded with its time."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import User


@transaction.atomic
def account_update_profile(
    *, user: User, name: str, preferred_language: str, marketing_opt_in: bool
) -> User:
    """Set the user's name, language and marketing consent (the consent's time is kept)."""
    fields = ["name", "preferred_language"]
    user.name = name.strip()
    user.preferred_language = preferred_language
    if marketing_opt_in != user.marketing_opt_in:
        now = timezone.now()
        user.marketing_opt_in = marketing_opt_in
        user.marketing_opt_in_at = now if marketing_opt_in else None
        user.marketing_opt_out_at = None if marketing_opt_in else now
        fields += ["marketing_opt_in", "marketing_opt_in_at", "marketing_opt_out_at"]
    user.full_clean(exclude=["password"])
    user.save(update_fields=fields)
    return user
