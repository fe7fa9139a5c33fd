"""Who may see what of the platform's own records (outgoing emails)."""

from .models import OutboundEmail

EMAIL_BODY_PERMISSION = "cop.view_email_body"


def can_read_email_content(user, email: OutboundEmail) -> bool:
    """The content (parts, headers, attachments) of an outgoing email.

    Never for a sensitive email (reset and confirmation links), not even for
    a superuser; otherwise only with the dedicated permission, which the
    Facilitators group does not hold by default.
    """
    return (
        not email.sensitive
        and user.is_active
        and user.is_staff
        and user.has_perm(EMAIL_BODY_PERMISSION)
    )
