"""Cookies and consent: essential only until the visitor chooses; analytics coarse."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from anyidphoto.web.privacy.models import AnalyticsDaily, AnalyticsEvent, ConsentRecord
from anyidphoto.web.privacy.services import purge_expired

pytestmark = pytest.mark.django_db


def choose(client, choice: str, **extra):
    return client.post(reverse("cookies"), {"choice": choice, "next": "/", **extra})


def test_a_new_visitor_sees_the_banner_and_nothing_is_counted(client):
    page = client.get(reverse("studio:home")).content.decode()
    assert 'class="consent"' in page and 'id="consent-all"' in page
    for _ in range(3):
        client.get(reverse("studio:home"), {"doc": "us-passport"})
    assert not AnalyticsEvent.objects.exists()
    assert "consent" not in client.cookies


def test_essential_only_is_recorded_and_still_counts_nothing(client):
    choose(client, "essential")
    record = ConsentRecord.objects.get()
    assert (record.analytics, record.marketing, record.version) == (False, False, "2026-11")
    page = client.get(reverse("studio:home")).content.decode()
    assert 'class="consent"' not in page
    assert not AnalyticsEvent.objects.exists()


def test_accepting_analytics_counts_uses_without_anything_personal(client_in, user):
    choose(client_in, "all")
    client_in.get(reverse("studio:home"), {"doc": "fr-passport"})
    event = AnalyticsEvent.objects.get()
    assert (event.kind, event.document, event.country, event.language) == (
        "page:home", "fr-passport", "fr", "en",
    )  # fmt: skip
    fields = {f.name for f in AnalyticsEvent._meta.fields} | {
        f.name for f in AnalyticsDaily._meta.fields
    }
    assert not fields & {"email", "name", "ip", "ip_address", "photo", "upload", "user_agent"}
    assert ConsentRecord.objects.get().user == user


def test_consent_is_withdrawn_as_easily_as_it_was_given(client):
    choose(client, "all")
    client.get(reverse("studio:home"))
    assert AnalyticsEvent.objects.count() == 1
    page = client.get(reverse("cookies")).content.decode()
    assert 'name="analytics" value="1" checked' in page
    choose(client, "custom")  # both boxes unticked
    client.get(reverse("studio:home"))
    assert AnalyticsEvent.objects.count() == 1
    assert [r.analytics for r in ConsentRecord.objects.order_by("created_at")] == [True, False]


def test_a_new_version_of_the_text_asks_again(client, settings):
    choose(client, "all")
    settings.CONSENT_VERSION = "2027-01"
    page = client.get(reverse("studio:home")).content.decode()
    assert 'class="consent"' in page
    assert not AnalyticsEvent.objects.exists()  # the old yes does not count for the new text


def test_raw_events_become_daily_counts_and_are_deleted(client):
    choose(client, "all")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            client.get(reverse("studio:home"), {"doc": "ca-passport"})
    with time_machine.travel(start + timedelta(days=29), tick=False):
        purge_expired()
    assert AnalyticsEvent.objects.count() == 3
    with time_machine.travel(start + timedelta(days=32), tick=False):
        assert purge_expired().analytics_events == 3
    assert not AnalyticsEvent.objects.exists()
    daily = AnalyticsDaily.objects.get()
    assert (daily.kind, daily.document, daily.count) == ("page:home", "ca-passport", 3)


def test_the_choice_cookie_cannot_redirect_off_site(client):
    response = client.post(reverse("cookies"), {"choice": "all", "next": "https://evil.example/"})
    assert response["Location"] == "/"
