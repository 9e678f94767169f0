"""Legal pages: written in English, which prevails, with a French translation."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

_TEXTS = {"en", "fr"}


def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy summary in the page's language, or in English when ``?text=en``."""
    return _legal(request, "privacy")


def terms(request: HttpRequest) -> HttpResponse:
    """The terms of service, the same way."""
    return _legal(request, "terms")


def _legal(request: HttpRequest, kind: str) -> HttpResponse:
    from .privacy.policies import current_version

    wanted = request.GET.get("text") or (get_language() or "en")[:2]
    language = wanted if wanted in _TEXTS else "en"
    context = {
        "text_language": language,
        "text_template": f"legal/{kind}_{language}.html",
        "kind": kind,
        "version": current_version(kind),
    }
    return render(request, "legal/page.html", context)
