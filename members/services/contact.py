"""Writing to the facilitators from the site (the 403, verification and members-only pages)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cop.mail import send_templated_emails

from .. import permissions
from ..models import User

# Kept for the email only (nothing else stores the message): enough for a real question.
CONTACT_MESSAGE_MAX_LENGTH = 4000


def facilitators_to_contact():
    """The facilitators who receive messages from the contact form (superusers do not)."""
    return (
        User.objects.filter(permissions.facilitators_q())
        .filter(is_superuser=False)
        .exclude(email="")
        .order_by("pk")
    )


@transaction.atomic
def facilitators_contact(*, name: str, email: str, message: str, sender=None, page: str = ""):
    """Email `message` to every facilitator, each in their own language and time zone.

    `sender` is the signed-in person, if any (their account is named in the
    email and their address is the one replied to); a visitor gives `name` and
    `email`. The email goes through the platform's pipeline (queued after
    commit, retried); replies go to the sender. Returns the queued rows.
    """
    message = (message or "").strip()
    if not message:
        raise ValidationError(_("Write your message."))
    if len(message) > CONTACT_MESSAGE_MAX_LENGTH:
        raise ValidationError(_("Your message is too long."))
    recipients = list(facilitators_to_contact())
    if not recipients:
        raise ValidationError(
            _("No facilitator can be reached through the site right now. Please try again later.")
        )
    rows = send_templated_emails(
        template="members/email/contact",
        recipients=recipients,
        context={
            "sender_name": name,
            "sender_email": email,
            "sender": sender,
            "message": message,
            "page": page,
        },
    )
    for row in rows:
        # The facilitator's "reply" answers the person who wrote (an address the form validated).
        row.headers = {**row.headers, "Reply-To": email}
    if rows:
        type(rows[0]).objects.bulk_update(rows, ["headers"])
    return rows
