"""Writes on accounts: profile changes and consents, each recorded with its time."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import SignedInSession, User


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


def session_record(*, user: User, session_key: str | None) -> None:
    """Remember that ``user`` signed in with the session ``session_key``."""
    if session_key:
        SignedInSession.objects.update_or_create(session_key=session_key, defaults={"user": user})


def session_forget(*, session_key: str | None) -> None:
    """A session that ended (signed out): no longer the user's."""
    if session_key:
        SignedInSession.objects.filter(session_key=session_key).delete()


def _session_store():
    """The session store class of ``settings.SESSION_ENGINE`` (the database's, or the cache's)."""
    from importlib import import_module

    from django.conf import settings

    return import_module(settings.SESSION_ENGINE).SessionStore


def sessions_clear_expired() -> int:
    """Sessions past their expiry go from the store (as ``clearsessions`` does), and the
    records of sessions the store no longer holds; how many records went."""
    store = _session_store()
    store.clear_expired()
    gone = [
        key
        for key in SignedInSession.objects.values_list("session_key", flat=True).iterator()
        if not store().exists(key)
    ]
    SignedInSession.objects.filter(session_key__in=gone).delete()
    return len(gone)


def sessions_end(*, user: User) -> int:
    """End every session ``user`` signed in with, in whatever store holds them; how many."""
    store = _session_store()
    keys = list(SignedInSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    SignedInSession.objects.filter(user=user).delete()
    return len(keys)
