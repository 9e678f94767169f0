"""Fixtures for the studio's tests: users, a logged-in client, the sample portrait."""

from __future__ import annotations

import pytest
from django.utils import timezone

from .. import photos


@pytest.fixture
def make_user(db, django_user_model):
    def make(email: str = "ada@example.org", password: str = "a long passphrase 42"):
        from allauth.account.models import EmailAddress

        user = django_user_model.objects.create_user(
            email=email, password=password, age_confirmed_at=timezone.now()
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def user(make_user):
    return make_user()


@pytest.fixture
def client_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture(scope="session")
def portrait_jpeg() -> bytes:
    return photos.encode(photos.astronaut())


@pytest.fixture
def ready_photo(client_in, portrait_jpeg, django_capture_on_commit_callbacks):
    """The portrait uploaded by ``user`` for a US passport, and made."""
    import io

    from django.urls import reverse

    from anyidphoto.web.studio.models import Photo

    with django_capture_on_commit_callbacks(execute=True):
        client_in.post(
            reverse("studio:upload"), {"document": "us-passport", "file": io.BytesIO(portrait_jpeg)}
        )
    photo = Photo.objects.get()
    assert photo.status == Photo.Status.READY
    return photo


def give_totp(user) -> str:
    """Set up an authenticator app for ``user``, as staff must; returns its secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def make_staff(role: str, email: str):
    """A staff member in ``role`` (a group), with the authenticator app staff must have."""
    from django.contrib.auth.models import Group

    from anyidphoto.web.accounts.models import User

    user = User.objects.create_user(email=email, password="staff passphrase 99", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    give_totp(user)
    return user
