"""Accounts: sign-up with the age confirmation, verification by mail, login, language, consent."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from anyidphoto.web.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "a long passphrase 42"


def signup(client, headers=None, **extra):
    data = {"email": "grace@example.org", "password1": PASSWORD, "password2": PASSWORD}
    data.update(extra)
    return client.post(reverse("account_signup"), data, headers=headers)


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_sign_up_needs_the_age_confirmation_and_makes_no_account_without_it(client):
    response = signup(client)
    assert response.status_code == 200
    assert "accounts are for people of at least 13" in response.content.decode()
    assert not User.objects.exists()
    assert not mail.outbox


def test_the_consent_boxes_start_unticked(client):
    page = client.get(reverse("account_signup")).content.decode()
    for name in ["age_confirmed", "marketing_opt_in"]:
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        assert "checked" not in tag


def test_sign_up_verify_by_mail_then_log_in(client):
    response = signup(client, age_confirmed="on")
    assert response.status_code == 302
    user = User.objects.get()
    assert user.age_confirmed_at is not None
    assert not user.marketing_opt_in and user.marketing_opt_in_at is None
    # Not verified yet: logging in asks for the verification first.
    assert len(mail.outbox) == 1
    client.post(reverse("account_logout"))
    login = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "confirm" in login["Location"]
    # The link in the mail verifies the address.
    confirm = client.get(link_in(mail.outbox[-1]))
    if confirm.status_code == 200:  # a confirmation page with a button
        confirm = client.post(link_in(mail.outbox[-1]))
    assert user.emailaddress_set.get().verified
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("studio:photos")).status_code == 200


def test_marketing_consent_is_recorded_with_its_time(client):
    signup(client, age_confirmed="on", marketing_opt_in="on")
    user = User.objects.get()
    assert user.marketing_opt_in and user.marketing_opt_in_at is not None


def test_a_visitors_language_comes_from_the_browser_and_a_new_account_keeps_it(client):
    page = client.get(reverse("studio:home"), HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9").content
    assert b'<html lang="fr">' in page
    client.cookies.clear()
    signup(client, age_confirmed="on", headers={"accept-language": "fr"})
    assert User.objects.get().preferred_language == "fr"


def test_the_switcher_changes_the_language_and_a_users_preference(client_in, user):
    response = client_in.post(reverse("accounts:language"), {"language": "fr", "next": "/photos/"})
    assert response["Location"] == "/photos/"
    user.refresh_from_db()
    assert user.preferred_language == "fr"
    assert b'<html lang="fr">' in client_in.get(reverse("studio:home")).content


def test_the_switcher_never_redirects_off_site(client):
    response = client.post(
        reverse("accounts:language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_profile_sets_name_language_and_marketing_consent(client_in, user):
    response = client_in.post(
        reverse("accounts:profile"),
        {"name": "Ada Lovelace", "preferred_language": "fr", "marketing_opt_in": "on"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.preferred_language, user.marketing_opt_in) == (
        "Ada Lovelace",
        "fr",
        True,
    )
    assert user.marketing_opt_in_at is not None
    client_in.post(reverse("accounts:profile"), {"name": "Ada", "preferred_language": "en"})
    user.refresh_from_db()
    assert not user.marketing_opt_in and user.marketing_opt_in_at is None


def test_password_reset_by_mail(client, user):
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    link = link_in(mail.outbox[0])
    page = client.get(link, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    response = client.post(
        form_url,
        {"password1": "another long passphrase 7", "password2": "another long passphrase 7"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another long passphrase 7")
