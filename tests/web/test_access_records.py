"""Staff's access records are append-only in the database too: no update past ``save()``'s
guard changes one, but for the erasure of its customer (on PostgreSQL, no delete either:
``tests/scale/test_access_records.py``)."""

from __future__ import annotations

import uuid

import pytest
from django.db import DatabaseError, transaction

from anyidphoto.web.staff.models import ContentAccess
from anyidphoto.web.staff.services import ERASED, access_record, accesses_forget_customer

from .conftest import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(user):
    staff = make_staff("support agent", "auditor@example.org")
    return access_record(
        staff=staff, customer=user, item_id=uuid.uuid4(), what="finished photo",
        reason="the customer asked why the photo was refused",
    )  # fmt: skip


@pytest.mark.parametrize(
    "change",
    [
        {"reason": "nothing to see"},
        {"what": "support attachment"},
        {"customer_email": "someone@example.org"},
        {"customer_email": ERASED},  # half an erasure is a change too
    ],
)
def test_an_update_past_the_models_guard_is_refused_by_the_database(record, user, change):
    with pytest.raises(DatabaseError), transaction.atomic():
        ContentAccess.objects.filter(id=record.id).update(**change)
    record.refresh_from_db()
    assert record.reason == "the customer asked why the photo was refused"
    assert record.customer_email == user.email and record.what == "finished photo"


def test_erasing_the_customer_is_the_one_rewrite_allowed(record, user):
    assert accesses_forget_customer(customer_id=user.id) == 1
    record.refresh_from_db()
    assert (record.customer_email, record.customer_id, record.reason) == (ERASED, None, ERASED)
    assert record.what == "finished photo" and record.staff.email == "auditor@example.org"


def test_every_look_is_recorded_through_the_staff_service_only():
    """No app writes ContentAccess rows itself (the service is the one writer)."""
    from pathlib import Path

    import anyidphoto.web as web

    writers = [
        path.relative_to(Path(web.__file__).parent).as_posix()
        for path in Path(web.__file__).parent.rglob("*.py")
        if "ContentAccess.objects.create" in path.read_text(encoding="utf-8")
    ]
    assert writers == ["staff/services.py"]
