"""How the events app hands emails to the platform's pipeline (`cop.mail`).

The only place in the app that knows the pipeline's API: every email is
rendered in the member's language and time zone, stored as an `OutboundEmail`
row in the caller's transaction and queued after commit.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from cop.mail import absolute_url, render_email, send_templated_email, unsubscribe_token
from cop.models import OutboundEmail
from cop.queue import enqueue

from .timing import zone


def member_zone(member) -> str:
    return member.timezone or "UTC"


def send_to_member(*, template: str, member, context: dict, attachments=None) -> OutboundEmail:
    """One email to one member, rendered in their language and time zone."""
    with timezone.override(zone(member_zone(member))):
        return send_templated_email(
            template=template, user=member, context=context, attachments=attachments
        )


def _unsubscribe(member, language: str) -> tuple[str, dict]:
    with translation.override(language):
        url = absolute_url(reverse("members:unsubscribe", args=[unsubscribe_token(member)]))
    headers = {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return url, headers


def send_to_members(*, template: str, recipients, context, attachments=None) -> list[int]:
    """The same email to many members, each in their own language and time zone.

    `recipients` is a list of (member, extra context); `attachments(language)`
    gives the attachments in a language (built once per language). All rows are
    written in one query, in the caller's transaction; returns their ids.
    """
    from cop.tasks import send_email

    rows = []
    attachments_by_language = {}
    for member, extra in recipients:
        language = member.preferred_language or settings.LANGUAGE_CODE
        if attachments is not None and language not in attachments_by_language:
            with translation.override(language):
                attachments_by_language[language] = attachments(language)
        unsubscribe_url, headers = _unsubscribe(member, language)
        with timezone.override(zone(member_zone(member))):
            subject, text, html = render_email(
                template=template,
                context={
                    **context,
                    **extra,
                    "recipient": member,
                    "unsubscribe_url": unsubscribe_url,
                },
                language=language,
            )
        rows.append(
            OutboundEmail(
                to=member.email,
                language=language,
                kind=template,
                subject=subject[:300],
                body_text=text,
                body_html=html,
                headers=headers,
                attachments=attachments_by_language.get(language, []),
            )
        )
    OutboundEmail.objects.bulk_create(rows)
    for row in rows:
        enqueue(send_email, row.pk)
    return [row.pk for row in rows]
