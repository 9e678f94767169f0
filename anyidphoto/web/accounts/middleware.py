"""The signed-in user's language wins over the browser's, unless they just switched."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


class PreferredLanguageMiddleware:
    """Activate ``user.preferred_language`` for signed-in users.

    Runs after Django's LocaleMiddleware (which read the language cookie or
    Accept-Language for visitors). A language chosen with the switcher sets
    the cookie and, for a signed-in user, their preference too, so both agree.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = user.preferred_language
            if language in dict(settings.LANGUAGES):
                translation.activate(language)
                request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class PrivatePagesMiddleware:
    """Every answer to a signed-in user is ``Cache-Control: private, no-store``.

    Their pages hold their photos, orders and messages: no shared cache (a
    proxy) and no browser cache (the back button on a shared computer after
    signing out) may keep them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response
