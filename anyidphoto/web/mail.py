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
