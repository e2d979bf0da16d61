"""An upload handler that stops keeping a file once it passes the largest upload the
desk accepts (docs/EVIDENCE.md, "Uploads").

Django writes every uploaded file to memory or a temporary file before a view runs,
whatever its size. This handler runs first: past the limit it passes no more of the
file to the handlers after it (the rest of the body is read and dropped, never kept),
and the file arrives as an `OversizedUpload` whose size says how much was received,
so the form or service that checks sizes refuses it with its own message.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


def largest_upload() -> int:
    """The most bytes any upload of the desk may have (an article or evidence)."""
    return max(settings.FACTCHECK_MAX_UPLOAD_BYTES, settings.FACTCHECK_UPLOAD_MAX_BYTES)


class OversizedUpload(UploadedFile):
    """A file that was larger than any upload the desk keeps: its name and the bytes
    received (more than the limit), no content."""

    def __init__(self, name: str, received: int, content_type: str = ""):
        super().__init__(None, name, content_type, received)

    def chunks(self, chunk_size=None):
        # Whoever reads it past its size check gets the size, never bytes.
        yield b"\0" * (self.size or 0)

    def read(self, *args, **kwargs) -> bytes:
        return b"\0" * (self.size or 0)

    def open(self, mode=None):
        return self

    def close(self):
        return None


class BoundedUploadHandler(FileUploadHandler):
    """The first upload handler (FILE_UPLOAD_HANDLERS): keeps no file past
    `largest_upload()` bytes."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.limit = largest_upload()
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            return None  # the handlers after this one never see the rest
        return raw_data

    def file_complete(self, file_size):
        if self.received > self.limit:
            return OversizedUpload(self.file_name, self.received, self.content_type)
        return None
