"""Trying the studio before signing up: a visitor's photos, kept under one browser session.

A visitor who uploads is given a stand-in account (``User.is_guest``: no
address, no password, never signed in to) named in their session; their
photos are its own, under the same 24-hour rule as any upload never ordered,
and the stand-in goes with them. Signing up or logging in from the same
session moves the photos to the account (:mod:`.signals`). Uploads without
an account are limited per hour and network address, like an account's.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from ..accounts.models import User
from ..accounts.services import guest_create

#: The session key that names the visitor's stand-in account.
SESSION_KEY = "studio_guest"


def owner_of(request: HttpRequest, *, create: bool = False) -> User | None:
    """Whose photos this request sees: the signed-in user, else the visitor's stand-in
    (made if ``create``), else None."""
    if request.user.is_authenticated:
        return request.user
    guest = guest_of(request)
    if guest is None and create:
        guest = guest_create()
        request.session[SESSION_KEY] = guest.id
    return guest


def guest_of(request: HttpRequest) -> User | None:
    """The stand-in this session holds, if any (whatever the user)."""
    guest_id = request.session.get(SESSION_KEY)
    return User.objects.filter(id=guest_id, is_guest=True).first() if guest_id else None


def visitor_upload_allowed(request: HttpRequest) -> bool:
    """Count one visitor upload from this network address; False past the hourly limit.

    The address is kept only as a salted digest in the cache, for an hour.
    """
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256((settings.SECRET_KEY + address).encode()).hexdigest()[:32]
    key = f"studio:visitor-uploads:{digest}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= settings.STUDIO_VISITOR_UPLOADS_PER_HOUR
