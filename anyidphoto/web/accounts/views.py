"""The account page and the language switcher."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..http import safe_next
from .forms import ProfileForm
from .services import account_update_profile


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm.for_user(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        account_update_profile(
            user=request.user,
            name=form.cleaned_data["name"],
            preferred_language=form.cleaned_data["preferred_language"],
            marketing_opt_in=form.cleaned_data["marketing_opt_in"],
        )
        translation.activate(request.user.preferred_language)
        messages.success(request, _("Saved."))
        response = redirect("accounts:profile")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            request.user.preferred_language,
            max_age=365 * 86400,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        return response
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Switch the site's language; a signed-in user's preference follows."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(safe_next(request))
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 86400,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        if request.user.is_authenticated and request.user.preferred_language != language:
            request.user.preferred_language = language
            request.user.save(update_fields=["preferred_language"])
    return response


def email_undo(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the notice mailed to an old address: put it back (after a button press).

    No sign-in is needed: the person may be locked out of their account.
    """
    from .adapter import undo_payload
    from .models import User
    from .services import address_change_undo

    payload = undo_payload(token)
    user = User.objects.filter(pk=payload["u"]).first() if payload else None
    if user is None:
        return render(request, "accounts/email_undo.html", {"state": "invalid"}, status=404)
    if request.method != "POST":
        return render(
            request, "accounts/email_undo.html", {"state": "ask", "from_email": payload["f"],
                                                  "to_email": payload["t"]},
        )  # fmt: skip
    if not address_change_undo(user=user, from_email=payload["f"], to_email=payload["t"]):
        return render(request, "accounts/email_undo.html", {"state": "stale"}, status=409)
    if request.user.is_authenticated:
        from django.contrib.auth import logout

        logout(request)
    return render(
        request, "accounts/email_undo.html", {"state": "done", "from_email": payload["f"]}
    )
