"""Small response helpers every app uses the same way."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme


def private_response(
    data: bytes, content_type: str, *, filename: str | None = None
) -> HttpResponse:
    """A photo or file of one person's: never cached; a download when ``filename`` is given."""
    response = HttpResponse(data, content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def safe_next(request: HttpRequest, default: str = "/") -> str:
    """The form's ``next`` address if it stays on this site, else ``default`` (no open redirect)."""
    target = request.POST.get("next") or default
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default
