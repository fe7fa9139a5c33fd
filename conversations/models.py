"""Private conversations between members, and questions addressed to an expert.

A conversation is read by its current participants only: nobody else, not
the facilitators, not admin. The single exception is a message a participant
flags: that message (and only its text, with the conversation's subject and
the participants' names as context) reaches the facilitators' review in admin.

Unread state is one number per participant, the id of the last message they
saw (`last_read_id`): messages of others with a higher id are unread, so an
inbox of any length counts them in one query.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cop.models import AbstractFlag, TimeStampedModel

# Everyone in a conversation, its starter included.
MAX_PARTICIPANTS = 8
SUBJECT_MAX_LENGTH = 200
BODY_MAX_LENGTH = 20000


class Conversation(TimeStampedModel):
    """A private exchange between two to `MAX_PARTICIPANTS` members."""

    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX_LENGTH)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    last_message_at = models.DateTimeField(_("last message"), db_index=True)

    class Meta:
        verbose_name = _("private conversation")
        verbose_name_plural = _("private conversations")
        ordering = ["-last_message_at", "-id"]

    def __str__(self):
        # Never the subject: it is private (admin and logs print this).
        return str(_("Conversation %(number)s") % {"number": self.pk})

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("conversations:detail", args=[self.pk])


class Participant(TimeStampedModel):
    """A member in a conversation, with what they have read; `left_at` once they leave."""

    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("conversation"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversation_memberships",
        verbose_name=_("member"),
    )
    last_read_id = models.BigIntegerField(_("last message read"), default=0)
    # The newest message an email told them about; no new email until they read past it.
    notified_id = models.BigIntegerField(_("last message emailed"), default=0)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "member"], name="unique_conversation_participant"
            ),
        ]
        indexes = [models.Index(fields=["member", "left_at"], name="participant_member_active")]

    def __str__(self):
        return f"{self.member_id} in {self.conversation_id}"


class Message(models.Model):
    """One message; Markdown rendered and sanitised once, when written."""

    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("conversation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="conversation_messages",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(_("rendered text"), editable=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("private message")
        verbose_name_plural = _("private messages")
        ordering = ["conversation_id", "id"]
        indexes = [models.Index(fields=["conversation", "id"], name="message_conversation_id")]

    def __str__(self):
        return str(_("Message %(number)s") % {"number": self.pk})


class MessageFlag(AbstractFlag):
    """A participant asks the facilitators to look at one message (and only that one)."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Abusive or disrespectful")
        PRIVACY = "privacy", _("Shares personal data")
        OTHER = "other", _("Something else")

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="flags", verbose_name=_("message")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)

    class Meta:
        verbose_name = _("flagged private message")
        verbose_name_plural = _("flagged private messages")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reporter"],
                condition=models.Q(status="open"),
                name="unique_open_message_flag",
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} · {self.message_id}"


class ExpertQuestion(TimeStampedModel):
    """A public question thread addressed to an expert; the thread page names them."""

    thread = models.OneToOneField(
        "discussions.Thread",
        on_delete=models.CASCADE,
        related_name="expert_question",
        verbose_name=_("thread"),
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="questions_received",
        verbose_name=_("expert"),
    )
    notified_at = models.DateTimeField(_("expert notified"), null=True, blank=True)

    class Meta:
        verbose_name = _("question for an expert")
        verbose_name_plural = _("questions for experts")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.thread_id} → {self.expert_id}"
