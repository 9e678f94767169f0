"""The account's privacy area: download my data, delete a photo's files, delete my account."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..http import private_response, safe_next
from ..staff.models import ContentAccess
from ..studio.selectors import as_uuid, photo_of
from .consent import ESSENTIAL_COOKIES, consent_record, current
from .marketing import marketing_opt_out, user_for_token
from .models import DataExport, PolicyVersion
from .policies import current_version, policy_acknowledge
from .rights import ExportRefused, account_erase, export_request, photo_erase


@login_required
def data(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            export_request(user=request.user)
        except ExportRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request, _("We are preparing your data; a mail will say when it is ready.")
            )
        return redirect("privacy:data")
    exports = DataExport.objects.filter(owner=request.user)[:5]
    return render(request, "privacy/data.html", {"exports": exports, "now": timezone.now()})


@login_required
def export_download(request: HttpRequest, export_id) -> HttpResponse:
    key = as_uuid(export_id)
    export = DataExport.objects.filter(owner=request.user, id=key).first() if key else None
    ready = export is not None and export.status == DataExport.Status.READY and export.archive
    if not ready or (export.expires_at and export.expires_at < timezone.now()):
        raise Http404
    with export.archive.open("rb") as handle:
        return private_response(handle.read(), "application/zip", filename="anyidphoto-my-data.zip")


@login_required
@require_POST
def photo_delete(request: HttpRequest, photo_id) -> HttpResponse:
    photo = photo_of(user=request.user, photo_id=photo_id)
    if photo is None:
        raise Http404
    photo_erase(user=request.user, photo=photo)
    messages.success(request, _("The photo's files are deleted."))
    return redirect("studio:photo", photo_id=photo.id)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("Your password"), widget=forms.PasswordInput)
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that my photos, orders and account will be deleted."),
        required=True,
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    """Delete the account after the password is given again (re-authentication)."""
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        if ContentAccess.objects.filter(staff=user).exists():
            form.add_error(None, _("A staff account is closed by an administrator."))
            return render(request, "privacy/delete_account.html", {"form": form})
        logout(request)
        account_erase(user=user)
        messages.success(request, _("Your account and everything in it are deleted."))
        return redirect("studio:home")
    return render(request, "privacy/delete_account.html", {"form": form})


@csrf_exempt  # the signed token is the proof; mail programs POST here with no page (RFC 8058)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click from a marketing mail: GET shows a button, POST stops the mails."""
    user = user_for_token(token)
    if user is None:
        raise Http404
    if request.method == "POST":
        marketing_opt_out(user=user)
        return render(request, "privacy/unsubscribed.html", {"done": True})
    return render(request, "privacy/unsubscribed.html", {"done": False, "email": user.email})


def cookies(request: HttpRequest) -> HttpResponse:
    """The banner's buttons and the preference centre: give or withdraw consent."""
    if request.method == "POST":
        choice = request.POST.get("choice", "")
        analytics = choice == "all" or (choice == "custom" and bool(request.POST.get("analytics")))
        marketing = choice == "all" or (choice == "custom" and bool(request.POST.get("marketing")))
        response = redirect(safe_next(request))
        consent_record(request=request, response=response, analytics=analytics, marketing=marketing)
        return response
    return render(
        request,
        "privacy/cookies.html",
        {
            "choice": current(request),
            "essential": ESSENTIAL_COOKIES,
            "version": current_version("cookies"),
        },
    )


@login_required
@require_POST
def policy_acknowledge_view(request: HttpRequest, policy_id: int) -> HttpResponse:
    policy = PolicyVersion.objects.filter(id=policy_id).first()
    if policy is None:
        raise Http404
    policy_acknowledge(user=request.user, policy=policy)
    return redirect(safe_next(request))
