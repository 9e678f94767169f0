"""What a visitor sees when something behind the site fails: 503 for an outage, else 500.

Django calls :func:`server_error` for any exception a page did not handle.
A database or object store that does not answer is an outage: the answer is
503 with ``Retry-After``, and the page says to try again shortly. The page is
rendered without the request's context, which would need the database.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.core.exceptions import TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from ..vault.storage import StorageUnavailable
from ..vault.storage import is_outage as storage_outage

log = logging.getLogger(__name__)

RedisDown = (RedisConnectionError, RedisTimeoutError)

#: Seconds a client is asked to wait before trying again after an outage.
RETRY_AFTER = 30


def is_outage(error: BaseException | None) -> bool:
    """Whether ``error`` (or what caused it) is a database or object store not answering."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, (OperationalError, InterfaceError, StorageUnavailable, RedisDown)):
            return True
        if storage_outage(error):  # the object store down, the disk full
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    if is_outage(error):
        status = 503
        message = _("AnyIDPhoto is briefly unavailable. Please try again in a minute.")
        log.warning("503 for %s %s: %s", request.method, request.path, error)
    else:
        status = 500
        message = _("Something went wrong on our side; please try again.")
    response = error_response(request, message, status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER)
    return response


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """400: a request the studio will not read, saying why where the reason is the user's to fix."""
    if isinstance(exception, TooManyFilesSent):
        message = _("At most %(count)s files can be sent at once.") % {
            "count": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
    else:
        message = _("The studio could not read that request; please try again.")
    return error_response(request, message, 400)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """404: the studio's own page (Django's default is unstyled and in English only)."""
    return error_response(request, _("There is no page at this address."), 404)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    """403, as the 404: said in the page's language."""
    return error_response(request, _("This page is not yours to see."), 403)


def error_response(request: HttpRequest, message: str, status: int) -> HttpResponse:
    """The error page (or, for the API, ``{"detail": message}``), without the request's context."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    page = render_to_string("operations/error.html", {"message": message, "status": status})
    return HttpResponse(page, status=status)
