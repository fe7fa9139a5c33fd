"""Uploaded files are stored only up to the limits: past them the bytes are dropped, not spooled.

`RequestBodyLimitMiddleware` refuses a body whose declared length is too large.
This handler covers what a declared length cannot: one file larger than
`COP_UPLOAD_MAX_BYTES` inside an acceptable body, and bodies sent without a
length. Once a file (or the files together) pass the limit, the handlers after
this one receive nothing more, and the file reaches the form as an
`OversizedUpload` of its real size, which the form refuses with its usual
message ("… is too large").
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class OversizedUpload(UploadedFile):
    """A file that was too large to keep: its name and size, none of its content."""

    def __init__(self, *, name, size, content_type, charset=None):
        super().__init__(io.BytesIO(b""), name, content_type, size, charset)


class UploadLimitHandler(FileUploadHandler):
    """First of `FILE_UPLOAD_HANDLERS`: counts each file's bytes and the request's."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file_received = 0
        self.oversized = False

    def receive_data_chunk(self, raw_data, start):
        self.file_received += len(raw_data)
        self.received += len(raw_data)
        if (
            self.file_received > settings.COP_UPLOAD_MAX_BYTES
            or self.received > settings.COP_REQUEST_MAX_BYTES
        ):
            self.oversized = True
        # None: the handlers after this one (memory, temporary file) get nothing more.
        return None if self.oversized else raw_data

    def file_complete(self, file_size):
        if not self.oversized:
            return None  # the storing handler returns the file
        return OversizedUpload(
            name=self.file_name,
            size=self.file_received,
            content_type=self.content_type,
            charset=self.charset,
        )
