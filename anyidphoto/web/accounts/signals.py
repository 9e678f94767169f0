"""Sessions recorded as users sign in and out (see :class:`~.models.SignedInSession`)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from .services import session_forget, session_record


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        if session.session_key is None:
            session.save()
        session_record(user=user, session_key=session.session_key)


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        session_forget(session_key=session.session_key)
