"""An upload handler that keeps the whole file in memory, up to the import's size limit, and no further.

Django writes uploads above 2.5 MB to a temporary file on disk; a file the privacy guard refuses must not
touch the disk at all, so the import page uses this handler instead. A file above ``IMPORT_MAX_BYTES``
(``imports.limits``) is skipped: when the request's Content-Length already says so, from its first byte
on; otherwise as soon as the limit is passed. Nothing of a skipped file is kept.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import MemoryFileUploadHandler, SkipFile

from imports import limits

MULTIPART_OVERHEAD = 64 * 1024
"""Room for the form's other fields and the multipart boundaries in the request's Content-Length."""


class InMemoryUploadHandler(MemoryFileUploadHandler):
    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, boundary: Any, encoding: Any = None
    ) -> None:
        self.activated = True
        self.received = 0
        self.max_bytes = limits.current().max_bytes
        self.too_large = bool(content_length) and content_length > self.max_bytes + MULTIPART_OVERHEAD

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        if self.too_large:
            setattr(self.request, "import_upload_too_large", True)  # noqa: B010 (read by views.index)
            raise SkipFile
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            setattr(self.request, "import_upload_too_large", True)  # noqa: B010 (read by views.index)
            raise SkipFile
        return super().receive_data_chunk(raw_data, start)
