"""How the events app hands emails to the platform's pipeline (`cop.mail`).

Every email is rendered by `cop.mail` in the member's language and time zone,
stored as an `OutboundEmail` row in the caller's transaction and sent in
batches by `cop.send_emails` after commit.
"""

from django.template.loader import render_to_string
from django.utils import timezone, translation

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


class RenderedOnce:
    """A template rendered once per language and time zone, then reused in many emails.

    For the parts of a bulk email that are the same for every recipient who
    reads in the same language and zone (the event's block in 5,000 reminders):
    `{{ part }}` in an email template prints it, rendered in the language and
    zone the pipeline has activated for that recipient.
    """

    def __init__(self, template: str, context: dict):
        self.template = template
        self.context = context
        self._done: dict[tuple[str, str], str] = {}

    def __html__(self) -> str:
        key = (translation.get_language(), timezone.get_current_timezone_name())
        if key not in self._done:
            self._done[key] = render_to_string(self.template, self.context)
        return self._done[key]

    __str__ = __html__
