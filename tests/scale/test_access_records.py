"""On PostgreSQL (the production database) staff's access records cannot be deleted either,
nor changed but to erase their customer: the database's own trigger."""

from __future__ import annotations

import uuid

import pytest
from django.db import DatabaseError, connection, transaction

from anyidphoto.web.accounts.models import User
from anyidphoto.web.staff.models import ContentAccess
from anyidphoto.web.staff.services import access_record, accesses_forget_customer

pytestmark = pytest.mark.django_db


def test_an_access_record_is_never_deleted_nor_changed_on_postgresql():
    assert connection.vendor == "postgresql"
    staff = User.objects.create_user(email="looker@example.org", is_staff=True)
    customer = User.objects.create_user(email="seen@example.org")
    record = access_record(
        staff=staff, customer=customer, item_id=uuid.uuid4(), what="finished photo",
        reason="asked by the customer",
    )  # fmt: skip
    for attempt in (
        lambda: ContentAccess.objects.filter(id=record.id).delete(),
        lambda: ContentAccess.objects.filter(id=record.id).update(reason="nothing"),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    assert ContentAccess.objects.get(id=record.id).reason == "asked by the customer"
    assert accesses_forget_customer(customer_id=customer.id) == 1
