"""Background work of the studio, run by the task worker (``manage.py worker``)."""

from __future__ import annotations

from django.tasks import task

from .models import Photo
from .services import photo_process


@task()
def process_photo(photo_id: str) -> str:
    """Make photo ``photo_id``; returns its final status."""
    photo = Photo.objects.filter(id=photo_id).first()
    if photo is None:  # deleted while it waited
        return "gone"
    if photo.status in {Photo.Status.READY, Photo.Status.FAILED}:
        # Run again after its worker died between finishing and saying so: made once only.
        return photo.status
    return photo_process(photo=photo).status
