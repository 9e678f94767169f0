"""Marketing mail only with consent, and a one-click way out in every one of them.

Each marketing mail carries a signed unsubscribe link in its text and the
``List-Unsubscribe`` / ``List-Unsubscribe-Post`` headers (RFC 8058), so mail
programs offer their own unsubscribe button. Service mail (verification,
payment confirmations) does not go through here and is sent regardless.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from ..accounts.models import User

_SALT = "anyidphoto.marketing-unsubscribe"


def unsubscribe_token(user: User) -> str:
    return signing.Signer(salt=_SALT).sign(str(user.pk))


def user_for_token(token: str) -> User | None:
    """The user an unsubscribe token was made for; None if it was tampered with."""
    try:
        pk = signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk).first()


def unsubscribe_url(user: User) -> str:
    path = reverse("unsubscribe", args=[unsubscribe_token(user)])
    return settings.SITE_URL.rstrip("/") + path


def marketing_message(*, user: User, subject: str, body: str) -> EmailMessage | None:
    """A marketing mail to ``user``, or None when they have not opted in."""
    if not user.marketing_opt_in or not user.is_active:
        return None
    url = unsubscribe_url(user)
    text = f"{body.rstrip()}\n\n--\nTo stop these mails: {url}\n"
    headers = {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return EmailMessage(subject, text, to=[user.email], headers=headers)


def marketing_opt_out(*, user: User) -> None:
    """Stop marketing mail to ``user`` (recorded with the time consent was withdrawn)."""
    if user.marketing_opt_in:
        user.marketing_opt_in = False
        user.marketing_opt_in_at = None
        user.marketing_opt_out_at = timezone.now()
        user.save(update_fields=["marketing_opt_in", "marketing_opt_in_at", "marketing_opt_out_at"])
