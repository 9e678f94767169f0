"""Human review: a photo with warnings goes to a reviewer on its owner's request."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from anyidphoto.web.accounts.models import User
from anyidphoto.web.staff.models import ContentAccess
from anyidphoto.web.support.models import ReviewRequest

from .conftest import give_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def warned_photo(ready_photo):
    """The sample portrait's photo: its report has warnings (a smile with teeth, side light)."""
    assert any(c["status"] == "warn" for c in ready_photo.report["en"]["checks"])
    return ready_photo


def reviewer() -> User:
    user = User.objects.create_user(email="rev@example.org", password="x" * 12, is_staff=True)
    user.groups.add(Group.objects.get(name="photo reviewer"))
    give_totp(user)
    return user


def test_the_owner_sends_a_warned_photo_to_review_and_is_told_the_decision(
    client, client_in, warned_photo, django_capture_on_commit_callbacks
):
    page = client_in.get(reverse("studio:photo", args=[warned_photo.id])).content.decode()
    assert 'id="ask-review"' in page
    client_in.post(reverse("support:ask_review", args=[warned_photo.id]))
    review = ReviewRequest.objects.get()
    assert review.status == "pending"
    client_in.post(reverse("support:ask_review", args=[warned_photo.id]))  # once is enough
    assert ReviewRequest.objects.count() == 1

    staff = reviewer()
    client.force_login(staff)
    assert (
        reverse("review_decide", args=[review.id])
        in client.get(reverse("reviews")).content.decode()
    )
    shown = client.get(reverse("review_decide", args=[review.id])).content.decode()
    assert "data:image/jpeg;base64," in shown
    access = ContentAccess.objects.get()
    assert access.staff == staff and "review" in access.reason
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("review_decide", args=[review.id]),
            {"decision": "approve", "comment": "The smile is slight; this will pass."},
        )
    review.refresh_from_db()
    assert (review.status, review.reviewer) == ("approved", staff)
    assert mail.outbox[0].to == [warned_photo.owner.email]
    assert "this will pass" in mail.outbox[0].body
    client.force_login(warned_photo.owner)  # the same test client, back as the owner
    page = client.get(reverse("studio:photo", args=[warned_photo.id])).content.decode()
    assert "Approved by a reviewer" in page and "this will pass" in page


def test_only_reviewers_see_the_queue_and_only_owners_ask(client, make_user, warned_photo):
    other = make_user("other@example.org")
    client.force_login(other)
    assert client.post(reverse("support:ask_review", args=[warned_photo.id])).status_code == 404
    assert not ReviewRequest.objects.exists()
    agent = User.objects.create_user(email="agent@example.org", password="x" * 12, is_staff=True)
    agent.groups.add(Group.objects.get(name="support agent"))
    give_totp(agent)
    client.force_login(agent)
    assert client.get(reverse("reviews")).status_code == 403
