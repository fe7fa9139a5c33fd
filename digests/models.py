"""One row per member and digest period: the database guarantees a digest goes out once.

The digest itself is never stored per post or per reader: it is read at send
time from what is new in what the member follows (`digests.services`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cop.models import EmailDelivery


class DigestDelivery(EmailDelivery):
    """The digest of one member for one period (a local day, or a local week).

    Created by the scanner with INSERT ... ON CONFLICT DO NOTHING in the same
    transaction as the email row: two runs at once, a redelivered task or a
    second beat create it once, and only the run that created it sends.
    A period with nothing new keeps its row (status `empty`) and no email.
    """

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Handed to the email pipeline")
        EMPTY = "empty", _("Nothing new: not sent")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="digest_deliveries",
    )
    frequency = models.CharField(_("frequency"), max_length=8, choices=Frequency.choices)
    period = models.DateField(
        _("period"), help_text=_("The member's local day the digest is for (a week's first day).")
    )
    covers_from = models.DateTimeField(_("new since"))
    covers_until = models.DateTimeField(_("new until"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    item_count = models.PositiveIntegerField(_("items"), default=0)
    # Indexed here: the admin lists digests newest first.
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["member", "period"], name="digest_once_per_period"),
        ]
        indexes = [models.Index(fields=["member", "-covers_until"], name="digest_member_latest")]

    def __str__(self):
        return f"{self.member_id} · {self.frequency} {self.period}"
