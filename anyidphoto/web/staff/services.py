"""Writes on staff records: the access log (the only place it is written), and the admin's
own log, as a customer is erased."""

from __future__ import annotations

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q

from .models import ContentAccess

#: What stands where an erased customer was named.
ERASED = "erased"


def access_record(*, staff, customer, item_id, what: str, reason: str) -> ContentAccess:
    """Record that ``staff`` looks at ``customer``'s ``what`` (a photo, an attachment: its id
    ``item_id``) for ``reason``: before the content is shown, every time."""
    return ContentAccess.objects.create(
        staff=staff,
        customer_email=customer.email,
        customer_id=customer.id,
        photo_id=item_id,
        what=what,
        reason=reason,
    )


def accesses_forget_customer(*, customer_id: int) -> int:
    """The access records of staff looks at this customer's content, kept without naming them.

    The record of who looked, at what and when stays (it is the audit); the
    customer's address and the reason staff wrote (which often names them)
    go. Returns how many records were changed.
    """
    # ContentAccess.save() refuses changes to a record; only this erasure rewrites them.
    return ContentAccess.objects.filter(customer_id=customer_id).update(
        customer_email=ERASED, customer_id=None, reason=ERASED
    )


def admin_log_forget(*, objects: list[Model], text: str) -> int:
    """The admin log's entries about ``objects``, or whose text holds ``text``, without their text.

    The log keeps who changed what kind of record and when; the record's
    name as it was shown (an address, a subject line) goes. Returns how many
    entries were changed.
    """
    about = Q(object_repr__icontains=text) if text else Q(pk__in=[])
    for obj in objects:
        about |= Q(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
    return LogEntry.objects.filter(about).update(object_repr=ERASED)
