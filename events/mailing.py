"""How the events app hands emails to the platform's pipeline (`cop.mail`).

The only place in the app that knows the pipeline's API: every email is
rendered in the member's language and time zone, stored as an `OutboundEmail`
row in the caller's transaction and queued after commit.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

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


# Stand-ins for what differs between recipients of the same rendering; private-use
# characters come from no template or translation, and escaping leaves them alone.
NAME = "\ue000NAME\ue000"
LINK = "\ue000LINK\ue000"


class _Reader:
    """The recipient as the templates see them while one rendering serves a group."""

    display_name = NAME


def _unsubscribe_url(member, language: str) -> str:
    with translation.override(language):
        return absolute_url(reverse("members:unsubscribe", args=[unsubscribe_token(member)]))


def send_to_members(*, template: str, recipients, context, attachments=None) -> list[int]:
    """The same email to many members, each in their own language and time zone.

    `recipients` is a list of (member, extra) where `extra` holds a few hashable
    values for the template (e.g. {"seat": True}). Members who share a language,
    a zone and those values share one rendering; only their name and unsubscribe
    link differ. `attachments(language)` gives the attachments in a language.
    All rows are written in one query, in the caller's transaction; returns
    their ids in the order of `recipients`.
    """
    from cop.tasks import send_email

    renderings: dict[tuple, tuple[str, str, str]] = {}
    attachments_by_language: dict[str, list] = {}
    rows = []
    for member, extra in recipients:
        language = member.preferred_language or settings.LANGUAGE_CODE
        zone_name = member_zone(member)
        key = (language, zone_name, tuple(sorted(extra.items())))
        if key not in renderings:
            with timezone.override(zone(zone_name)):
                renderings[key] = render_email(
                    template=template,
                    context={**context, **extra, "recipient": _Reader(), "unsubscribe_url": LINK},
                    language=language,
                )
        if attachments is not None and language not in attachments_by_language:
            with translation.override(language):
                attachments_by_language[language] = attachments(language)
        subject, text, html = renderings[key]
        with translation.override(language):
            name = member.display_name
        link = _unsubscribe_url(member, language)
        rows.append(
            OutboundEmail(
                to=member.email,
                language=language,
                kind=template,
                subject=subject[:300],
                body_text=text.replace(NAME, name).replace(LINK, link),
                body_html=html.replace(NAME, escape(name)).replace(LINK, escape(link)),
                headers={
                    "List-Unsubscribe": f"<{link}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
                attachments=attachments_by_language.get(language, []),
            )
        )
    OutboundEmail.objects.bulk_create(rows)
    for row in rows:
        enqueue(send_email, row.pk)
    return [row.pk for row in rows]
