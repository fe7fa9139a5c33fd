from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cop.languages import Language, current_language
from cop.timezones import TimeZoneField


class Weekday(models.IntegerChoices):
    """Days as Python's `date.weekday()` numbers them (Monday is 0)."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Country(models.Model):
    """A country of the region, or "International" for experts and partners.

    `name` is translated (modeltranslation adds `name_ar` and `name_en`).
    """

    code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        help_text=_("ISO 3166-1 alpha-2 code; XX for International."),
    )
    name = models.CharField(_("name"), max_length=100)
    timezone = TimeZoneField(
        _("time zone"),
        default="UTC",
        help_text=_("Default time zone for members of this country."),
    )
    week_starts_on = models.PositiveSmallIntegerField(
        _("first working day of the week"),
        choices=Weekday.choices,
        default=Weekday.MONDAY,
        help_text=_(
            "Weekly digests arrive on this day: Sunday where the weekend is Friday and "
            "Saturday, Monday where it is Saturday and Sunday."
        ),
    )
    is_international = models.BooleanField(_("international"), default=False)
    is_founding = models.BooleanField(_("founding country"), default=False)
    focal_point = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("focal point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="focal_point_of",
        help_text=_("The member who approves this country's membership requests."),
    )

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["is_international", "name"]

    def __str__(self):
        return self.name


class MembershipStatus(models.TextChoices):
    APPLICANT = "applicant", pgettext_lazy("membership status", "Applicant")
    MEMBER = "member", pgettext_lazy("membership status", "Member")
    DECLINED = "declined", pgettext_lazy("membership status", "Declined")
    SUSPENDED = "suspended", pgettext_lazy("membership status", "Suspended")
    CLOSED = "closed", pgettext_lazy("membership status", "Closed")


class NotificationMode(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately, one email per new post")
    DIGEST = "digest", _("Only in my digest")
    NONE = "none", _("Never")


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    NONE = "none", _("Never")


class MemberManager(UserManager):
    """Email is the login; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("status", MembershipStatus.MEMBER)
        return self._create_user(email, password, **extra_fields)


def display_name_of(*, pk, status, name_arabic, name_latin, language=None) -> str:
    """`User.display_name` from the fields it reads, for lists that do not load the users.

    `language`: the reader's (the active one if omitted; a long list passes it once).
    """
    if status == MembershipStatus.CLOSED:
        return str(_("former member"))
    first, second = (
        (name_arabic, name_latin)
        if (language or current_language()) == Language.ARABIC
        else (name_latin, name_arabic)
    )
    # Never fall back to the email address: members must not see it.
    return first or second or str(_("Member %(number)s") % {"number": pk})


class User(AbstractUser):
    """A person on the platform: applicant, member, focal point, expert or facilitator.

    Facilitators are staff accounts in the Facilitators group
    (`members.permissions.is_facilitator`). A focal point is the member a
    country's `focal_point` points at. Membership status, country and the
    facilitator role change only through `members.services`.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    name_arabic = models.CharField(_("name in Arabic script"), max_length=150, blank=True)
    name_latin = models.CharField(_("name in Latin script"), max_length=150, blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.ARABIC
    )
    timezone = TimeZoneField(_("time zone"), default="UTC")
    status = models.CharField(
        _("membership status"),
        max_length=16,
        choices=MembershipStatus.choices,
        default=MembershipStatus.APPLICANT,
        db_index=True,
    )
    is_expert = models.BooleanField(_("expert"), default=False)
    expertise = models.TextField(_("expertise"), blank=True)
    notification_mode = models.CharField(
        _("new posts in what I follow"),
        max_length=16,
        choices=NotificationMode.choices,
        default=NotificationMode.DIGEST,
    )
    digest_frequency = models.CharField(
        _("digest"), max_length=16, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY
    )
    message_emails = models.BooleanField(
        _("private messages by email"),
        default=True,
        help_text=_(
            "An email when someone writes to you in a private conversation or asks you a "
            "question as an expert."
        ),
    )
    event_reminders = models.BooleanField(
        _("event reminders by email"),
        default=True,
        help_text=_("Reminders before the events you registered for."),
    )
    survey_reminders = models.BooleanField(
        _("survey reminders by email"),
        default=True,
        help_text=_("Reminders to answer a survey before it closes."),
    )
    coaching_reminders = models.BooleanField(
        _("milestone reminders by email"),
        default=True,
        help_text=_(
            "Reminders before a milestone of a documentation cohort you take part in is due."
        ),
    )
    email_failing_since = models.DateTimeField(
        _("email address failing since"),
        null=True,
        blank=True,
        help_text=_(
            "The mail server refused this address for good: no more emails are sent to it "
            "until the member confirms it again."
        ),
    )
    email_failing_reason = models.CharField(
        _("why the email address fails"), max_length=500, blank=True
    )
    last_active = models.DateTimeField(_("last active"), null=True, blank=True)
    requested_at = models.DateTimeField(
        _("membership requested"),
        null=True,
        blank=True,
        help_text=_(
            "When the applicant confirmed their email and the request reached the focal point."
        ),
    )
    member_since = models.DateTimeField(_("member since"), null=True, blank=True)
    intake_completed_at = models.DateTimeField(
        _("intake survey answered"),
        null=True,
        blank=True,
        # Written through members.services.member_intake_completed by the surveys app.
        help_text=_("Filled in by the surveys app when the member submits the intake survey."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = MemberManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name_latin", "name_arabic", "email"]
        indexes = [
            models.Index(fields=["country", "status"], name="member_country_status"),
            # The approved members per country (response rates): the members counted from
            # the index alone, the few staff found without reading the others.
            models.Index(
                fields=["country"],
                condition=models.Q(is_active=True, status=MembershipStatus.MEMBER),
                name="member_approved_country",
            ),
            models.Index(
                fields=["country"],
                condition=models.Q(is_staff=True) | models.Q(is_superuser=True),
                name="member_staff_country",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name to show: the script of the reader's language first when both exist."""
        return display_name_of(
            pk=self.pk, status=self.status, name_arabic=self.name_arabic, name_latin=self.name_latin
        )

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name


class MembershipAction(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("membership action", "Requested membership")
    APPROVED = "approved", pgettext_lazy("membership action", "Approved")
    DECLINED = "declined", pgettext_lazy("membership action", "Declined")
    SUSPENDED = "suspended", pgettext_lazy("membership action", "Suspended")
    REINSTATED = "reinstated", pgettext_lazy("membership action", "Reinstated")
    JOINED_BY_INVITATION = "invited", pgettext_lazy("membership action", "Joined by invitation")
    CLOSED = "closed", pgettext_lazy("membership action", "Closed their account")
    FOCAL_POINT_APPOINTED = (
        "fp_appointed",
        pgettext_lazy("membership action", "Appointed focal point"),
    )
    FOCAL_POINT_REMOVED = "fp_removed", pgettext_lazy("membership action", "Focal point replaced")
    FACILITATOR_APPOINTED = (
        "fac_appointed",
        pgettext_lazy("membership action", "Appointed facilitator"),
    )
    FACILITATOR_REMOVED = (
        "fac_removed",
        pgettext_lazy("membership action", "No longer a facilitator"),
    )
    COUNTRY_CHANGED = "country", pgettext_lazy("membership action", "Moved to another country")


class MembershipEvent(models.Model):
    """The audit trail: one row per change of a person's membership (who, when, what, why).

    Rows are written only by `members.services`; admin shows them read-only.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="membership_events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=16, choices=MembershipAction.choices)
    from_status = models.CharField(
        _("status before"), max_length=16, choices=MembershipStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("status after"), max_length=16, choices=MembershipStatus.choices, blank=True
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_country = models.ForeignKey(
        Country,
        verbose_name=_("country before"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For a move: the country the person left."),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("membership event")
        verbose_name_plural = _("membership audit trail")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(action__in=["declined", "suspended"]) | ~models.Q(reason=""),
                name="membership_event_refusal_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.member} · {self.get_action_display()}"


class Invitation(models.Model):
    """A focal point (or facilitator) invites a colleague to join, pre-approved, in a country.

    The link carries a signed id; the row makes it single-use (`accepted_at`)
    and expiring (`expires_at`).
    """

    email = models.EmailField(_("email address"))
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
    )
    language = models.CharField(
        _("language of the invitation"), max_length=2, choices=Language.choices
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation_accepted",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.country}"
