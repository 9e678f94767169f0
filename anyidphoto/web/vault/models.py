"""The data keys of sealed objects, wrapped by a master key; deleting a row shreds its object."""

from __future__ import annotations

import uuid

from django.db import models


class ObjectKey(models.Model):
    """One stored object's data key, wrapped by master key ``master_key_id``.

    The bytes on disk (or in a backup) say which row they need; without the
    row they are noise.
    """

    ref = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=255, db_index=True)
    master_key_id = models.CharField(max_length=64, db_index=True)
    wrapped = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"key of {self.name}"
