"""An upload handler that keeps files in memory and drops any over the studio's limit.

Django's default handlers write a large upload to a temporary file, which
here would be a photo in plaintext on disk before it is sealed. This one
never does: past ``STUDIO_MAX_UPLOAD_BYTES`` the file is skipped as it
arrives and the request is marked, so the view can say why.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

#: Set on the request when a file was dropped for its size.
TOO_LARGE = "studio_upload_too_large"


class MemoryOnlyUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.size = 0

    def receive_data_chunk(self, raw_data, start):
        self.size += len(raw_data)
        if self.size > settings.STUDIO_MAX_UPLOAD_BYTES:
            setattr(self.request, TOO_LARGE, True)
            self.buffer = io.BytesIO()
            raise SkipFile
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
