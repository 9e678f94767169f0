"""allauth's hooks: what a new account records, and the language of its mail."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import timezone
from django.utils.translation import get_language

#: How long the undo link in an address-change notice works.
UNDO_DAYS = 7
UNDO_SALT = "anyidphoto.accounts.email-undo"


def undo_token(*, user_id: int, from_email: str, to_email: str) -> str:
    """The signed (not secret: it names what it undoes) token of one address change."""
    from django.core import signing

    return signing.dumps({"u": user_id, "f": from_email, "t": to_email}, salt=UNDO_SALT)


def undo_payload(token: str) -> dict | None:
    """The change ``token`` names, if its signature holds and it is under :data:`UNDO_DAYS` old."""
    from django.core import signing

    try:
        return signing.loads(token, salt=UNDO_SALT, max_age=UNDO_DAYS * 86400)
    except signing.BadSignature:
        return None


class AccountAdapter(DefaultAccountAdapter):
    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        """Security notices; the one to the old address of a change carries a link to undo it."""
        if template_prefix == "account/email/email_changed" and context:
            from django.urls import reverse

            from ..mail import site_url

            token = undo_token(
                user_id=user.pk, from_email=context["from_email"], to_email=context["to_email"]
            )
            undo_url = site_url(reverse("accounts:email_undo", args=[token]))
            context = {**context, "undo_url": undo_url, "undo_days": UNDO_DAYS}
        super().send_notification_mail(template_prefix, user, context, email)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        now = timezone.now()
        user.age_confirmed_at = now if data.get("age_confirmed") else None
        user.marketing_opt_in = bool(data.get("marketing_opt_in"))
        user.marketing_opt_in_at = now if user.marketing_opt_in else None
        language = (get_language() or "en")[:2]
        user.preferred_language = language if language in {"en", "fr"} else "en"
        if commit:
            user.save()
        return user
