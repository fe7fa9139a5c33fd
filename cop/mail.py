"""The one way to send an email: rendered for its recipient, stored as a row, sent by a worker.

The contract other apps rely on::

    send_templated_email(*, template, context=None, user=None, to=None, language=None,
                         attachments=None, sensitive=False, unsubscribe=None,
                         not_after=None, time_zone=None) -> OutboundEmail | None

    send_templated_emails(*, template, recipients, context=None, attachments=None,
                          sensitive=False, unsubscribe=None, not_after=None)
        -> list[OutboundEmail]

- `template` names three templates: `<template>_subject.txt`, `<template>.txt`
  and `<template>.html` (which extends `email/base.html`, right to left in
  Arabic). The context has `recipient` (the user, if any), `language`,
  `is_rtl`, `site_url`, `time_zone` (and its city, `time_zone_name`) and,
  with a scope, `unsubscribe_url`. Dates render in the recipient's zone.
- `user` gives the address, language and time zone; without a user, give
  `to` and `language` (and `time_zone`, else the community's, Amman).
- `send_templated_emails` is the bulk variant for many recipients of one
  template (event reminders to 5,000 registrants, digests to 10,000 members):
  `recipients` are users or `Recipient(...)` (per-recipient context and
  attachments); templates are compiled once, rows are bulk-created and one
  `cop.send_emails` task per COP_EMAIL_BATCH_SIZE rows is queued after commit.
- `attachments`: `[{"filename", "content", "mimetype"}]`; `content` is text or
  bytes (stored as base64).
- `sensitive=True` for anything holding a secret (reset, confirmation and
  invitation links): its content is never shown in admin, not even to
  superusers, and is erased as soon as it is sent or has failed.
- `unsubscribe=<scope>` (`UnsubscribeScope`: "notifications", "messages", "digest",
  "event_reminders", "survey_reminders", "coaching_reminders") adds a signed no-login link to the
  footer and `List-Unsubscribe` + `List-Unsubscribe-Post: List-Unsubscribe=
  One-Click` headers, which turn off exactly that preference. A user who has
  already turned it off gets nothing (the function returns None for them).
  Account emails (reset, confirmation, membership decisions) have no scope.
- A user whose address a mail server refused for good (`email_failing_since`,
  set by the members app on a 5xx) gets nothing but sensitive account emails
  (the confirmation that makes the address work again, password resets)
  until the address is confirmed again.
- `not_after`: an email still unsent at that time (stuck in retries) is
  marked failed, "expired", instead of going out stale.

Rendering decision: emails are rendered when they are queued, inside
`translation.override(<recipient's language>)` and
`timezone.override(<recipient's time zone>)`, and apps create an email row
only when it is due: a reminder is queued at its send time by a scanner, not
days ahead. So what is rendered is current; the worker only transmits stored
bytes (fast and predictable, no template or database work per message while
the SMTP connection is open), and an email that cannot go out in time expires
through `not_after`. Rendering at send time would need every context object
to survive until then and would make a retry differ from the first attempt.

Delivery and states: `cop.services.email`; the re-driver: `cop.services.email_upkeep`.
"""

import base64
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models import OutboundEmail, UnsubscribeScope
from .queue import enqueue_redriven
from .sites import absolute_url
from .timezones import COMMUNITY_ZONE, zone_city

UNSUBSCRIBE_SALT = "cop.unsubscribe"
TOKEN_MAX_LENGTH = 200

# The footer link of each scope (HTML) and its line in the text part.
UNSUBSCRIBE_LINK = {
    UnsubscribeScope.NOTIFICATIONS: _("Stop emails about new posts"),
    UnsubscribeScope.MESSAGES: _("Stop emails about private messages"),
    UnsubscribeScope.DIGEST: _("Stop the digest"),
    UnsubscribeScope.EVENT_REMINDERS: _("Stop event reminders"),
    UnsubscribeScope.SURVEY_REMINDERS: _("Stop survey reminders"),
    UnsubscribeScope.COACHING_REMINDERS: _("Stop milestone reminders"),
}
UNSUBSCRIBE_LINE = {
    UnsubscribeScope.NOTIFICATIONS: _("To stop emails about new posts, open: %(url)s"),
    UnsubscribeScope.MESSAGES: _("To stop emails about private messages, open: %(url)s"),
    UnsubscribeScope.DIGEST: _("To stop the digest, open: %(url)s"),
    UnsubscribeScope.EVENT_REMINDERS: _("To stop event reminders, open: %(url)s"),
    UnsubscribeScope.SURVEY_REMINDERS: _("To stop survey reminders, open: %(url)s"),
    UnsubscribeScope.COACHING_REMINDERS: _("To stop milestone reminders, open: %(url)s"),
}


# --- Unsubscribe tokens -------------------------------------------------------------------
def unsubscribe_token(user, scope: str) -> str:
    """A signed, no-login token that turns off `scope` for `user` (and nothing else)."""
    return signing.dumps({"u": user.pk, "s": str(UnsubscribeScope(scope))}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_read(token: str) -> tuple[int, UnsubscribeScope] | None:
    """(user id, scope) inside a valid token; None for anything forged, cut or unknown."""
    if not isinstance(token, str) or len(token) > TOKEN_MAX_LENGTH:
        return None
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or type(data.get("u")) is not int:
        return None
    if data.get("s") not in UnsubscribeScope.values:
        return None
    return data["u"], UnsubscribeScope(data["s"])


def unsubscribe_url(user, scope: str, language: str) -> str:
    with translation.override(language):
        return absolute_url(reverse("members:unsubscribe", args=[unsubscribe_token(user, scope)]))


def address_failing(user) -> bool:
    """True when a mail server refused the user's address for good and it is not confirmed since."""
    return getattr(user, "email_failing_since", None) is not None


def wants_email(user, scope: str | None, *, sensitive: bool = False) -> bool:
    """False when `user` has turned off the emails of `scope`, or their address is failing.

    Sensitive account emails (confirmation links, resets) go to a failing address too.
    """
    if not sensitive and address_failing(user):
        return False
    if not scope:
        return True
    field, off = UnsubscribeScope(scope).preference
    return getattr(user, field) != off


# --- Rendering ----------------------------------------------------------------------------
@dataclass
class Recipient:
    """One addressee of a bulk send: a user, or an address with its language and zone."""

    user: Any = None
    to: str | None = None
    language: str | None = None
    time_zone: str | None = None
    context: dict | None = None
    attachments: list[dict] | None = None


class EmailTemplate:
    """The three templates of one email, compiled once, rendered per recipient."""

    def __init__(self, name: str):
        self.name = name
        self.subject = get_template(f"{name}_subject.txt")
        self.text = get_template(f"{name}.txt")
        self.html = get_template(f"{name}.html")

    def render(self, context: dict, *, language: str, time_zone: str) -> tuple[str, str, str]:
        """Subject, text and HTML in `language`, dates in `time_zone`."""
        zone = email_time_zone(time_zone)
        with translation.override(language), timezone.override(zone):
            ctx = {
                "site_url": settings.SITE_URL,
                "language": language,
                "is_rtl": translation.get_language_bidi(),
                "time_zone": zone.key,
                "time_zone_name": zone_city(zone.key),
                **context,
            }
            scope = ctx.get("unsubscribe")
            if scope:
                ctx["unsubscribe_label"] = str(UNSUBSCRIBE_LINK[scope])
            subject = " ".join(self.subject.render(ctx).split())
            text = self.text.render(ctx).strip() + "\n"
            if scope:
                line = str(UNSUBSCRIBE_LINE[scope]) % {"url": ctx["unsubscribe_url"]}
                text += f"\n-- \n{line}\n"
            html = self.html.render(ctx)
        return subject, text, html


@lru_cache(maxsize=256)
def email_time_zone(name: str | None) -> ZoneInfo:
    """The zone named `name`, or the community's (Amman) when it is empty or unknown."""
    try:
        return ZoneInfo(name or COMMUNITY_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(COMMUNITY_ZONE)


def _language(code: str | None) -> str:
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


# --- Queuing ------------------------------------------------------------------------------
def send_templated_email(
    *,
    template: str,
    context: dict | None = None,
    user=None,
    to: str | None = None,
    language: str | None = None,
    attachments: list[dict] | None = None,
    sensitive: bool = False,
    unsubscribe: str | None = None,
    not_after=None,
    time_zone: str | None = None,
) -> OutboundEmail | None:
    """Render and queue one email (see the module's docstring); sent after commit.

    Returns the row, or None when `user` has turned off the `unsubscribe` scope.
    """
    recipient = Recipient(user=user, to=to, language=language, time_zone=time_zone)
    rows = send_templated_emails(
        template=template,
        recipients=[recipient],
        context=context,
        attachments=attachments,
        sensitive=sensitive,
        unsubscribe=unsubscribe,
        not_after=not_after,
    )
    return rows[0] if rows else None


def send_templated_emails(
    *,
    template: str,
    recipients: Iterable,
    context: dict | None = None,
    attachments: list[dict] | None = None,
    sensitive: bool = False,
    unsubscribe: str | None = None,
    not_after=None,
) -> list[OutboundEmail]:
    """Render one template for many recipients, store the rows, queue batches after commit.

    Each email is rendered in its recipient's language and time zone. Users
    who turned off `unsubscribe` are left out. Returns the rows created.
    For very large audiences (a digest to 10,000 members), call it per chunk
    of a few hundred to a thousand recipients, so that a task never holds
    every rendered body in memory at once.
    """
    scope = UnsubscribeScope(unsubscribe) if unsubscribe else None
    if sensitive and scope:
        raise ValueError("A sensitive (account) email has no unsubscribe link.")
    compiled = EmailTemplate(template)
    rows = []
    for item in recipients:
        recipient = item if isinstance(item, Recipient) else Recipient(user=item)
        if recipient.user is not None and not wants_email(
            recipient.user, scope, sensitive=sensitive
        ):
            continue
        rows.append(
            _render_row(
                compiled,
                recipient,
                context=context or {},
                attachments=attachments,
                sensitive=sensitive,
                scope=scope,
                not_after=not_after,
            )
        )
    return queue_rows(rows)


def _render_row(compiled, recipient, *, context, attachments, sensitive, scope, not_after):
    user = recipient.user
    to = recipient.to or (user.email if user is not None else None)
    if not to:
        raise ValueError("An email needs a user or an address.")
    language = _language(recipient.language or getattr(user, "preferred_language", None))
    time_zone = recipient.time_zone or getattr(user, "timezone", None) or COMMUNITY_ZONE
    ctx = {**context, **(recipient.context or {})}
    headers = {}
    if user is not None:
        ctx.setdefault("recipient", user)
    if scope:
        if user is None:
            raise ValueError("An unsubscribe link needs the user it belongs to.")
        url = unsubscribe_url(user, scope, language)
        ctx |= {"unsubscribe": scope, "unsubscribe_url": url}
        headers = {
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    subject, text, html = compiled.render(ctx, language=language, time_zone=time_zone)
    return OutboundEmail(
        to=to,
        language=language,
        kind=compiled.name[:100],
        subject=subject[:300],
        body_text=text,
        body_html=html,
        headers=headers,
        attachments=[_stored(a) for a in (attachments or []) + (recipient.attachments or [])],
        sensitive=sensitive,
        unsubscribe=scope or "",
        not_after=not_after,
    )


def _stored(attachment: dict) -> dict:
    content = attachment["content"]
    stored = {"filename": attachment["filename"], "mimetype": attachment["mimetype"]}
    if isinstance(content, bytes):
        return stored | {"content": base64.b64encode(content).decode(), "encoding": "base64"}
    return stored | {"content": content}


def queue_rows(rows: list[OutboundEmail]) -> list[OutboundEmail]:
    """Store unsaved rows and queue one send task per batch once the transaction commits.

    If the broker is away nothing else is kept: the rows are queued, and
    `cop.redrive_emails` publishes them once it answers.
    """
    from .tasks import send_emails

    if not rows:
        return []
    with transaction.atomic():
        now = timezone.now()
        for row in rows:
            row.queued_at = now
        if len(rows) == 1:
            rows[0].save()
        else:
            OutboundEmail.objects.bulk_create(rows, batch_size=1000)
        ids = [row.pk for row in rows]
        size = settings.COP_EMAIL_BATCH_SIZE
        for start in range(0, len(ids), size):
            enqueue_redriven(send_emails, ids[start : start + size])
    return rows


def queue_rendered_message(
    message, *, language: str, kind: str, sensitive: bool = False
) -> OutboundEmail:
    """Queue an already rendered Django `EmailMessage` (allauth renders its own)."""
    html = ""
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html = content
    [row] = queue_rows(
        [
            OutboundEmail(
                to=message.to[0],
                language=_language(language),
                kind=kind[:100],
                subject=message.subject[:300],
                body_text=message.body,
                body_html=html,
                headers=dict(message.extra_headers),
                sensitive=sensitive,
            )
        ]
    )
    return row
