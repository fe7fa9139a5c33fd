"""The one way to send an email: rendered in the recipient's language, queued after commit.

    send_templated_email(template="members/email/approved", user=member, context={...})

renders `<template>_subject.txt`, `<template>.txt` and `<template>.html` (which
extends `email/base.html`, right-to-left for Arabic) inside
`translation.override(<recipient language>)`, stores an `OutboundEmail` and
queues `cop.send_email` once the transaction commits.
"""

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import OutboundEmail
from .queue import enqueue

UNSUBSCRIBE_SALT = "cop.unsubscribe"


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def unsubscribe_token(user) -> str:
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_user_id(token: str) -> int | None:
    """The user id inside a valid unsubscribe token, or None for anything else."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    user_id = data.get("u") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None


def render_email(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Subject, text and HTML of `template` in `language`."""
    with translation.override(language):
        ctx = {
            "site_url": settings.SITE_URL,
            "language": language,
            "is_rtl": translation.get_language_bidi(),
            **context,
        }
        subject = " ".join(render_to_string(f"{template}_subject.txt", ctx).split())
        text = render_to_string(f"{template}.txt", ctx).strip() + "\n"
        html = render_to_string(f"{template}.html", ctx)
    return subject, text, html


def send_templated_email(
    *,
    template: str,
    context: dict | None = None,
    user=None,
    to: str | None = None,
    language: str | None = None,
    attachments: list[dict] | None = None,
) -> OutboundEmail:
    """Render and queue one email. Give `user`, or `to` and `language`.

    Members get an unsubscribe link and a List-Unsubscribe header (RFC 8058
    one-click) that stop notifications and digests.
    """
    context = dict(context or {})
    headers = {}
    if user is not None:
        to = user.email
        language = language or user.preferred_language
        context.setdefault("recipient", user)
        with translation.override(language):
            unsubscribe = absolute_url(
                reverse("members:unsubscribe", args=[unsubscribe_token(user)])
            )
        context["unsubscribe_url"] = unsubscribe
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    if not to:
        raise ValueError("send_templated_email needs a user or an address.")
    language = language or settings.LANGUAGE_CODE
    subject, text, html = render_email(template=template, context=context, language=language)
    return _queue(
        to=to,
        language=language,
        kind=template,
        subject=subject,
        body_text=text,
        body_html=html,
        headers=headers,
        attachments=attachments or [],
    )


def queue_rendered_message(message, *, language: str, kind: str) -> OutboundEmail:
    """Queue an already rendered Django `EmailMessage` (allauth renders its own)."""
    html = ""
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html = content
    return _queue(
        to=message.to[0],
        language=language,
        kind=kind,
        subject=message.subject,
        body_text=message.body,
        body_html=html,
        headers=dict(message.extra_headers),
    )


def _queue(*, subject: str, **fields) -> OutboundEmail:
    """Store the delivery row and hand it to the worker once the transaction commits."""
    from .tasks import send_email

    email = OutboundEmail.objects.create(subject=subject[:300], **fields)
    enqueue(send_email, email.pk)
    return email
