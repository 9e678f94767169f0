"""Mail on a local studio without SMTP: printed readably, links whole."""

from __future__ import annotations

import io

from django.core.mail import EmailMessage

from anyidphoto.web.mail import ReadableConsoleBackend


def test_console_mail_prints_the_text_with_long_links_whole():
    link = "http://127.0.0.1:8000/accounts/confirm-email/" + "x" * 120 + "/"
    stream = io.StringIO()
    backend = ReadableConsoleBackend(stream=stream)
    backend.send_messages([EmailMessage("Confirm your address", f"Go to {link}", to=["a@b.org"])])
    printed = stream.getvalue()
    assert link in printed and "Subject: Confirm your address" in printed and "a@b.org" in printed
