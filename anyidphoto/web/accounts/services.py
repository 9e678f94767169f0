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


def address_claims_release(*, email: str) -> int:
    """Unconfirmed claims on ``email`` by any account dropped; how many.

    An address added to an account and never confirmed goes from it; an
    account whose only address it is, never confirmed and never signed in
    to (a sign-up left unfinished), goes whole: it holds nothing. Called as
    someone signs up with ``email``, so that no one can reserve another
    person's address. A confirmed address is never touched.
    """
    from allauth.account.models import EmailAddress

    released = 0
    for claim in EmailAddress.objects.filter(email__iexact=email, verified=False).select_related(
        "user"
    ):
        user = claim.user
        confirmed = EmailAddress.objects.filter(user=user, verified=True).exists()
        if user.email.lower() == email.lower():
            if not confirmed and user.last_login is None:
                user.delete()
                released += 1
            continue
        claim.delete()
        released += 1
    return released


def address_change_undo(*, user: User, from_email: str, to_email: str) -> bool:
    """Put ``from_email`` back as ``user``'s address where it was changed to ``to_email``.

    The link mailed to the old address with the change notice lands here: it
    undoes a takeover. Every session ends, and the password is cleared (the
    taker may know it), so the person sets a new one by a reset to their own
    address; the API tokens end with it. False when the address is no longer
    ``to_email`` (already undone, or changed again since).
    """
    from allauth.account.models import EmailAddress

    if user.email.lower() != to_email.lower():
        return False
    taken = EmailAddress.objects.filter(email__iexact=from_email, verified=True).exclude(user=user)
    if taken.exists():
        return False
    with transaction.atomic():
        EmailAddress.objects.filter(user=user).exclude(email__iexact=from_email).delete()
        EmailAddress.objects.update_or_create(
            user=user, email=from_email, defaults={"verified": True, "primary": True}
        )
        user.email = from_email
        user.set_unusable_password()
        user.save(update_fields=["email", "password"])
    sessions_end(user=user)
    return True


def guest_create() -> User:
    """A visitor's stand-in account: no address of theirs, no password, never signed in to."""
    import uuid

    guest = User(email=f"guest-{uuid.uuid4().hex}@guest.invalid", is_guest=True, is_active=False)
    guest.set_unusable_password()
    guest.save()
    return guest
