"""Writes for the studio: accepting an upload, and making its photo with the engine."""

from __future__ import annotations

import io
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from PIL import Image

from anyidphoto.engine import InputError, annotate, make_photo
from anyidphoto.specs import UnknownDocument, load_catalog

from ..accounts.models import User
from ..operations.workers import INTERACTIVE_PRIORITY
from ..refusals import Refused
from ..vault.storage import StorageUnavailable
from .models import Photo

log = logging.getLogger(__name__)

#: What a photo that failed on our side says (not the person's input).
INTERNAL_ERROR = gettext_noop("Something went wrong on our side; please try again.")

#: The first bytes of the accepted formats.
_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF")
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif")


class UploadRefused(Refused):
    """An upload the studio will not take, with a message for the person who sent it."""

    @property
    def status(self) -> int:
        """The HTTP status that says why: 429 too many, 503 try later, else 400."""
        return {"rate-limited": 429, "unavailable": 503}.get(self.code, 400)


def _looks_like_a_picture(head: bytes) -> bool:
    if head.startswith(_SIGNATURES[:2]):
        return True
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return True
    return head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS


#: The background choices an upload may carry ("" leaves it to the document).
BACKGROUND_CHOICES = ("", "keep", "replace")


def photo_create(
    *,
    user: User,
    document: str,
    data: bytes,
    too_large: bool = False,
    background: str = "",
    watched: bool = False,
) -> Photo:
    """Store an upload (sealed) and queue its processing; raises :class:`UploadRefused`.

    ``watched``: a person waits on the studio's page for this photo, so it is
    queued as interactive: a worker takes it at once, before and beside the
    uploads of programs (the API's), which poll at their own pace.

    Refused before anything is stored: an unknown document, an empty or
    oversized file, a file that is not a JPEG, PNG, WebP or HEIC picture, a
    background choice other than ``""`` (the document's preference), ``keep``
    or ``replace``, and more uploads in the last hour than the studio allows.
    """
    try:
        load_catalog().get(document)
    except UnknownDocument:
        raise UploadRefused("unknown-document", _("Choose a document first.")) from None
    limit = settings.STUDIO_MAX_UPLOAD_BYTES
    if too_large or len(data) > limit:
        raise UploadRefused(
            "too-large",
            _("The file is larger than the %(limit)s MB the studio takes.")
            % {"limit": limit // 2**20},
        )
    if not data:
        raise UploadRefused("empty", _("The file is empty."))
    if not _looks_like_a_picture(data[:16]):
        raise UploadRefused(
            "not-a-picture",
            _("This is not a photo the studio can read: use JPEG, PNG, WebP or HEIC."),
        )
    hour_ago = timezone.now() - timedelta(hours=1)
    recent = Photo.objects.filter(owner=user, created_at__gte=hour_ago).count()
    if recent >= settings.STUDIO_UPLOADS_PER_HOUR:
        raise UploadRefused(
            "rate-limited",
            _("You have uploaded %(count)s photos in the last hour; please wait a little.")
            % {"count": recent},
        )
    if background not in BACKGROUND_CHOICES:
        raise UploadRefused(
            "bad-background", _("Choose whether to keep or to replace the background.")
        )
    photo = Photo(owner=user, document=document, background=background)
    try:
        with transaction.atomic():
            photo.upload.save("upload", ContentFile(data), save=False)
            photo.save()
            transaction.on_commit(lambda: _enqueue(photo.id, watched=watched))
    except DatabaseError:
        _drop_saved(photo.upload)  # stored, but the database did not take the row
        raise
    except StorageUnavailable as exc:
        log.warning("upload not stored: %s", exc)
        raise UploadRefused(
            "unavailable",
            _(
                "We could not store your photo just now, and kept nothing of it. "
                "Please try again in a minute."
            ),
        ) from exc
    return photo


def _enqueue(photo_id, *, watched: bool = False) -> None:
    from .tasks import process_photo

    task = process_photo.using(priority=INTERACTIVE_PRIORITY) if watched else process_photo
    task.enqueue(str(photo_id))


def photo_process(*, photo: Photo) -> Photo:
    """Make the photo with the engine and store the result and its report.

    An input the engine cannot use (no face, unreadable) ends as ``failed``
    with the engine's message; anything else unexpected is logged and ends
    as ``failed`` with a general message, so a photo never stays in progress.
    """
    Photo.objects.filter(id=photo.id, status=Photo.Status.QUEUED).update(
        status=Photo.Status.PROCESSING
    )
    try:
        with photo.upload.open("rb") as handle:
            data = handle.read()
        keep = {"keep": True, "replace": False}.get(photo.background)
        made = make_photo(data, photo.document, keep_background=keep, name="your photo")
    except InputError as exc:
        return _finish_failed(photo, exc.code, str(exc))
    except Exception:
        log.exception("photo %s for %s could not be made", photo.id, photo.document)
        return _finish_failed(photo, "internal", _(INTERNAL_ERROR))
    report = {lang: made.report.to_dict(lang) for lang in ("en", "fr")}
    overlay = _png(annotate(made.image, made.alpha, made.face, made.spec, made.canvas))
    try:
        with transaction.atomic():
            # The row is locked while the files are stored: of two runs of the same
            # photo (a worker thought lost, and the one that took its task over),
            # the second finds it made and stores nothing.
            current = Photo.objects.select_for_update().filter(id=photo.id).first()
            if current is None or current.purged_at or current.status == Photo.Status.READY:
                return current or photo  # deleted, or made meanwhile: keep nothing
            photo.result.save("photo.jpg", ContentFile(made.file.data), save=False)
            photo.template.save("template.png", ContentFile(overlay), save=False)
            photo.report = report
            photo.status = Photo.Status.READY
            photo.error_code = photo.error_message = ""  # a late run wins over "failed"
            photo.completed_at = timezone.now()
            photo.save(
                update_fields=[
                    *("result", "template", "report", "status"),
                    *("error_code", "error_message", "completed_at"),
                ]
            )
    except StorageUnavailable:
        log.warning("photo %s made but not stored: the store is unavailable", photo.id)
        _drop_saved(photo.result, photo.template)
        return _finish_failed(
            photo,
            "unavailable",
            _("We could not store your photo just now. Please upload it again in a minute."),
        )
    return photo


def _drop_saved(*field_files) -> None:
    """Delete what a failed save stored before it failed (best effort; the sweep does the rest)."""
    for field_file in field_files:
        if field_file and field_file.name:
            try:
                field_file.storage.delete(field_file.name)
            except Exception:
                log.warning("could not delete %s after a failed save", field_file.name)


def _png(rgb) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "PNG", compress_level=1)  # 5x faster, 15% larger
    return buffer.getvalue()


def photo_abandon(*, photo_id) -> int:
    """Fail a photo whose making ended without a word (its task failed outside it).

    Returns how many photos changed: 0 where it was made or failed meanwhile.
    """
    return _mark_failed(Photo.objects.filter(id=photo_id), "internal", _(INTERNAL_ERROR))


def photos_abandon_stuck(*, uploaded_before: datetime, dry_run: bool = False) -> int:
    """Fail photos still waiting or in the making, uploaded before ``uploaded_before``,
    whose task is neither queued nor running.

    The safety net under :func:`photo_abandon`: a photo whose task failed while
    the database could not be told stays "in progress"; the daily purge ends
    that. A photo still in the queue (a backlog, workers stopped for a while)
    is left to be made. Returns how many photos were (with ``dry_run``, would
    be) failed.
    """
    from .tasks import photos_with_a_pending_task

    stuck = Photo.objects.filter(created_at__lt=uploaded_before).exclude(
        id__in=photos_with_a_pending_task()
    )
    if dry_run:
        return stuck.filter(status__in=_WAITING).count()
    return _mark_failed(stuck, "internal", _(INTERNAL_ERROR))


def _finish_failed(photo: Photo, code: str, message: str) -> Photo:
    _mark_failed(Photo.objects.filter(id=photo.id), code, message)
    return Photo.objects.filter(id=photo.id).first() or photo


#: A photo not made yet, nor failed.
_WAITING = (Photo.Status.QUEUED, Photo.Status.PROCESSING)


def _mark_failed(photos, code: str, message: str) -> int:
    """Fail ``photos`` unless made or failed meanwhile (by another run of their task)."""
    return photos.filter(status__in=_WAITING).update(
        status=Photo.Status.FAILED,
        error_code=code,
        error_message=message,
        completed_at=timezone.now(),
    )


def photos_adopt(*, guest: User, user: User) -> int:
    """A visitor's photos become ``user``'s as they sign up or log in; the stand-in goes.

    Only photos never ordered can be a visitor's (ordering asks for an
    account). Their files keep their names: the stored objects are the same.
    """
    if not guest.is_guest or user.is_guest:
        raise ValueError("photos move from a visitor's stand-in to an account")
    moved = Photo.objects.filter(owner=guest).update(owner=user)
    guest.delete()
    return moved
