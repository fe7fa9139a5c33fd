from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class FlagQuerySet(models.QuerySet):
    def resolve(self, *, by) -> int:
        """Resolve the open flags among these: how many were open."""
        return self.filter(status=AbstractFlag.Status.OPEN).update(
            status=AbstractFlag.Status.RESOLVED, resolved_by=by, resolved_at=timezone.now()
        )


class AbstractFlag(TimeStampedModel):
    """A member asks the facilitators to look at something; open until one of them resolves it.

    Subclasses add what is flagged, who flagged it and the reasons they may give.
    """

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("flag status", "Open")
        RESOLVED = "resolved", pgettext_lazy("flag status", "Resolved")

    note = models.TextField(_("note"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        abstract = True


class StoredFile(TimeStampedModel):
    """A file a member uploaded, kept under a random name (`cop.uploads.RandomName`).

    With the name, type and size it was checked with (`cop.uploads.validate_upload`);
    served only through a permission-checked view (`cop.uploads.download_response`).
    Subclasses declare `file` with their own folder.
    """

    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))

    class Meta:
        abstract = True


class EmailDelivery(models.Model):
    """The record that an email of a kind was sent once (a reminder, a notice).

    Subclasses add what the email is about and a unique constraint over it:
    the row, inserted in the same transaction as the email, decides that it
    goes once, not the broker; a second run, or a concurrent one, finds the
    row and sends nothing. `email` is empty when the member had turned that
    kind of email off, or when the email was deleted with old rows.
    """

    email = models.ForeignKey(
        "cop.OutboundEmail",
        verbose_name=_("email"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True


class UnsubscribeScope(models.TextChoices):
    """The kinds of email a member can stop from a link, each tied to one preference.

    `members.services.member_unsubscribe` turns the matching preference off.
    Account emails (reset, confirmation, membership decisions) have no scope.
    """

    NOTIFICATIONS = "notifications", _("Emails about new posts")
    MESSAGES = "messages", _("Emails about private messages")
    DIGEST = "digest", _("Digest")
    EVENT_REMINDERS = "event_reminders", _("Event reminders")
    SURVEY_REMINDERS = "survey_reminders", _("Survey reminders")
    COACHING_REMINDERS = "coaching_reminders", _("Milestone reminders")

    @property
    def preference(self) -> tuple[str, object]:
        """The member's field this scope turns off, and its "off" value."""
        return UNSUBSCRIBE_PREFERENCES[self]


# One place for what each scope means, read by cop.mail (who still wants the
# email) and members.services (the unsubscribe link and its undo).
UNSUBSCRIBE_PREFERENCES = {
    UnsubscribeScope.NOTIFICATIONS: ("notification_mode", "none"),
    UnsubscribeScope.MESSAGES: ("message_emails", False),
    UnsubscribeScope.DIGEST: ("digest_frequency", "none"),
    UnsubscribeScope.EVENT_REMINDERS: ("event_reminders", False),
    UnsubscribeScope.SURVEY_REMINDERS: ("survey_reminders", False),
    UnsubscribeScope.COACHING_REMINDERS: ("coaching_reminders", False),
}


class OutboundEmail(TimeStampedModel):
    """One email to one address, rendered in its recipient's language when queued.

    The row, not the broker, is the source of truth. States (see `cop.mail`):

        queued -> sending (a worker holds a lease since `inflight_since`) -> sent
                          -> awaiting retry (`retry_after`) -> queued again ...
                          -> failed (`last_error` says why)

    A worker only sends rows it claimed from `queued`; a beat job re-drives
    rows whose task was lost. Sensitive emails (account links) lose their
    body once they are sent or have failed, and admin never shows it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Being sent")
        RETRY = "retry", _("Awaiting retry")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=2)
    kind = models.CharField(_("kind"), max_length=100, db_index=True)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text part"), blank=True)
    body_html = models.TextField(_("HTML part"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    attachments = models.JSONField(
        _("attachments"),
        default=list,
        blank=True,
        help_text=_("List of {filename, content, mimetype}; binary content is base64."),
    )
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_(
            "Holds a secret (a password-reset or confirmation link): its content is never "
            "shown and is erased once the email is sent or has failed."
        ),
    )
    unsubscribe = models.CharField(
        _("unsubscribe scope"),
        max_length=20,
        choices=UnsubscribeScope.choices,
        blank=True,
        help_text=_("Which preference the email's unsubscribe link turns off."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)
    inflight_since = models.DateTimeField(_("being sent since"), null=True, blank=True)
    retry_after = models.DateTimeField(_("next attempt"), null=True, blank=True)
    not_after = models.DateTimeField(
        _("expires"),
        null=True,
        blank=True,
        help_text=_("Not sent after this time (a reminder once the event has begun)."),
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at"]
        permissions = [("view_email_body", _("Can read the content of outgoing emails"))]
        indexes = [
            # The re-driver's scans touch only the few rows still on their way.
            models.Index(
                fields=["status", "queued_at"],
                name="outboundemail_active",
                condition=models.Q(status__in=["queued", "sending", "retry"]),
            ),
            models.Index(fields=["sent_at"], name="outboundemail_sent_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="sending") | models.Q(inflight_since__isnull=False),
                name="outboundemail_sending_has_lease",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="retry") | models.Q(retry_after__isnull=False),
                name="outboundemail_retry_has_due_time",
            ),
            # A sensitive email that is done keeps no secret, whatever code wrote the row.
            models.CheckConstraint(
                condition=~models.Q(sensitive=True, status__in=["sent", "failed"])
                | models.Q(body_text="", body_html="", headers={}, attachments=[]),
                name="outboundemail_sensitive_done_is_wiped",
            ),
        ]

    def __str__(self):
        return f"{self.kind} → {self.to}"


class DeferredTask(TimeStampedModel):
    """A task that could not be handed to the broker.

    Web requests never fail because the broker is down: the task is kept here,
    shown to facilitators in admin, and published again by
    `cop.republish_deferred_tasks` once the broker answers.
    """

    task_name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("publish attempts"), default=1)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("deferred task")
        verbose_name_plural = _("deferred tasks")
        ordering = ["-created_at"]

    def __str__(self):
        return self.task_name
