"""What may be attached to a post: checked from the file's bytes, never its name."""

from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from cop.text import single_line

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


def validate_upload(upload) -> str:
    """The content type of an acceptable upload; `ValidationError` for anything else."""
    if upload.size > settings.COP_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("%(name)s is too large: the limit is %(limit)s.")
            % {"name": upload.name, "limit": filesizeformat(settings.COP_UPLOAD_MAX_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(HEADER_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("%(name)s is not a PDF, Office document or image.") % {"name": upload.name},
            code="file_type",
        )
    return kind.mime


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
