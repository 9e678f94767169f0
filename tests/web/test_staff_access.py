"""Staff roles, audited access to customer photos, and the log of privacy requests."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from anyidphoto.web.accounts.models import User
from anyidphoto.web.privacy.models import DataSubjectRequest
from anyidphoto.web.staff.models import ContentAccess
from anyidphoto.web.staff.roles import ROLES
from anyidphoto.web.studio.models import Photo

from .conftest import give_totp, make_staff

pytestmark = pytest.mark.django_db


staff_member = make_staff


@pytest.fixture
def customer_photo(client_in, portrait_jpeg, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_in.post(
            reverse("studio:upload"), {"document": "us-passport", "file": io.BytesIO(portrait_jpeg)}
        )
    return Photo.objects.get()


def test_the_four_roles_exist_with_their_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)
    reviewer = Group.objects.get(name="photo reviewer")
    assert reviewer.permissions.filter(codename="view_customer_content").exists()
    support = Group.objects.get(name="support agent")
    assert not support.permissions.filter(codename="view_customer_content").exists()


def test_migrate_gives_each_role_exactly_its_permissions_and_repairs_drift():
    from django.core.management import call_command

    def held() -> dict[str, set[str]]:
        return {
            group.name: {
                f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()
            }
            for group in Group.objects.filter(name__in=ROLES)
        }

    assert held() == {role: set(names) for role, names in ROLES.items()}
    Group.objects.get(name="support agent").permissions.clear()
    Group.objects.get(name="privacy officer").delete()
    call_command("migrate", verbosity=0)
    assert held() == {role: set(names) for role, names in ROLES.items()}


def test_a_role_naming_a_permission_that_does_not_exist_is_an_error(monkeypatch):
    from django.contrib.auth.models import Permission

    from anyidphoto.web.staff import roles

    monkeypatch.setitem(roles.ROLES, "support agent", ["support.fly_to_the_moon"])
    with pytest.raises(Permission.DoesNotExist):
        roles.sync_roles()


def test_seeing_a_customers_photo_asks_a_reason_and_is_recorded(client, customer_photo):
    reviewer = staff_member("photo reviewer", "rev@example.org")
    client.force_login(reviewer)
    url = reverse("customer_content", args=[customer_photo.id])
    page = client.get(url).content.decode()
    assert 'id="reason-form"' in page and "data:image/jpeg" not in page
    assert client.post(url, {"reason": "short"}).content.decode().count("data:image/jpeg") == 0
    assert not ContentAccess.objects.exists()
    shown = client.post(url, {"reason": "Customer asked why the chin check failed (ticket 12)."})
    assert "data:image/jpeg;base64," in shown.content.decode()
    record = ContentAccess.objects.get()
    assert (record.staff, record.customer_email, record.photo_id) == (
        reviewer, customer_photo.owner.email, customer_photo.id,
    )  # fmt: skip
    assert "ticket 12" in record.reason
    # Append-only.
    with pytest.raises(PermissionError):
        record.reason = "nothing to see"
        record.save()
    with pytest.raises(PermissionError):
        record.delete()


def test_staff_without_the_permission_and_customers_cannot_look(client, client_in, customer_photo):
    url = reverse("customer_content", args=[customer_photo.id])
    assert client_in.get(url).status_code == 302  # a customer is sent to the staff login
    client.force_login(staff_member("support agent", "support@example.org"))
    assert client.post(url, {"reason": "I am curious about this photo"}).status_code == 403
    assert not ContentAccess.objects.exists()


def test_a_privacy_officer_lists_the_access_records(client, customer_photo):
    reviewer = staff_member("photo reviewer", "rev@example.org")
    client.force_login(reviewer)
    client.post(
        reverse("customer_content", args=[customer_photo.id]),
        {"reason": "Checking the background complaint."},
    )
    officer = staff_member("privacy officer", "dpo@example.org")
    client.force_login(officer)
    page = client.get(reverse("admin:staff_contentaccess_changelist")).content.decode()
    assert "Checking the background complaint." in page
    assert client.get(reverse("admin:staff_contentaccess_add")).status_code == 403


def test_privacy_requests_by_mail_are_due_in_30_days_overdue_first(client):
    officer = staff_member("privacy officer", "dpo@example.org")
    client.force_login(officer)
    today = date.today()
    client.post(
        reverse("admin:privacy_datasubjectrequest_add"),
        {"email": "late@example.org", "kind": "erasure", "received_on": today - timedelta(days=40)},
    )
    client.post(
        reverse("admin:privacy_datasubjectrequest_add"),
        {"email": "new@example.org", "kind": "access", "received_on": today},
    )
    late = DataSubjectRequest.objects.get(email="late@example.org")
    assert late.due_on == late.received_on + timedelta(days=30) and late.overdue
    assert late.logged_by == officer
    page = client.get(reverse("admin:privacy_datasubjectrequest_changelist")).content.decode()
    assert page.index("late@example.org") < page.index("new@example.org")


def test_staff_pages_need_an_authenticator_app(client):
    staff = User.objects.create_user(
        email="new@example.org", password="staff passphrase 99", is_staff=True
    )
    staff.groups.add(Group.objects.get(name="support agent"))
    client.force_login(staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    give_totp(staff)
    assert client.get(reverse("admin:index")).status_code == 200


def test_logging_in_with_an_authenticator_asks_for_its_code(client):
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    staff = User.objects.create_user(
        email="coded@example.org", password="staff passphrase 99", is_staff=True
    )
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    secret = give_totp(staff)
    response = client.post(
        reverse("account_login"), {"login": staff.email, "password": "staff passphrase 99"}
    )
    assert response.status_code == 302 and "/2fa/authenticate" in response["Location"]
    assert client.get(reverse("admin:index")).status_code == 302  # not logged in yet
    wrong = client.post(response["Location"], {"code": "000000"})
    assert wrong.status_code == 200
    # The clock held still: a code is valid for one 30-second step.
    with time_machine.travel(timezone.now(), tick=False):
        code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
        done = client.post(response["Location"], {"code": code})
    assert done.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_photo_admin_offers_only_the_recorded_way_to_see_the_picture(client, customer_photo):
    reviewer = staff_member("administrator", "admin2@example.org")
    client.force_login(reviewer)
    page = client.get(reverse("admin:studio_photo_change", args=[customer_photo.id])).content
    page = page.decode()
    assert reverse("customer_content", args=[customer_photo.id]) in page
    assert "data:image/jpeg" not in page and not ContentAccess.objects.exists()
