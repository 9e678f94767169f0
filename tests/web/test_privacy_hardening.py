"""What a second look at the privacy code found, each fixed and kept fixed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from anyidphoto.web.accounts.models import User
from anyidphoto.web.orders.models import Order
from anyidphoto.web.privacy.models import AnalyticsEvent, BillingRecord, DataExport
from anyidphoto.web.privacy.rights import account_erase
from anyidphoto.web.privacy.services import photo_purge_files, purge_expired
from anyidphoto.web.staff.models import ContentAccess
from anyidphoto.web.studio.models import Photo
from anyidphoto.web.studio.services import photo_process
from anyidphoto.web.support.models import Attachment, ReviewRequest
from anyidphoto.web.vault.models import ObjectKey
from anyidphoto.web.vault.storage import walk

from .conftest import give_totp, make_staff

pytestmark = pytest.mark.django_db


staff = make_staff


def test_the_staff_login_page_asks_for_the_authenticator_code(client):
    member = staff("support agent", "s@example.org")
    client.post(
        reverse("admin:login"), {"username": member.email, "password": "staff passphrase 99"}
    )
    assert client.get(reverse("admin:index")).status_code == 302  # password alone is not enough


def test_staff_open_attachments_only_through_the_recorded_route(client, user):
    client.force_login(user)
    client.post(
        reverse("support:threads"),
        {
            "subject": "x",
            "body": "See attached.",
            "attachment": SimpleUploadedFile("a.pdf", b"%PDF"),
        },
    )
    attachment = Attachment.objects.get()
    client.force_login(staff("support agent", "s@example.org"))
    assert client.get(reverse("support:attachment", args=[attachment.id])).status_code == 404
    assert not ContentAccess.objects.exists()
    got = client.get(reverse("support_staff_attachment", args=[attachment.id]))
    assert got.content == b"%PDF" and ContentAccess.objects.get().what == "support attachment"


def test_a_photo_deleted_while_it_was_made_keeps_no_file(user, portrait_jpeg):
    from django.core.files.base import ContentFile

    photo = Photo(owner=user, document="us-passport")
    photo.upload.save("upload", ContentFile(portrait_jpeg))
    stale = Photo.objects.get(id=photo.id)
    photo_purge_files(photo=photo)  # the user deletes it while the worker holds `stale`
    photo_process(photo=stale)
    assert walk(default_storage) == [] and not ObjectKey.objects.exists()


def test_an_administrator_cannot_hand_out_roles_or_superuser(client, user):
    admin_user = staff("administrator", "boss@example.org")
    client.force_login(admin_user)
    page = client.get(reverse("admin:accounts_user_change", args=[user.id])).content.decode()
    assert 'name="is_superuser"' not in page and 'name="groups"' not in page


def test_deleting_a_photos_files_also_deletes_exports_holding_it(
    client_in, ready_photo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_in.post(reverse("privacy:data"))
    assert DataExport.objects.exists()
    client_in.post(reverse("privacy:photo_delete", args=[ready_photo.id]))
    assert not DataExport.objects.exists() and walk(default_storage) == []


def test_a_staff_member_cannot_erase_their_own_account_and_nothing_is_lost(client, ready_photo):
    member = staff("photo reviewer", "r@example.org")
    client.force_login(member)
    client.post(
        reverse("customer_content", args=[ready_photo.id]), {"reason": "Checking the chin report."}
    )
    response = client.post(
        reverse("privacy:account_delete"), {"password": "staff passphrase 99", "confirm": "on"}
    )
    assert response.status_code == 200 and User.objects.filter(id=member.id).exists()


def test_after_erasure_the_access_log_no_longer_names_the_customer(client, user, ready_photo):
    client.force_login(staff("photo reviewer", "r@example.org"))
    client.post(
        reverse("customer_content", args=[ready_photo.id]), {"reason": "Checking the chin report."}
    )
    account_erase(user=user)
    record = ContentAccess.objects.get()
    assert record.customer_email == "erased" and record.customer_id is None


def test_billing_records_go_seven_calendar_years_after_payment():
    BillingRecord.objects.create(
        invoice_number="1", paid_on=date(2024, 1, 1), amount_cents=999, currency="EUR"
    )
    with time_machine.travel(timezone.datetime(2030, 12, 31, tzinfo=timezone.UTC), tick=False):
        assert purge_expired().billing_records == 0
    with time_machine.travel(timezone.datetime(2031, 1, 2, tzinfo=timezone.UTC), tick=False):
        assert purge_expired().billing_records == 1


def test_a_decided_review_cannot_be_opened_again(client, ready_photo):
    review = ReviewRequest.objects.create(photo=ready_photo, status="approved")
    client.force_login(staff("photo reviewer", "r@example.org"))
    assert client.get(reverse("review_decide", args=[review.id])).status_code == 404
    assert not ContentAccess.objects.exists()


def test_a_deleted_photo_cannot_be_ordered(client_in, ready_photo):
    photo_purge_files(photo=ready_photo)
    response = client_in.post(
        reverse("orders:create"), {"photo": ready_photo.id, "kind": "digital"}
    )
    assert response.status_code == 400 and not Order.objects.exists()


def test_analytics_events_name_nobody(client_in):
    client_in.post(reverse("cookies"), {"choice": "all", "next": "/"})
    client_in.get(reverse("studio:home"))
    assert AnalyticsEvent.objects.get().user is None


def test_staff_erase_accounts_with_shredding_never_a_plain_delete(client, ready_photo):
    boss = User.objects.create_superuser(email="boss@example.org", password="staff passphrase 99")
    give_totp(boss)
    client.force_login(boss)
    owner = ready_photo.owner
    assert client.get(reverse("admin:accounts_user_delete", args=[owner.id])).status_code == 403
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "erase_accounts", "_selected_action": [str(owner.id)]},
    )
    assert not User.objects.filter(id=owner.id).exists()
    assert walk(default_storage) == [] and not ObjectKey.objects.exists()


def test_a_photo_in_checkout_is_not_purged_under_the_buyer(ready_photo):
    uploaded = ready_photo.created_at
    with time_machine.travel(uploaded + timedelta(hours=20), tick=False):
        Order.objects.create(
            owner=ready_photo.owner,
            photo=ready_photo,
            kind="digital",
            provider="stripe",
            status="pending",
        )
    with time_machine.travel(uploaded + timedelta(hours=25), tick=False):
        assert purge_expired().photos == []  # the checkout is 5 hours old
    with time_machine.travel(uploaded + timedelta(hours=45), tick=False):
        assert purge_expired().photos == [str(ready_photo.id)]  # abandoned


def test_the_daily_purge_clears_expired_sessions(client, user, settings):
    from django.contrib.sessions.models import Session

    from anyidphoto.web.accounts.models import SignedInSession

    client.post(reverse("account_login"), {"login": user.email, "password": "a long passphrase 42"})
    assert SignedInSession.objects.filter(user=user).count() == 1
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)):
        purge_expired()
    assert not SignedInSession.objects.exists()
    if settings.SESSION_ENGINE.endswith(".db"):
        assert not Session.objects.exists()


def test_signing_out_forgets_the_session(client, user):
    from anyidphoto.web.accounts.models import SignedInSession

    client.post(reverse("account_login"), {"login": user.email, "password": "a long passphrase 42"})
    client.post(reverse("account_logout"))
    assert not SignedInSession.objects.exists()


def test_a_sqlite_database_is_the_owners_alone_and_deletes_securely(tmp_path):
    from django.db.utils import ConnectionHandler

    path = tmp_path / "studio.sqlite3"
    handler = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": path}})
    connection = handler["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete")
            assert cursor.fetchone()[0] == 1
            cursor.execute("CREATE TABLE t (x TEXT)")
    finally:
        connection.close()
    assert path.stat().st_mode & 0o777 == 0o600


def _changelist_erase(client, users):
    return client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "erase_accounts", "_selected_action": [u.id for u in users]},
    )


def test_an_administrator_changes_customers_only(client, user):
    boss = staff("administrator", "boss@example.org")
    colleague = staff("support agent", "agent@example.org")
    root = User.objects.create_superuser(email="root@example.org", password="root pass 12345")
    client.force_login(boss)
    # Setting a superuser's password, or a colleague's, is refused.
    for target in (root, colleague):
        url = reverse("admin:auth_user_password_change", args=[target.id])
        answer = client.post(url, {"password1": "taken over 1234", "password2": "taken over 1234"})
        assert answer.status_code == 403, target.email
        target.refresh_from_db()
        assert not target.check_password("taken over 1234")
    # Editing a colleague's address is refused.
    change = reverse("admin:accounts_user_change", args=[colleague.id])
    assert client.post(change, {"email": "attacker@example.org"}).status_code == 403
    colleague.refresh_from_db()
    assert colleague.email == "agent@example.org"
    # Erasing a superuser or a colleague is refused; a customer is erased.
    _changelist_erase(client, [root, colleague, user])
    assert User.objects.filter(id__in=[root.id, colleague.id]).count() == 2
    assert not User.objects.filter(id=user.id).exists()


def test_a_superuser_may_change_staff(client):
    colleague = staff("support agent", "agent@example.org")
    root = User.objects.create_superuser(email="root@example.org", password="root pass 12345")
    give_totp(root)
    client.force_login(root)
    url = reverse("admin:auth_user_password_change", args=[colleague.id])
    answer = client.post(url, {"password1": "new staff pass 77", "password2": "new staff pass 77"})
    assert answer.status_code == 302
    colleague.refresh_from_db()
    assert colleague.check_password("new staff pass 77")
