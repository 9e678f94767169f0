"""A request's body bounded as a whole, before anything parses it.

Django bounds a form's fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``) and the
number of files (``DATA_UPLOAD_MAX_NUMBER_FILES``), and the studio's upload
handler drops any one file past the upload limit; but a request of many
files each under it (six 20 MB attachments to a form whose CSRF check then
fails) would still be read into memory. This middleware, first in line,
refuses a body larger than ``REQUEST_MAX_BYTES`` from its Content-Length,
before the CSRF check or a view parses it, with the same kind of message
the upload limit gives; the body is read away in small chunks and kept
nowhere. A request without a Content-Length is read
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
            _discard(request)
            return _too_large(request)
        return self.get_response(request)


#: Bytes read at a time from a refused body.
_CHUNK = 64 * 1024


def _discard(request: HttpRequest) -> None:
    """Read the refused body away a chunk at a time, keeping none of it.

    A server that keeps the connection open reads what the application
    left unread before the next request, and Django's own development
    server does it in a single read, which would hold the whole body in
    memory; drained here, no more than a chunk is ever held.
    """
    while request.read(_CHUNK):
        pass


def _too_large(request: HttpRequest) -> HttpResponse:
    from .operations.views import error_response

    # The user's own limit is the upload's: a photo (or a message's files) up to it passes.
    limit = settings.STUDIO_MAX_UPLOAD_BYTES // (1024 * 1024)
    with translation.override(translation.get_language_from_request(request)):
        message = _("The request is larger than the %(limit)s MB the studio takes.") % {
            "limit": limit
        }
        return error_response(request, message, 413)
