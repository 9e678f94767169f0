"""A visitor who signs up or logs in keeps the photos they made before."""

from __future__ import annotations

from allauth.account.signals import user_signed_up
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .guests import SESSION_KEY, guest_of
from .services import photos_adopt


def _adopt(request, user) -> None:
    session = getattr(request, "session", None)
    if session is None or user is None or getattr(user, "is_guest", False):
        return
    guest = guest_of(request)
    if guest is not None:
        photos_adopt(guest=guest, user=user)
    session.pop(SESSION_KEY, None)


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs) -> None:
    _adopt(request, user)


@receiver(user_signed_up)
def _on_signup(sender, request, user, **kwargs) -> None:
    # With a mail to confirm first, a sign-up signs no one in yet: the photos move now.
    _adopt(request, user)
