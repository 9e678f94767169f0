"""Writes on orders: placing one, marking it paid, and the files it delivers."""

from __future__ import annotations

import io
import logging

import numpy as np
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from PIL import Image

from anyidphoto.engine import SheetError, Tile, render_sheet, sheet_to_pdf
from anyidphoto.specs import UnknownPaper, get_paper, load_catalog

from ..accounts.models import User
from ..mail import service_mail, site_url
from ..payments.providers import Checkout, PaymentUnavailable, get_provider
from ..refusals import Refused
from ..studio.models import Photo
from .models import Order, PartnerSend

log = logging.getLogger(__name__)


class OrderRefused(Refused):
    """An order not placed (``fails``: the photo fails and the box was not ticked)."""


def order_create(
    *,
    user: User,
    photo: Photo,
    kind: str,
    paper: str,
    success_url: str,
    cancel_url: str,
    accept_failures: bool = False,
) -> tuple[Order, Checkout]:
    """Place an order for ``user``'s ready photo and start paying for it.

    A photo its report calls non-compliant is ordered only with
    ``accept_failures``: the buyer ticked the box that names what fails.
    The order is committed before the provider is asked (a slow payment
    service never holds the database), then gets the provider's reference.
    """
    if photo.owner_id != user.id:
        raise OrderRefused("not-found", _("No such photo."))
    if photo.status != Photo.Status.READY or photo.purged_at:
        raise OrderRefused("not-ready", _("The photo is not ready yet."))
    if photo.compliant is False and not accept_failures:
        raise OrderRefused(
            "fails",
            _("This photo breaks the document's rules: tick the box that says so to order it."),
        )
    if kind not in Order.Kind.values:
        raise OrderRefused("kind", _("Choose the digital photo, a print sheet, or both."))
    if kind != Order.Kind.DIGITAL:
        try:
            chosen = get_paper(paper)
        except UnknownPaper:
            raise OrderRefused("paper", _("Choose a paper size for the print sheet.")) from None
        spec = load_catalog().get(photo.document)
        try:
            render_sheet(
                [Tile(np.zeros((1, 1, 3), np.uint8), spec.width_mm, spec.height_mm)], chosen
            )
        except SheetError:
            raise OrderRefused("paper", _("This photo does not fit on that paper.")) from None
    else:
        paper = ""
    provider = get_provider()
    order = Order.objects.create(
        owner=user,
        photo=photo,
        kind=kind,
        paper=paper,
        amount_cents=settings.ORDER_PRICES_CENTS.get(kind, 0),
        currency=settings.ORDER_CURRENCY,
        provider=provider.name,
    )
    try:
        checkout = provider.start(order=order, success_url=success_url, cancel_url=cancel_url)
    except PaymentUnavailable:
        log.exception("payment for order %s could not start", order.id)
        Order.objects.filter(id=order.id).update(status=Order.Status.CANCELLED)
        raise OrderRefused(
            "payment-unavailable", _("Payment is not available just now; please try again.")
        ) from None
    with transaction.atomic():
        if checkout.reference:
            order.provider_reference = checkout.reference
            order.save(update_fields=["provider_reference"])
        if checkout.paid_now:
            order_mark_paid(order=order)
    return order, checkout


def order_mark_paid(*, order: Order) -> bool:
    """Mark ``order`` paid (once; a repeated call changes nothing). True if it changed.

    The first time, the payment confirmation with the order's summary is
    mailed to its owner, in their language, once the transaction commits.
    """
    changed = (
        Order.objects.filter(id=order.id)
        .exclude(status=Order.Status.PAID)
        .update(status=Order.Status.PAID, completed_at=timezone.now())
    )
    order.refresh_from_db(fields=["status", "completed_at"])
    if changed:
        # Sent by the worker: a mail server's failure never touches the payment.
        transaction.on_commit(lambda: _enqueue_confirmation(order.id), robust=True)
    return bool(changed)


def _enqueue_confirmation(order_id) -> None:
    from .tasks import send_order_confirmation

    send_order_confirmation.enqueue(str(order_id))


def order_send_confirmation(*, order_id) -> None:
    """Mail the payment confirmation of order ``order_id`` (a service mail, always sent)."""
    order = Order.objects.select_related("owner", "photo").get(id=order_id)
    user = order.owner
    with translation.override(user.preferred_language):  # names in their language
        spec = load_catalog().get(order.photo.document)
        context = {
            "document": spec.display_name(user.preferred_language),
            "kind": order.get_kind_display(),
            "paper": get_paper(order.paper).name if order.paper else "",
            "amount": f"{order.amount_cents / 100:.2f} {order.currency}",
            "order_id": order.id,
            "url": site_url(reverse("orders:detail", args=[order.id])),
        }
    service_mail(
        to=user.email, language=user.preferred_language, template="orders/email/paid",
        context=context,
    )  # fmt: skip


def order_sheet_pdf(*, order: Order) -> bytes:
    """The print sheet of ``order``'s photo on its paper, true size."""
    spec = load_catalog().get(order.photo.document)
    with order.photo.result.open("rb") as handle, Image.open(io.BytesIO(handle.read())) as im:
        pixels = np.asarray(im.convert("RGB"))
    try:
        sheet = render_sheet([Tile(pixels, spec.width_mm, spec.height_mm)], get_paper(order.paper))
    except SheetError as exc:  # refused at order time; kept for papers changed since
        raise OrderRefused("paper", str(exc)) from None
    return sheet_to_pdf(sheet)


def order_send_to_partner(*, user: User, order: Order, partner_name: str) -> PartnerSend:
    """Send ``order``'s photo to partner ``partner_name`` because its owner asked; logged."""
    from .partners import partners

    if order.owner_id != user.id:
        raise OrderRefused("not-found", _("No such order."))
    if not order.is_paid or order.photo.purged_at or not order.photo.result:
        raise OrderRefused("not-paid", _("Only a paid order's photo can be sent."))
    partner = partners().get(partner_name)
    if partner is None:
        raise OrderRefused("partner", _("Choose where to send the photo."))
    with order.photo.result.open("rb") as handle:
        reference = partner.send(order=order, jpeg=handle.read())
    return PartnerSend.objects.create(
        order=order, partner=partner.name, reference=reference, requested_by=user
    )
