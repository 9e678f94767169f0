"""Background work of the studio, run by the task worker (``manage.py worker``)."""

from __future__ import annotations

from django.tasks import task

from ..operations.queue import pending_args
from ..operations.workers import when_failed
from .models import Photo
from .services import photo_abandon, photo_process


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


def photos_with_a_pending_task() -> set[str]:
    """Ids of the photos whose making waits in the database queue or runs now."""
    return {str(args[0]) for args in pending_args(process_photo) if args}


@when_failed(process_photo)
def _photo_task_failed(photo_id: str) -> None:
    """A photo whose task failed (raised, or lost its workers) says so, never waits for ever."""
    photo_abandon(photo_id=photo_id)
