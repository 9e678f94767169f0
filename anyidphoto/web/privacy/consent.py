"""Cookie consent: essential cookies always, analytics and marketing only when chosen.

The choice lives in an essential cookie (``consent``: the text's version and
the two choices) and every choice is recorded (:class:`~.models.ConsentRecord`)
with the version of the consent text, the time and the choices. A new version
of the text asks again. Withdrawing takes the same one click as giving.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .models import ConsentRecord

COOKIE = "consent"
#: Cookies the studio sets without asking: they make the site work.
ESSENTIAL_COOKIES = ("sessionid", "csrftoken", "django_language", "last_document", COOKIE)


@dataclass(frozen=True)
class Consent:
    version: str
    analytics: bool
    marketing: bool

    def cookie_value(self) -> str:
        return f"{self.version}.{int(self.analytics)}{int(self.marketing)}"


def current(request: HttpRequest) -> Consent | None:
    """The visitor's choice for the present consent text; None when they have not chosen."""
    value = request.COOKIES.get(COOKIE, "")
    version, _, flags = value.rpartition(".")
    if version != settings.CONSENT_VERSION or len(flags) != 2 or set(flags) - {"0", "1"}:
        return None
    return Consent(version, flags[0] == "1", flags[1] == "1")


def allows_analytics(request: HttpRequest) -> bool:
    choice = current(request)
    return choice is not None and choice.analytics


def consent_record(
    *, request: HttpRequest, response: HttpResponse, analytics: bool, marketing: bool
) -> Consent:
    """Record the choice and keep it in the visitor's consent cookie."""
    choice = Consent(settings.CONSENT_VERSION, analytics, marketing)
    user = request.user if request.user.is_authenticated else None
    ConsentRecord.objects.create(
        user=user, version=choice.version, analytics=analytics, marketing=marketing
    )
    response.set_cookie(
        COOKIE,
        choice.cookie_value(),
        max_age=365 * 86400,
        samesite="Lax",
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return choice
