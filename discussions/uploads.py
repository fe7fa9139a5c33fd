"""What may be attached to a post: checked from the file's bytes, never its name."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

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
MAX_FILES = 5
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
