"""Background work of the studio, run by the task worker (``manage.py db_worker``)."""

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
    return photo_process(photo=photo).status
