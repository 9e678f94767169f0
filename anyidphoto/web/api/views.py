"""The REST API for partners and the mobile web, published as OpenAPI at /api/docs.

Every endpoint acts for the token's owner through the same services and
selectors as the studio's pages; another user's photo answers 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from ninja import File, Form, NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError
from ninja.files import UploadedFile
from ninja.responses import Status
from ninja.security import HttpBearer

from ..http import private_response
from ..orders.selectors import photo_digital_is_paid_for
from ..studio import selectors
from ..studio.models import Photo
from ..studio.services import UploadRefused, photo_create
from ..studio.uploads import TOO_LARGE
from .models import DEFAULT_DAYS, LIFETIMES_DAYS, ApiToken, token_digest


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``, a token made on the account page."""

    def authenticate(self, request: HttpRequest, token: str):
        now = timezone.now()
        row = (
            ApiToken.objects.select_related("owner")
            .filter(digest=token_digest(token), expires_at__gt=now)
            .first()
        )
        if row is None or not row.owner.is_active:
            return None
        ApiToken.objects.filter(id=row.id).update(last_used_at=now)
        request.user = row.owner
        request.api_scope = row.scope
        return row.owner


def _may_write(request) -> None:
    """Refuse, 403, a token that may only read."""
    if getattr(request, "api_scope", None) != ApiToken.Scope.WRITE:
        raise HttpError(403, "This token may only read; make one that may read and write.")


api = NinjaAPI(
    title="AnyIDPhoto API",
    version="1",
    description="Passport, visa and ID photos made to each document's rules, with their report.",
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
)


class PhotoCreated(Schema):
    id: str
    status: str


class PhotoOut(Schema):
    id: str
    document: str
    status: str
    created_at: str
    completed_at: str | None
    error: str | None
    report: dict | None


class DocumentOut(Schema):
    id: str
    name: str
    country: str
    size: str


class ErrorOut(Schema):
    detail: str


#: Answers every operation may give besides its own.
REFUSALS = {400: ErrorOut, 401: ErrorOut}


@api.exception_handler(ValidationError)
def _invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A request the description does not allow: 400 and what was wrong, as every refusal."""
    reasons = []
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "request"
        reasons.append(f"{where}: {error.get('msg', 'invalid')}")
    return api.create_response(request, {"detail": "; ".join(reasons)[:500]}, status=400)


def _photo(request, photo_id) -> Photo:
    photo = selectors.photo_of(user=request.auth, photo_id=photo_id)
    if photo is None:
        raise HttpError(404, "Not Found")
    return photo


@api.post(
    "/v1/photos",
    response={201: PhotoCreated, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut,
              503: ErrorOut},
)  # fmt: skip
def create_photo(
    request,
    document: Form[str],
    file: File[UploadedFile | None] = None,
    background: Form[str] = "",
):
    """Upload a portrait for a document; it is made in the background.

    ``background``: ``keep`` the photo's own (its brightness evened out),
    ``replace`` it, or empty for the document's preference (kept where the
    authority refuses a replaced background). Needs a token that may write.
    """
    _may_write(request)
    try:
        photo = photo_create(
            user=request.auth,
            document=document,
            data=file.read() if file is not None else b"",
            too_large=getattr(request, TOO_LARGE, False),
            background=background,
        )
    except UploadRefused as exc:
        return Status(exc.status, {"detail": exc.message})
    return Status(201, {"id": str(photo.id), "status": photo.status})


@api.get("/v1/photos/{photo_id}", response={200: PhotoOut, **REFUSALS, 404: ErrorOut})
def get_photo(request, photo_id: str, lang: str = "en"):
    """The photo's status and, once made, the engine's report (``lang``: en or fr)."""
    photo = _photo(request, photo_id)
    report = (photo.report.get(lang) or photo.report.get("en")) if photo.report else None
    return {
        "id": str(photo.id),
        "document": photo.document,
        "status": photo.status,
        "created_at": photo.created_at.isoformat(),
        "completed_at": photo.completed_at.isoformat() if photo.completed_at else None,
        "error": photo.error_message or None,
        "report": report,
    }


@api.get("/v1/photos/{photo_id}/image", response={**REFUSALS, 404: ErrorOut})
def get_photo_image(request, photo_id: str):
    """The finished JPEG, once a paid order for the digital photo covers it."""
    photo = _photo(request, photo_id)
    ready = photo.status == Photo.Status.READY and not photo.purged_at
    if not ready or not photo_digital_is_paid_for(photo=photo):
        raise HttpError(404, "Not Found")
    with photo.result.open("rb") as handle:
        return private_response(handle.read(), "image/jpeg")


@api.get("/v1/documents", response={200: list[DocumentOut], 400: ErrorOut}, auth=None)
def list_documents(request, q: str = "", lang: str = "en"):
    """The document catalogue, or the documents matching every word of ``q``."""
    language = lang if lang in ("en", "fr") else "en"
    return [c.__dict__ for c in selectors.document_search(text=q, language=language, limit=1000)]


# ---------------------------------------------------------------- the account page's part


@login_required
def tokens_page(request: HttpRequest) -> HttpResponse:
    """List the user's API tokens, make one (shown once, with its end) or revoke one."""
    shown = made = None
    if request.method == "POST":
        if request.POST.get("revoke"):
            revoke = request.POST["revoke"]
            if revoke.isdigit():
                ApiToken.objects.filter(owner=request.user, id=int(revoke)).delete()
        else:
            scope = request.POST.get("scope", ApiToken.Scope.READ)
            days = request.POST.get("days", "")
            days = int(days) if days.isdigit() else DEFAULT_DAYS
            if scope in ApiToken.Scope.values and days in LIFETIMES_DAYS:
                made, shown = ApiToken.issue(
                    owner=request.user, name=request.POST.get("name", "")[:100], scope=scope,
                    days=days,
                )  # fmt: skip
    tokens = ApiToken.objects.filter(owner=request.user).order_by("-created_at")
    return render(
        request,
        "api/tokens.html",
        {"tokens": tokens, "shown": shown, "made": made, "now": timezone.now(),
         "scopes": ApiToken.Scope.choices, "lifetimes": LIFETIMES_DAYS,
         "default_days": DEFAULT_DAYS},
    )  # fmt: skip
