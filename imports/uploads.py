"""An upload handler that keeps the whole file in memory, whatever its size (up to the import's limit).

Django writes uploads above 2.5 MB to a temporary file on disk; a file the privacy guard refuses must not
touch the disk at all, so the import page uses this handler instead.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import MemoryFileUploadHandler, SkipFile

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class InMemoryUploadHandler(MemoryFileUploadHandler):
    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, boundary: Any, encoding: Any = None
    ) -> None:
        self.activated = True
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > MAX_UPLOAD_BYTES:
            self.request.import_upload_too_large = True  # type: ignore[attr-defined]
            raise SkipFile
        return super().receive_data_chunk(raw_data, start)
