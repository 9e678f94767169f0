"""Support: conversations with sealed attachments, staff answers by mail, retention; feedback."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from anyidphoto.web.orders.models import Order
from anyidphoto.web.privacy.services import purge_expired
from anyidphoto.web.studio.models import Photo
from anyidphoto.web.support.models import Attachment, Feedback, Thread
from anyidphoto.web.vault.storage import walk

from .conftest import make_staff

pytestmark = pytest.mark.django_db


def start(
    client,
    body="My photo was refused for the background.",
    attach=b"%PDF-1.4 letter",
    subject="Refused photo",
):
    files = {"attachment": SimpleUploadedFile("letter.pdf", attach)} if attach else {}
    return client.post(reverse("support:threads"), {"subject": subject, "body": body, **files})


def test_a_user_starts_a_conversation_with_a_sealed_attachment(client_in, user):
    response = start(client_in)
    thread = Thread.objects.get()
    assert response["Location"] == reverse("support:thread", args=[thread.id])
    attachment = Attachment.objects.get()
    on_disk = open(default_storage.path(attachment.file.name), "rb").read()
    assert not on_disk.startswith(b"%PDF")
    got = client_in.get(reverse("support:attachment", args=[attachment.id]))
    assert got.content == b"%PDF-1.4 letter"
    page = client_in.get(reverse("support:thread", args=[thread.id])).content.decode()
    assert "refused for the background" in page and "letter.pdf" in page


def test_another_user_sees_neither_the_conversation_nor_its_files(client, make_user):
    owner, other = make_user("owner@example.org"), make_user("other@example.org")
    client.force_login(owner)
    start(client)
    thread, attachment = Thread.objects.get(), Attachment.objects.get()
    client.force_login(other)
    assert client.get(reverse("support:thread", args=[thread.id])).status_code == 404
    assert client.get(reverse("support:attachment", args=[attachment.id])).status_code == 404


def test_a_staff_answer_is_mailed_to_the_user(
    client, make_user, django_capture_on_commit_callbacks
):
    customer = make_user("customer@example.org")
    client.force_login(customer)
    start(client, attach=None)
    thread = Thread.objects.get()
    client.force_login(make_staff("support agent", "agent@example.org"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("support_staff_thread", args=[thread.id]),
            {"body": "Use a plain white wall and try again."},
        )
    assert [m.to for m in mail.outbox] == [["customer@example.org"]]
    assert str(thread.id) in mail.outbox[0].body
    client.force_login(customer)
    page = client.get(reverse("support:thread", args=[thread.id])).content.decode()
    assert "plain white wall" in page


def test_the_answer_mail_carries_the_subject_as_typed(
    client, make_user, django_capture_on_commit_callbacks
):
    customer = make_user("tom@example.org")
    client.force_login(customer)
    start(client, attach=None, subject='Tom & Jerry\'s "photo" <2>')
    thread = Thread.objects.get()
    client.force_login(make_staff("support agent", "agent@example.org"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("support_staff_thread", args=[thread.id]), {"body": "Fixed & sent."})
    (sent,) = mail.outbox
    assert sent.subject == 'Support has answered: Tom & Jerry\'s "photo" <2>'
    assert "&amp;" not in sent.body and "&#x27;" not in sent.body


@pytest.mark.parametrize("subject", ["Refused\nBcc: all@example.org", "Line one\r\nline two"])
def test_a_subject_with_a_line_break_is_refused_at_input(client_in, subject):
    response = start(client_in, attach=None, subject=subject)
    assert response.status_code == 200
    assert "one line" in response.content.decode()
    assert not Thread.objects.exists()


def test_conversations_are_deleted_24_months_after_the_last_message(client_in):
    with time_machine.travel(timezone.now() - timedelta(days=30 * 25)):
        start(client_in)
    assert len(walk(default_storage)) == 1
    assert purge_expired().support_threads == 1
    assert not Thread.objects.exists() and walk(default_storage) == []


def test_a_recent_conversation_is_kept(client_in):
    with time_machine.travel(timezone.now() - timedelta(days=30 * 23)):
        start(client_in, attach=None)
    assert purge_expired().support_threads == 0
    assert Thread.objects.exists()


def test_a_paid_order_can_be_rated(client_in, user):
    photo = Photo.objects.create(owner=user, document="us-passport", upload="x", status="ready")
    order = Order.objects.create(
        owner=user, photo=photo, kind="digital", provider="manual", status="paid"
    )
    page = client_in.get(reverse("orders:detail", args=[order.id])).content.decode()
    assert 'name="rating"' in page
    client_in.post(
        reverse("support:feedback", args=[order.id]), {"rating": "4", "comment": "Quick."}
    )
    assert (Feedback.objects.get().rating, Feedback.objects.get().comment) == (4, "Quick.")
    client_in.post(reverse("support:feedback", args=[order.id]), {"rating": "9"})
    assert Feedback.objects.get().rating == 4


def test_support_goes_with_the_account_and_comes_with_the_data_export(client_in, user):
    from anyidphoto.web.privacy.rights import account_erase, export_data

    start(client_in)
    data = export_data(user=user)
    assert data["support"][0]["messages"][0]["body"].startswith("My photo was refused")
    account_erase(user=user)
    assert not Thread.objects.exists() and walk(default_storage) == []


def test_support_messages_and_attachments_are_throttled(client_in, user, settings):
    settings.SUPPORT_MESSAGES_PER_HOUR, settings.SUPPORT_ATTACHMENTS_PER_HOUR = 3, 2
    assert start(client_in).status_code == 302  # one attachment
    thread = Thread.objects.get()
    url = reverse("support:thread", args=[thread.id])
    two = [SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4") for i in range(2)]
    refused = client_in.post(url, {"body": "Two more files", "attachment": two})
    assert (
        refused.status_code == 200 and "At most 2 attachments an hour" in refused.content.decode()
    )
    assert client_in.post(url, {"body": "No file this time"}).status_code == 302
    assert client_in.post(url, {"body": "A third message"}).status_code == 302
    fourth = client_in.post(url, {"body": "A fourth message"})
    assert "3 messages in the last hour" in fourth.content.decode()
    assert thread.messages.count() == 3 and Attachment.objects.count() == 1
    # An hour later the user may write again.
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        assert client_in.post(url, {"body": "Later"}).status_code == 302
