"""A request's body bounded as a whole, before anything parses it.

Django bounds a form's fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``) and the
number of files (``DATA_UPLOAD_MAX_NUMBER_FILES``), and the studio's upload
handler drops any one file past the upload limit; but a request of many
files each under it (six 20 MB attachments to a form whose CSRF check then
fails) would still be read into memory. This middleware, first in line,
refuses a body larger than ``REQUEST_MAX_BYTES`` from its Content-Length,
before the CSRF check or a view reads a byte of it, with the same kind of
message the upload limit gives. A request without a Content-Length is read
as empty by Django's WSGI handler, so it cannot slip past.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _


class RequestLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            return _too_large(request)
        return self.get_response(request)


def _too_large(request: HttpRequest) -> HttpResponse:
    from .operations.views import error_response

    limit = settings.REQUEST_MAX_BYTES // (1024 * 1024)
    with translation.override(translation.get_language_from_request(request)):
        message = _("The request is larger than the %(limit)s MB the studio takes.") % {
            "limit": limit
        }
        response = error_response(request, message, 413)
    # The body is not read: the connection cannot carry another request after it.
    response["Connection"] = "close"
    return response
