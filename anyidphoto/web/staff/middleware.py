"""Staff pages need two-factor authentication (TOTP) on the account that opens them."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _


class StaffTwoFactorMiddleware:
    """Send a staff member without an authenticator app to set one up first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and request.path_info.startswith("/" + settings.ADMIN_PATH)
        ):
            from allauth.mfa.utils import is_mfa_enabled

            if not is_mfa_enabled(user, ["totp"]):
                messages.warning(
                    request, _("Staff pages need an authenticator app: set one up first.")
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
