"""The user's rights: download my data, delete a photo's files, delete my account."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from anyidphoto.web.accounts.models import User
from anyidphoto.web.orders.models import Order
from anyidphoto.web.privacy.models import BillingRecord, DataExport
from anyidphoto.web.privacy.services import purge_expired
from anyidphoto.web.studio.models import Photo
from anyidphoto.web.vault.models import ObjectKey
from anyidphoto.web.vault.storage import walk

pytestmark = pytest.mark.django_db

PASSWORD = "a long passphrase 42"


@pytest.fixture
def ordered(client_in, portrait_jpeg, django_capture_on_commit_callbacks):
    """A made photo with a paid order for it (the manual provider gives it free)."""
    with django_capture_on_commit_callbacks(execute=True):
        client_in.post(
            reverse("studio:upload"), {"document": "fr-passport", "file": io.BytesIO(portrait_jpeg)}
        )
    photo = Photo.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        # It smiles with teeth, which France refuses: the buyer ticks the box that says so.
        client_in.post(
            reverse("orders:create"),
            {"photo": photo.id, "kind": "digital", "accept_failures": "on"},
        )
    mail.outbox.clear()
    return photo, Order.objects.get()


def test_download_my_data_builds_a_zip_mails_the_link_and_expires(
    client_in, user, ordered, django_capture_on_commit_callbacks
):
    photo, order = ordered
    with django_capture_on_commit_callbacks(execute=True):
        client_in.post(reverse("privacy:data"))
    export = DataExport.objects.get()
    assert export.status == "ready"
    message = mail.outbox[-1]
    link = re.search(r"https?://\S+", message.body).group(0)
    assert reverse("privacy:export_download", args=[export.id]) in link
    response = client_in.get(reverse("privacy:export_download", args=[export.id]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["profile"]["email"] == user.email
    assert data["consents"]["marketing_opt_in"] is False
    assert [o["id"] for o in data["orders"]] == [str(order.id)]
    assert "card" not in json.dumps(data).lower()
    assert f"photos/{photo.id}/photo.jpg" in archive.namelist()
    with photo.result.open("rb") as handle:
        assert archive.read(f"photos/{photo.id}/photo.jpg") == handle.read()
    # Another user cannot fetch it; after 7 days nobody can, and the purge removes it.
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert (
            client_in.get(reverse("privacy:export_download", args=[export.id])).status_code == 404
        )
        assert purge_expired().exports == 1
    assert not DataExport.objects.exists()


def test_the_export_holds_everything_of_mine_and_nothing_of_anyone_else(
    client_in, user, make_user, ordered, django_capture_on_commit_callbacks
):
    from allauth.account.models import EmailAddress
    from django.core.files.uploadedfile import SimpleUploadedFile

    from anyidphoto.web.api.models import ApiToken
    from anyidphoto.web.orders.models import PartnerSend
    from anyidphoto.web.support.models import ReviewRequest
    from anyidphoto.web.support.services import feedback_give

    photo, order = ordered
    feedback_give(order=order, rating=4, comment="Quick and accepted")
    ReviewRequest.objects.create(
        photo=photo, status="approved", comment="Looks right", decided_at=timezone.now()
    )
    PartnerSend.objects.create(
        order=order, partner="printshop", reference="PS-77", requested_by=user
    )
    EmailAddress.objects.create(user=user, email="ada.work@example.org", verified=False)
    token = ApiToken.issue(owner=user, name="my script")[1]
    client_in.post(
        reverse("support:threads"),
        {"subject": "Letter", "body": "See the letter.",
         "attachment": SimpleUploadedFile("../refusal letter.pdf", b"%PDF-1.4 mine")},
    )  # fmt: skip
    # Someone else's conversation and token.
    eve, eves_client = make_user("eve@example.org"), type(client_in)()
    eves_client.force_login(eve)
    eves_client.post(reverse("support:threads"), {"subject": "Eve's", "body": "Eve's own words"})
    eve_token = ApiToken.issue(owner=eve, name="eve's script")[1]

    with django_capture_on_commit_callbacks(execute=True):
        client_in.post(reverse("privacy:data"))
    export = DataExport.objects.get(owner=user)
    response = client_in.get(reverse("privacy:export_download", args=[export.id]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    (got_order,) = data["orders"]
    assert got_order["feedback"]["rating"] == 4 and got_order["feedback"]["comment"]
    assert got_order["partner_sends"][0]["reference"] == "PS-77"
    (got_photo,) = data["photos"]
    assert got_photo["review"]["status"] == "approved" and got_photo["review"]["decided_at"]
    assert {e["email"] for e in data["email_addresses"]} == {user.email, "ada.work@example.org"}
    assert [t["name"] for t in data["api_tokens"]] == ["my script"]
    (thread,) = data["support"]
    (attachment,) = thread["messages"][0]["attachments"]
    assert attachment["name"] == "refusal letter.pdf" and attachment["size"] == 13
    assert archive.read(attachment["file"]) == b"%PDF-1.4 mine"
    assert all(
        not name.startswith(("/", "..")) and "/../" not in name for name in archive.namelist()
    )
    if photo.template:
        assert f"photos/{photo.id}/template.png" in archive.namelist()
    text = json.dumps(data)
    for secret in (token, eve_token, "eve@example.org", "Eve's own words", "eve's script"):
        assert secret not in text


def test_data_exports_are_one_at_a_time_and_a_few_a_day(client_in, user, settings):
    from anyidphoto.web.privacy.rights import ExportRefused, export_request

    settings.PRIVACY_EXPORTS_PER_DAY = 2
    first = export_request(user=user)
    DataExport.objects.filter(id=first.id).update(status="building")
    with pytest.raises(ExportRefused, match="already being prepared"):
        export_request(user=user)
    DataExport.objects.filter(id=first.id).update(status="ready")
    export_request(user=user)
    DataExport.objects.update(status="ready")
    response = client_in.post(reverse("privacy:data"), follow=True)
    assert "2 times today" in response.content.decode()
    assert DataExport.objects.count() == 2
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        export_request(user=user)


def test_another_user_cannot_download_my_export(
    client, make_user, django_capture_on_commit_callbacks
):
    owner, other = make_user("owner@example.org"), make_user("other@example.org")
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:data"))
    export = DataExport.objects.get()
    client.force_login(other)
    assert client.get(reverse("privacy:export_download", args=[export.id])).status_code == 404


def test_deleting_one_photos_files_keeps_the_order_and_shreds_the_files(client_in, ordered):
    photo, order = ordered
    client_in.post(reverse("privacy:photo_delete", args=[photo.id]))
    photo.refresh_from_db()
    assert photo.purged_at is not None
    assert walk(default_storage) == [] and not ObjectKey.objects.exists()
    assert Order.objects.filter(id=order.id).exists()
    assert client_in.get(reverse("orders:photo", args=[order.id])).status_code == 404


def test_deleting_the_account_needs_the_password_again(client_in, user, ordered):
    response = client_in.post(
        reverse("privacy:account_delete"), {"password": "wrong", "confirm": "on"}
    )
    assert response.status_code == 200 and "not your password" in response.content.decode()
    assert User.objects.filter(id=user.id).exists()


def test_deleting_the_account_leaves_no_file_only_an_anonymous_billing_record(
    client, client_in, user, ordered
):
    photo, order = ordered
    email = user.email
    response = client_in.post(
        reverse("privacy:account_delete"), {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert not User.objects.filter(email=email).exists()
    assert not Photo.objects.exists() and not Order.objects.exists()
    assert walk(default_storage) == [] and not ObjectKey.objects.exists()
    record = BillingRecord.objects.get()
    assert record.invoice_number == str(order.id) and record.currency == "EUR"
    fields = {f.name for f in BillingRecord._meta.fields}
    assert not fields & {"email", "name", "owner", "address"}
    assert mail.outbox[-1].to == [email] and "deleted" in mail.outbox[-1].subject
    # Logging in no longer works.
    login = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert login.status_code == 200
    assert client.get(reverse("studio:photos")).status_code == 302


def test_deleting_the_account_leaves_nothing_that_names_the_person(
    client, client_in, user, ordered, media_folder, settings
):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.sessions.models import Session

    from anyidphoto.web.staff.models import ContentAccess

    photo, _ = ordered
    email = user.email
    # A second session, signed in on another device with the password.
    other = type(client)()
    other.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert other.get(reverse("studio:photos")).status_code == 200
    # A staff member changed the account in the admin, and looked at a photo with a reason.
    staff = User.objects.create_user(email="staff@example.org", password="x" * 12, is_staff=True)
    LogEntry.objects.log_actions(user_id=staff.id, queryset=[user], action_flag=CHANGE)
    ContentAccess.objects.create(
        staff=staff, customer_email=email, customer_id=user.id, photo_id=photo.id,
        what="upload", reason="Ada Lovelace called about her refused photo",
    )  # fmt: skip
    assert LogEntry.objects.filter(object_repr=email).exists()
    response = client_in.post(
        reverse("privacy:account_delete"), {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    # No session holds the account any more: the other device is signed out too.
    assert other.get(reverse("studio:photos")).status_code == 302
    if settings.SESSION_ENGINE.endswith(".db"):
        for session in Session.objects.all():
            assert str(user.id) != session.get_decoded().get("_auth_user_id")
            assert email not in str(session.get_decoded())
    # The admin's log and the access record keep what was done, not to whom.
    assert not LogEntry.objects.filter(object_repr__icontains=email).exists()
    assert LogEntry.objects.filter(user=staff).count() == 1
    record = ContentAccess.objects.get()
    assert (record.customer_email, record.customer_id) == ("erased", None)
    assert "Ada" not in record.reason and record.what == "upload"
    # No empty folder shows that photos were there.
    if media_folder.exists():
        assert [p for p in media_folder.rglob("*")] == []


def test_billing_records_are_deleted_after_seven_years(user, ordered):
    from anyidphoto.web.privacy.rights import account_erase

    account_erase(user=user)
    assert BillingRecord.objects.count() == 1
    with time_machine.travel(timezone.now() + timedelta(days=365 * 7 - 2)):
        assert purge_expired().billing_records == 0
    with time_machine.travel(timezone.now() + timedelta(days=365 * 7 + 3)):
        assert purge_expired().billing_records == 1
    assert not BillingRecord.objects.exists()


def test_an_export_whose_building_fails_says_so_and_can_be_asked_again(
    client_in, monkeypatch, django_capture_on_commit_callbacks
):
    def lose_the_store(*, export):
        raise OSError("the store went away")

    monkeypatch.setattr("anyidphoto.web.privacy.rights.export_build", lose_the_store)
    with django_capture_on_commit_callbacks(execute=True):
        client_in.post(reverse("privacy:data"))
    assert DataExport.objects.get().status == DataExport.Status.FAILED
    page = client_in.get(reverse("privacy:data")).content.decode()
    assert "could not be prepared; please ask again" in page
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client_in.post(reverse("privacy:data"))
    assert DataExport.objects.filter(status=DataExport.Status.READY).count() == 1
