"""Policy pages versioned; a material change is mailed and shown until acknowledged."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from anyidphoto.web.privacy.models import PolicyAcknowledgement, PolicyVersion

pytestmark = pytest.mark.django_db


def test_the_legal_pages_show_their_version(client):
    for name in ["privacy", "terms", "cookies"]:
        page = client.get(reverse(name)).content.decode()
        assert "Version 2026-11, in force since" in page, name
    french = client.get(reverse("terms"), headers={"accept-language": "fr"}).content.decode()
    assert "Conditions d’utilisation" in french and "le texte anglais prévaut" in french


def test_a_material_change_is_mailed_and_shown_until_acknowledged(client_in, user, make_user):
    french = make_user("marie@example.org")
    french.preferred_language = "fr"
    french.save()
    mail.outbox.clear()
    call_command(
        "publish_policy", "privacy", "2026-12",
        "--summary", "Photos are now kept 20 days.",
        "--summary-fr", "Les photos sont gardées 20 jours.",
        "--material", stdout=open("/dev/null", "w"),
    )  # fmt: skip
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.org", "marie@example.org"]
    to_marie = next(m for m in mail.outbox if m.to == ["marie@example.org"])
    assert "gardées 20 jours" in to_marie.body
    page = client_in.get(reverse("studio:home")).content.decode()
    assert "Photos are now kept 20 days." in page and 'class="policy-change"' in page
    policy = PolicyVersion.objects.get(version="2026-12")
    client_in.post(reverse("policy_acknowledge", args=[policy.id]), {"next": "/"})
    assert PolicyAcknowledgement.objects.filter(user=user, policy=policy).exists()
    assert 'class="policy-change"' not in client_in.get(reverse("studio:home")).content.decode()


def test_a_change_that_is_not_material_asks_nothing(client_in):
    mail.outbox.clear()
    call_command(
        "publish_policy", "terms", "2026-12a", "--summary", "Typo.", "--summary-fr", "Coquille.",
        stdout=open("/dev/null", "w"),
    )  # fmt: skip
    assert not mail.outbox
    assert 'class="policy-change"' not in client_in.get(reverse("studio:home")).content.decode()
