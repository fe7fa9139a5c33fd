"""Uploaded files are stored only up to the limits: past them the bytes are dropped, not spooled.

`RequestBodyLimitMiddleware` refuses a body whose declared length is too large.
This handler covers what a declared length cannot: one file larger than
`COP_UPLOAD_MAX_BYTES` inside an acceptable body, and bodies sent without a
length. Once a file (or the files together) pass the limit, the handlers after
this one receive nothing more, and the file reaches the form as an
`OversizedUpload` of its real size, which the form refuses with its usual
message ("… is too large").

What may be kept is decided from the file's bytes, never its name
(`validate_upload`, used by every form and model that takes a file), and a
stored file goes back to a reader only through `download_response`: under a
name whose extension matches its checked type, with no sniffing and no script.
"""

import io
import uuid
from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from cop.text import single_line


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


ALLOWED_TYPES = {
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
}
# The extensions a file of each type may be saved under; the first is the usual one.
EXTENSIONS = {
    "application/pdf": ("pdf",),
    "application/msword": ("doc", "dot"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.ms-excel": ("xls",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "application/vnd.ms-powerpoint": ("ppt", "pps"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("pptx",),
    "application/vnd.oasis.opendocument.text": ("odt",),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods",),
    "application/vnd.oasis.opendocument.presentation": ("odp",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/gif": ("gif",),
    "image/webp": ("webp",),
}
MAX_FILES = settings.COP_UPLOAD_MAX_FILES
HEADER_BYTES = 8192


@deconstructible
class RandomName:
    """`upload_to` that stores each file in `folder` under a random name.

    The stored name never comes from the uploader: no traversal, no executable
    names. The name a reader downloads under is `download_name`'s.
    """

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        return f"{self.folder}/{uuid.uuid4().hex}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder


def sniff_type(file) -> str | None:
    """The content type `file`'s first bytes show, if it is one we accept."""
    file.seek(0)
    head = file.read(HEADER_BYTES)
    file.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind is not None and kind.mime in ALLOWED_TYPES else None


def validate_upload(upload) -> str:
    """The content type of an acceptable upload; `ValidationError` for anything else."""
    if upload.size > settings.COP_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("%(name)s is too large: the limit is %(limit)s.")
            % {"name": upload.name, "limit": filesizeformat(settings.COP_UPLOAD_MAX_BYTES)},
            code="too_large",
        )
    content_type = sniff_type(upload)
    if content_type is None:
        raise ValidationError(
            _("%(name)s is not a PDF, Office document or image.") % {"name": upload.name},
            code="file_type",
        )
    return content_type


def download_name(name: str, content_type: str) -> str:
    """The name a file is offered under: no control or bidi characters, and an extension
    that matches its checked content.

    A PDF uploaded as `minutes.hta`, or as `minutes\u202efdp.exe` (which displays as
    "minutesexe.pdf"), must not reach a reader's disk as something their system runs.
    """
    name = single_line(PurePosixPath((name or "").replace("\\", "/")).name).strip(" .")
    extensions = EXTENSIONS[content_type]
    stem, dot, extension = name.rpartition(".")
    if not (dot and stem and extension.lower() in extensions):
        name = f"{name or 'file'}.{extensions[0]}"
    return name[-200:]


def download_response(file, *, name: str, content_type: str = "") -> FileResponse:
    """A stored file (a `FieldFile`) as an attachment readers can open safely.

    The type is the one checked on upload, or sniffed again from the bytes for
    files stored before the check; the name is cleaned and its extension made to
    match; the browser may neither guess another type nor run anything in it.
    """
    handle = file.open("rb")
    if content_type not in EXTENSIONS:
        content_type = sniff_type(handle) or ""
    if content_type:
        filename = download_name(name, content_type)
    else:
        content_type = "application/octet-stream"
        filename = f"{single_line(PurePosixPath(name or 'file').name)[:190] or 'file'}.bin"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
