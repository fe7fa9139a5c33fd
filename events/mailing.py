"""How the events app hands emails to the platform's pipeline (`cop.mail`).

Every email is rendered by `cop.mail` in the member's language and time zone,
stored as an `OutboundEmail` row in the caller's transaction and sent in
batches by `cop.send_emails` after commit.
"""

from django.utils import translation

from cop.mail import Recipient, send_templated_email, send_templated_emails, wants_email
from cop.models import OutboundEmail


def send_to_member(
    *, template: str, member, context: dict, attachments=None
) -> OutboundEmail | None:
    """One email to one member (an account email about their seat: no unsubscribe scope)."""
    return send_templated_email(
        template=template, user=member, context=context, attachments=attachments
    )


def send_to_members(
    *, template: str, recipients, context, attachments=None, unsubscribe=None, not_after=None
) -> dict[int, int]:
    """The same email to many members, each in their own language and time zone.

    `recipients` is a list of (member, extra context); `attachments(language)`
    gives the attachments in a language (built once per language). Members who
    turned off `unsubscribe` are left out. Returns {member id: email id}.
    """
    by_language: dict[str, list] = {}
    kept, items = [], []
    for member, extra in recipients:
        if not wants_email(member, unsubscribe):
            continue
        language = member.preferred_language
        if attachments is not None and language not in by_language:
            with translation.override(language):
                by_language[language] = attachments(language)
        kept.append(member)
        items.append(Recipient(user=member, context=extra, attachments=by_language.get(language)))
    rows = send_templated_emails(
        template=template,
        recipients=items,
        context=context,
        unsubscribe=unsubscribe,
        not_after=not_after,
    )
    return {member.pk: row.pk for member, row in zip(kept, rows, strict=True)}
