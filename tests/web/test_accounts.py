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


# ------------------------------------------------------------ address squatting and takeover


def _signed_in(client, email: str, password: str = PASSWORD) -> None:
    """Sign ``client`` in with the password, as a person does (so a reauthentication is fresh)."""
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:300]


def _add_address(client, email: str, password: str = PASSWORD):
    """Ask for ``email`` as the account's new address, typing the password again when asked."""
    response = client.post(reverse("account_email"), {"action_add": "", "email": email})
    if response.status_code == 302 and "reauthenticate" in response["Location"]:
        response = client.post(response["Location"], {"password": password}, follow=True)
    return response


def _confirm(client, message) -> None:
    confirm = client.get(link_in(message))
    if confirm.status_code == 200:  # a confirmation page with a button
        client.post(link_in(message))


def test_an_address_added_unconfirmed_elsewhere_never_blocks_its_owners_sign_up(client, make_user):
    from allauth.account.models import EmailAddress

    attacker = make_user("mallory@example.org")
    thief = type(client)()
    _signed_in(thief, attacker.email)
    _add_address(thief, "grace@example.org")
    assert EmailAddress.objects.filter(user=attacker, email="grace@example.org").exists()
    mail.outbox.clear()
    # Grace signs up with her own address: an account is made, hers.
    assert signup(client, age_confirmed="on").status_code == 302
    grace = User.objects.get(email="grace@example.org")
    assert grace != attacker
    assert not EmailAddress.objects.filter(user=attacker, email="grace@example.org").exists()
    assert [m.to for m in mail.outbox] == [["grace@example.org"]]
    _confirm(client, mail.outbox[-1])
    assert EmailAddress.objects.get(user=grace).verified


def test_a_reset_is_never_mailed_for_an_unconfirmed_address(client, make_user, user):
    attacker = make_user("mallory@example.org")
    thief = type(client)()
    _signed_in(thief, attacker.email)
    _add_address(thief, "victim@example.org")
    mail.outbox.clear()
    client.post(reverse("account_reset_password"), {"email": "victim@example.org"})
    # No account has confirmed it: no reset link, for anyone's account.
    assert all("/password/reset/key/" not in m.body for m in mail.outbox)


def test_an_address_confirmed_by_another_account_cannot_be_added(client, make_user, user):
    from allauth.account.models import EmailAddress

    attacker = make_user("mallory@example.org")
    _signed_in(client, attacker.email)
    response = _add_address(client, user.email)
    assert "belongs to another account" in response.content.decode()
    assert not EmailAddress.objects.filter(user=attacker, email=user.email).exists()


def test_an_account_keeps_one_address_and_one_change_at_a_time(client, user):
    from allauth.account.models import EmailAddress

    _signed_in(client, user.email)
    _add_address(client, "first@example.org")
    _add_address(client, "second@example.org")
    addresses = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    assert addresses == {user.email, "second@example.org"}


def test_an_unfinished_sign_up_never_blocks_the_addresss_owner(client):
    squatter = type(client)()
    signup(squatter, age_confirmed="on", password1="squatter pass 11", password2="squatter pass 11")
    first = User.objects.get(email="grace@example.org")
    mail.outbox.clear()
    assert signup(client, age_confirmed="on").status_code == 302
    grace = User.objects.get(email="grace@example.org")
    assert grace.pk != first.pk and grace.check_password(PASSWORD)


def test_changing_the_address_asks_for_the_password_again(client, user):
    from allauth.account.models import EmailAddress

    _signed_in(client, user.email)  # even a session signed in with the password a moment ago
    response = client.post(reverse("account_email"), {"action_add": "", "email": "new@example.org"})
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    assert not EmailAddress.objects.filter(email="new@example.org").exists()
    wrong = client.post(response["Location"], {"password": "not the password"})
    assert wrong.status_code == 200
    assert not EmailAddress.objects.filter(email="new@example.org").exists()
    client.post(response["Location"], {"password": PASSWORD}, follow=True)
    assert EmailAddress.objects.filter(user=user, email="new@example.org").exists()


def test_the_old_address_is_told_of_a_change_and_can_undo_it(client, user):
    from allauth.account.models import EmailAddress

    from anyidphoto.web.accounts.models import SignedInSession

    _signed_in(client, user.email)
    mail.outbox.clear()
    _add_address(client, "taken@example.org")
    confirm = next(m for m in mail.outbox if m.to == ["taken@example.org"])
    _confirm(client, confirm)
    user.refresh_from_db()
    assert user.email == "taken@example.org"
    assert not EmailAddress.objects.filter(user=user, email="ada@example.org").exists()
    notice = next(m for m in mail.outbox if m.to == ["ada@example.org"])
    assert "taken@example.org" in notice.body
    undo = next(w for w in notice.body.split() if "/account/email-undo/" in w)
    # The old address's owner, signed out, puts it back.
    owner = type(client)()
    assert "Put ada@example.org back" in owner.get(undo).content.decode()
    done = owner.post(undo)
    assert done.status_code == 200 and "every session has ended" in done.content.decode()
    user.refresh_from_db()
    assert user.email == "ada@example.org" and not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).email == "ada@example.org"
    assert not SignedInSession.objects.filter(user=user).exists()
    assert client.get(reverse("studio:photos")).status_code == 302  # the taker is signed out
    # The link works once.
    assert owner.post(undo).status_code == 409


def test_an_undo_link_that_was_tampered_with_does_nothing(client, user):
    response = client.get(reverse("accounts:email_undo", args=["not-a-token"]))
    assert response.status_code == 404


def test_a_password_change_is_mailed_to_the_account(client, user):
    _signed_in(client, user.email)
    mail.outbox.clear()
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "new long passphrase 8",
         "password2": "new long passphrase 8"},
    )  # fmt: skip
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "password" in mail.outbox[0].subject.lower()
