"""The studio's pages: choose a document, upload or take a photo, see it and its report."""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.csp import CSP
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods, require_POST

from anyidphoto.specs import PAPERS, load_catalog, papers_for_country

from ..http import private_response
from ..orders.selectors import photo_digital_is_paid_for
from ..payments.providers import get_provider
from ..support.review import review_can_be_asked
from ..usage import count
from . import landing, selectors
from .guests import owner_of, visitor_upload_allowed
from .models import Photo
from .previews import watermarked
from .services import UploadRefused, photo_create
from .uploads import TOO_LARGE

#: The cookie that remembers the last document chosen (an essential cookie).
LAST_DOCUMENT_COOKIE = "last_document"


def sample(request: HttpRequest, which: str) -> HttpResponse:
    """The home page's before and after (a public-domain portrait; cached a day)."""
    images = landing.sample()
    if which not in images:
        raise Http404
    response = HttpResponse(images[which], content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _language() -> str:
    return (get_language() or "en")[:2]


def home(request: HttpRequest) -> HttpResponse:
    """The document picker and, once a document is chosen, the upload form."""
    language = _language()
    query = request.GET.get("q", "").strip()
    chosen_id = request.GET.get("doc") or request.COOKIES.get(LAST_DOCUMENT_COOKIE)
    most_used = []
    if request.user.is_authenticated:
        most_used = selectors.documents_most_used(user=request.user, language=language)
        if not chosen_id:
            chosen_id = selectors.document_last_used(user=request.user)
    chosen = selectors.document_choice(doc_id=chosen_id, language=language) if chosen_id else None
    results = selectors.document_search(text=query, language=language) if query else []
    count(request, "page:home", document=chosen.id if chosen else "")
    country = landing.visitor_country(request)
    context = {
        "query": query,
        "results": results,
        "most_used": most_used,
        "chosen": chosen,
        "country_documents": (
            selectors.documents_of_country(country=country, language=language) if country else []
        ),
        "popular": selectors.documents_popular(language=language),
        "prices": landing.prices(),
        "documents_count": len(load_catalog()),
    }
    response = render(request, "studio/home.html", context)
    if chosen is not None and request.GET.get("doc"):
        response.set_cookie(
            LAST_DOCUMENT_COOKIE,
            chosen.id,
            max_age=365 * 86400,
            samesite="Lax",
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    """An upload, by an account or by a visitor trying the studio first (:mod:`.guests`)."""
    document = request.POST.get("document", "")
    handle = request.FILES.get("file")
    try:
        if not request.user.is_authenticated and not visitor_upload_allowed(request):
            raise UploadRefused(
                "rate-limited",
                _("Many photos were made from here in the last hour; please wait a little, "
                  "or create an account."),
            )  # fmt: skip
        photo = photo_create(
            user=owner_of(request, create=True),
            document=document,
            data=handle.read() if handle else b"",
            too_large=getattr(request, TOO_LARGE, False),
            background=request.POST.get("background", ""),
            watched=True,
        )
    except UploadRefused as exc:
        status = exc.status
        language = _language()
        chosen = selectors.document_choice(doc_id=document, language=language)
        context = {"chosen": chosen, "upload_error": exc.message, "query": "", "results": []}
        return render(request, "studio/home.html", context, status=status)
    count(request, "photo", document=photo.document)
    return redirect("studio:photo", photo_id=photo.id)


@csp_override({**settings.SECURE_CSP, "script-src": [CSP.SELF, CSP.WASM_UNSAFE_EVAL]})
def camera(request: HttpRequest) -> HttpResponse:
    """Take the photo with the device camera, an oval showing where the face goes, and
    live guidance from the engine's face detector running in the page.

    The detector is MediaPipe's WebAssembly runtime, from this site; this page's
    policy adds only compiling WebAssembly: scripts still come from this site alone.
    """
    language = _language()
    chosen_id = request.GET.get("doc") or request.COOKIES.get(LAST_DOCUMENT_COOKIE)
    chosen = selectors.document_choice(doc_id=chosen_id, language=language) if chosen_id else None
    if chosen is None:
        return redirect("studio:home")
    guidance = settings.TASKS_VISION_JS.is_dir()
    return render(request, "studio/camera.html", {"chosen": chosen, "guidance": guidance})


def face_model(request: HttpRequest) -> HttpResponse:
    """The engine's own face detector (MediaPipe's short-range model, Apache-2.0, from the
    mediapipe wheel) for the camera page's guidance; cached a week."""
    response = HttpResponse(_face_model_bytes(), content_type="application/octet-stream")
    response["Cache-Control"] = "public, max-age=604800"
    return response


@functools.cache
def _face_model_bytes() -> bytes:
    """The model file, read once per process."""
    import importlib.resources

    model = importlib.resources.files("mediapipe") / "modules/face_detection"
    return (model / "face_detection_short_range.tflite").read_bytes()


@login_required
def photos(request: HttpRequest) -> HttpResponse:
    items = selectors.photos_of(user=request.user)[:100]
    return render(request, "studio/photos.html", {"photos": items})


def _own_photo(request: HttpRequest, photo_id) -> Photo:
    """The signed-in user's photo, or the visitor's own (made in this session); else 404."""
    owner = owner_of(request)
    photo = selectors.photo_of(user=owner, photo_id=photo_id) if owner else None
    if photo is None:
        raise Http404
    return photo


@require_http_methods(["GET"])
def photo(request: HttpRequest, photo_id) -> HttpResponse:
    """Progress while the photo is made (a script asks for its status 4 times a second and
    shows the report the moment it is done); then the verdict first, with what to change,
    the preview and the full report, and the order form."""
    item = _own_photo(request, photo_id)
    language = _language()
    spec = load_catalog().get(item.document)
    papers = papers_for_country(spec.country) or list(PAPERS.values())
    report = item.report.get(language) or item.report.get("en")
    checks = report["checks"] if report else []
    context = {
        "photo": item,
        "document": selectors.document_choice(doc_id=item.document, language=language),
        "report": report,
        "failures": [c for c in checks if c["status"] == "fail"],
        "warnings": [c for c in checks if c["status"] == "warn"],
        "papers": papers,
        "done": item.status in (Photo.Status.READY, Photo.Status.FAILED),
        "review": getattr(item, "review", None),
        "can_review": review_can_be_asked(item),
    }
    return render(request, "studio/photo.html", context)


def photo_status(request: HttpRequest, photo_id) -> HttpResponse:
    item = _own_photo(request, photo_id)
    return JsonResponse({"id": str(item.id), "status": item.status})


def preview(request: HttpRequest, photo_id) -> HttpResponse:
    """The finished photo: watermarked until paid where the provider takes payment."""
    item = _own_photo(request, photo_id)
    if item.status != Photo.Status.READY or item.purged_at:
        raise Http404
    return _picture(item, item.result, "image/jpeg")


def template(request: HttpRequest, photo_id) -> HttpResponse:
    """The photo with the document's template drawn over it (watermarked the same way)."""
    item = _own_photo(request, photo_id)
    if item.status != Photo.Status.READY or not item.template or item.purged_at:
        raise Http404
    return _picture(item, item.template, "image/png")


def _picture(item: Photo, stored, content_type: str) -> HttpResponse:
    """One of a made photo's pictures as it is, or, until it is paid for where the provider
    takes payment, watermarked (a JPEG)."""
    with stored.open("rb") as handle:
        data = handle.read()
    if get_provider().requires_payment and not photo_digital_is_paid_for(photo=item):
        return private_response(watermarked(data), "image/jpeg")
    return private_response(data, content_type)
