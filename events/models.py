"""Events: sessions (alone or in a series), registrations, nominations, reminders.

Times are stored in UTC; `host_timezone` is the zone the organisers think in
(entered and shown in admin in that zone). State changes go through
`events.services`; nothing here has side effects in `save()`.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cop.models import EmailDelivery, TimeStampedModel
from cop.uploads import validate_upload


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("Virtual workshop")
    WEBINAR = "webinar", _("Webinar")
    AUDIO = "audio", _("Audio conference")
    STUDY_TOUR = "study_tour", _("Study tour")
    IN_PERSON = "in_person", _("In-person workshop or forum")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("event status", "Scheduled")
    MOVED = "moved", pgettext_lazy("event status", "Moved")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


class EventLanguages(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")
    BOTH = "ar_en", _("Arabic and English")


class Interpretation(models.TextChoices):
    NONE = "", _("No interpretation")
    INTO_ENGLISH = "into_en", _("Interpretation into English")
    INTO_ARABIC = "into_ar", _("Interpretation into Arabic")
    BOTH = "both", _("Interpretation both ways (Arabic and English)")


class EventFields(TimeStampedModel):
    """What a series passes on to each of its sessions."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown: **bold**, lists, links.")
    )
    # The description rendered and sanitised when saved (services.event_render_texts).
    description_html = models.TextField(editable=False, blank=True, default="")
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    host_timezone = models.CharField(
        _("host's time zone"),
        max_length=64,
        default="Asia/Amman",
        help_text=_("Start and end are entered and shown in this zone."),
    )
    join_url = models.URLField(
        _("join link"), blank=True, help_text=_("Shown only to registered members.")
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    languages = models.CharField(
        _("languages"), max_length=8, choices=EventLanguages.choices, default=EventLanguages.ARABIC
    )
    interpretation = models.CharField(
        _("interpretation"),
        max_length=8,
        choices=Interpretation.choices,
        blank=True,
        default=Interpretation.NONE,
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty means no limit.")
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Visitors can see public events (never the link).")
    )

    class Meta:
        abstract = True


class Series(EventFields):
    """A recurring event, such as the bi-monthly virtual workshop.

    `recurrence` is an RFC 5545 RRULE interpreted in the host's zone from
    `first_start` (wall-clock time: "10:00 Amman" stays 10:00 across clock changes).
    """

    recurrence = models.CharField(
        _("recurrence (RFC 5545)"),
        max_length=300,
        default="FREQ=MONTHLY;INTERVAL=2;BYDAY=+3TU",
        help_text=_(
            'An RRULE, for example "FREQ=MONTHLY;INTERVAL=2;BYDAY=+3TU" for the third '
            "Tuesday of every second month."
        ),
    )
    first_start = models.DateTimeField(_("first session starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    topics = models.ManyToManyField(
        "discussions.Topic", verbose_name=_("topics"), blank=True, related_name="event_series"
    )
    uid = models.UUIDField(
        _("calendar identifier"), default=uuid.uuid4, unique=True, editable=False
    )

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["first_start"]

    def __str__(self):
        return self.title


class Event(EventFields):
    """One session: alone, or generated from a series and then edited on its own."""

    series = models.ForeignKey(
        Series,
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    # The occurrence of the series this session stands for (the host's wall-clock
    # start the rule produced). It never changes when the session is moved, so
    # generating again recognises it and never duplicates or resurrects it.
    occurrence = models.DateTimeField(_("occurrence of the series"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    registration_deadline = models.DateTimeField(
        _("registration deadline"), null=True, blank=True, help_text=_("Empty means the start.")
    )
    takes_nominations = models.BooleanField(
        _("by nomination"),
        default=False,
        help_text=_("Focal points nominate participants from their country; facilitators confirm."),
    )
    nomination_quota = models.PositiveSmallIntegerField(_("nominations per country"), default=3)
    topics = models.ManyToManyField(
        "discussions.Topic", verbose_name=_("topics"), blank=True, related_name="events"
    )
    summary = models.TextField(
        _("summary note"), blank=True, help_text=_("Written afterwards; members read it.")
    )
    # Markdown of `summary`, rendered and sanitised when saved (event_render_texts).
    summary_html = models.TextField(editable=False, blank=True, default="")
    recording_url = models.URLField(_("recording link"), blank=True)
    uid = models.UUIDField(
        _("calendar identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    sequence = models.PositiveIntegerField(
        _("calendar revision"), default=0, help_text=_("Raised on every change.")
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.UniqueConstraint(
                fields=["series", "occurrence"], name="event_one_session_per_occurrence"
            ),
        ]
        indexes = [models.Index(fields=["status", "start"], name="event_status_start")]

    def __str__(self):
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def closes_at(self):
        return self.registration_deadline or self.start


class DialIn(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="dial_ins"
    )
    country = models.ForeignKey(
        "members.Country",
        verbose_name=_("country"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Empty for the international number."),
    )
    number = models.CharField(_("number"), max_length=40)
    access_code = models.CharField(_("access code"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("dial-in number")
        verbose_name_plural = _("dial-in numbers")
        ordering = ["country__code", "pk"]

    def __str__(self):
        return self.number


class Speaker(models.Model):
    """A member or an outside guest speaking at an event."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="speakers"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="talks",
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    bio = models.TextField(_("short bio"), max_length=600, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(name=""), name="speaker_has_a_name"
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.member.display_name if self.member_id else self.name


class MaterialKind(models.TextChoices):
    SLIDES = "slides", _("Slides")
    RECORDING = "recording", _("Recording")
    NOTE = "note", _("Summary note")
    OTHER = "other", _("Other document")


class Material(TimeStampedModel):
    """Slides, recordings and notes published after an event, for members."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="materials"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MaterialKind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to="events/materials/%Y/%m/",
        blank=True,
        validators=[validate_upload],
        help_text=_("A PDF, Office document or image."),
    )
    url = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""), name="material_has_a_file_or_link"
            )
        ]

    def __str__(self):
        return self.title


class SeriesRegistration(TimeStampedModel):
    """A member registered for a whole series: every new session registers them too."""

    series = models.ForeignKey(
        Series, verbose_name=_("series"), on_delete=models.CASCADE, related_name="registrations"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="series_registrations",
    )

    class Meta:
        verbose_name = _("series registration")
        verbose_name_plural = _("series registrations")
        constraints = [
            models.UniqueConstraint(fields=["series", "member"], name="series_registration_once")
        ]

    def __str__(self):
        return f"{self.member} → {self.series}"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("registration status", "Registered")
    WAITLISTED = "waitlisted", pgettext_lazy("registration status", "On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")


class Registration(TimeStampedModel):
    """A member's place at one session (or on its waiting list).

    One row per (event, member): unregistering keeps the row as cancelled, which
    is also how a series registrant skips one session.
    """

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices, db_index=True
    )
    # Waiting-list order: when the member (last) joined the list.
    queued_at = models.DateTimeField(_("joined the list"), null=True, blank=True)
    series_registration = models.ForeignKey(
        SeriesRegistration,
        verbose_name=_("through the series"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="session_registrations",
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], name="registration_once_per_event")
        ]
        indexes = [models.Index(fields=["event", "status", "queued_at"], name="registration_queue")]

    def __str__(self):
        return f"{self.member} → {self.event}"


class NominationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("nomination status", "Awaiting confirmation")
    CONFIRMED = "confirmed", pgettext_lazy("nomination status", "Confirmed")
    DECLINED = "declined", pgettext_lazy("nomination status", "Declined")


class Nomination(TimeStampedModel):
    """A focal point puts forward a participant from their country; a facilitator decides."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="nominations"
    )
    country = models.ForeignKey(
        "members.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominee"),
        on_delete=models.CASCADE,
        related_name="nominations",
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NominationStatus.choices,
        default=NominationStatus.PENDING,
        db_index=True,
    )
    note = models.TextField(_("why this person"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["country__code", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], name="nomination_once_per_event")
        ]

    def __str__(self):
        return f"{self.member} → {self.event}"


class ReminderKind(models.TextChoices):
    WEEK = "week", _("A week before")
    DAY = "day", _("A day before")
    HOUR = "hour", _("An hour before")


class ReminderDelivery(EmailDelivery):
    """The one reminder of a kind for a registration (`cop.models.EmailDelivery`)."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ReminderKind.choices)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["registration", "kind"], name="reminder_once_per_kind")
        ]

    def __str__(self):
        return f"{self.registration} · {self.kind}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(TimeStampedModel):
    """The secret of a member's private calendar feed; a new token revokes the old one."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.member)
