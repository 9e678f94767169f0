"""The one way staff see a customer's photo: with a reason, recorded."""

from __future__ import annotations

import base64

from django import forms
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from ..studio.models import Photo
from ..studio.selectors import as_uuid
from .services import access_record


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why do you need to see this customer's photo?"),
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@staff_member_required
def customer_content(request: HttpRequest, photo_id) -> HttpResponse:
    """Ask for a reason, record the access, then show the photo (only in this response)."""
    if not request.user.has_perm("staff.view_customer_content"):
        raise PermissionDenied
    key = as_uuid(photo_id)
    photo = Photo.objects.select_related("owner").filter(id=key).first() if key else None
    if photo is None or photo.purged_at or not photo.result:
        raise Http404
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        access_record(
            staff=request.user,
            customer=photo.owner,
            item_id=photo.id,
            what="finished photo",
            reason=form.cleaned_data["reason"],
        )
        with photo.result.open("rb") as handle:
            inline = base64.b64encode(handle.read()).decode()
        response = render(
            request, "staff/content.html", {"photo": photo, "image": inline, "form": None}
        )
        response["Cache-Control"] = "private, no-store"
        return response
    return render(request, "staff/content.html", {"photo": photo, "form": form})
