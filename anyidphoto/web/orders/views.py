"""Placing an order, the order history, and the downloads an order opens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..http import private_response
from ..studio import selectors as photo_selectors
from ..usage import count
from . import selectors
from .services import OrderRefused, order_create, order_send_to_partner, order_sheet_pdf


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    photo = photo_selectors.photo_of(user=request.user, photo_id=request.POST.get("photo"))
    if photo is None:
        raise Http404
    try:
        order, checkout = order_create(
            user=request.user,
            photo=photo,
            kind=request.POST.get("kind", ""),
            paper=request.POST.get("paper", ""),
            success_url=request.build_absolute_uri(reverse("orders:list")),
            cancel_url=request.build_absolute_uri(reverse("studio:photo", args=[photo.id])),
            accept_failures=request.POST.get("accept_failures") == "on",
        )
    except OrderRefused as exc:
        if exc.code == "fails":  # back to the photo, where the box is
            messages.error(request, exc.message)
            return redirect(reverse("studio:photo", args=[photo.id]) + "#order")
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    count(request, "order", document=photo.document)
    if checkout.redirect_url:
        return redirect(checkout.redirect_url)
    return redirect("orders:detail", order_id=order.id)


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    return render(request, "orders/list.html", {"orders": selectors.orders_of(user=request.user)})


def _own_order(request: HttpRequest, order_id):
    order = selectors.order_of(user=request.user, order_id=order_id)
    if order is None:
        raise Http404
    return order


@login_required
def detail(request: HttpRequest, order_id) -> HttpResponse:
    from .partners import partners

    context = {"order": _own_order(request, order_id), "partners": list(partners().values())}
    return render(request, "orders/detail.html", context)


@login_required
def download_photo(request: HttpRequest, order_id) -> HttpResponse:
    order = _own_order(request, order_id)
    if not (order.is_paid and order.includes_digital) or order.photo.purged_at:
        raise Http404
    with order.photo.result.open("rb") as handle:
        data = handle.read()
    name = (
        f"{order.photo.document}-{order.photo.report['en']['output']['width_px']}x"
        f"{order.photo.report['en']['output']['height_px']}.jpg"
    )
    return private_response(data, "image/jpeg", filename=name)


@login_required
def download_sheet(request: HttpRequest, order_id) -> HttpResponse:
    order = _own_order(request, order_id)
    if not (order.is_paid and order.includes_sheet) or order.photo.purged_at:
        raise Http404
    data = order_sheet_pdf(order=order)
    return private_response(
        data, "application/pdf", filename=f"{order.photo.document}-sheet-{order.paper}.pdf"
    )


@login_required
@require_POST
def send_to_partner(request: HttpRequest, order_id) -> HttpResponse:
    order = _own_order(request, order_id)
    try:
        order_send_to_partner(
            user=request.user, order=order, partner_name=request.POST.get("partner", "")
        )
    except OrderRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Sent. It is listed below."))
    return redirect("orders:detail", order_id=order.id)
