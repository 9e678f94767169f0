"""Mail printed on the console for a local studio with no SMTP server.

Django's console backend prints the encoded message, in which long lines
(a verification link) are cut by quoted-printable soft breaks; this one
prints the text as a person reads it, so a link can be copied.
"""

from __future__ import annotations

from django.core.mail.backends.console import EmailBackend


class ReadableConsoleBackend(EmailBackend):
    def write_message(self, message) -> None:
        self.stream.write(
            f"--- mail to {', '.join(message.to)}\n"
            f"Subject: {message.subject}\n\n{message.body}\n"
            f"{'-' * 60}\n"
        )


def service_mail(*, to: str, language: str, template: str, context: dict) -> None:
    """Send ``<template>_subject.txt`` / ``<template>_body.txt`` to ``to``, in ``language``.

    Service mail (verification aside, which allauth sends): orders, exports,
    answers from support and reviewers, policy changes. Always sent; marketing
    mail goes through :mod:`.privacy.marketing` instead.
    """
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override(language):
        # The "text" engine: plain text, nothing HTML-escaped. A subject is one line.
        subject = render_to_string(f"{template}_subject.txt", context, using="text")
        subject = " ".join(subject.split())
        body = render_to_string(f"{template}_body.txt", context, using="text")
    EmailMessage(subject, body, to=[to]).send()


def site_url(path: str) -> str:
    """``path`` on the studio's public address (``settings.SITE_URL``), for links in mail."""
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + path
