from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class OutboundEmail(TimeStampedModel):
    """One email, rendered in its recipient's language when it was queued.

    The row is the delivery record: the send task locks it and sends only
    while it is still queued, so running the task twice sends once.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=2)
    kind = models.CharField(_("kind"), max_length=100, db_index=True)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text part"))
    body_html = models.TextField(_("HTML part"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    attachments = models.JSONField(
        _("attachments"),
        default=list,
        blank=True,
        help_text=_("List of {filename, content, mimetype}; content is text."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at"]

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
