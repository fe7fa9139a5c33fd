"""A person's own account: profile, email preferences, activity, closing."""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop.models import UnsubscribeScope
from cop.plugins import app_modules
from cop.profiles import profile_fields
from cop.services import emails_forget
from cop.timezones import COMMUNITY_ZONE

from ..models import (
    Country,
    DigestFrequency,
    Invitation,
    MembershipAction,
    NotificationMode,
    User,
)
from .membership import Status, _focal_point_remove, _locked, _notify_approvers, _record


@transaction.atomic
def member_unsubscribe(*, user: User, scope: str):
    """Turn off the emails of one `UnsubscribeScope`; return how to undo it.

    Only that preference changes; account emails still go out. Returns the
    value `member_resubscribe` takes to restore it, or None when it was
    already off.
    """
    field, off = UnsubscribeScope(scope).preference
    locked = User.objects.select_for_update().only("pk", field).get(pk=user.pk)
    previous = getattr(locked, field)
    if previous == off:
        return None
    User.objects.filter(pk=user.pk).update(**{field: off})
    setattr(user, field, off)
    return "on" if previous is True else previous


def resubscribe_values(scope: str) -> list[str]:
    """The values an unsubscribe link's undo may restore: the preference's "on" values."""
    field, off = UnsubscribeScope(scope).preference
    choices = User._meta.get_field(field).choices
    if choices is None:  # a yes/no preference
        return ["on"]
    return [value for value, _label in choices if value != off]


@transaction.atomic
def member_resubscribe(*, user: User, scope: str, value: str) -> None:
    """Undo an unsubscribe link: turn the scope's preference back to `value`."""
    if value not in resubscribe_values(scope):
        raise ValidationError(_("This setting cannot be restored from this link."))
    field, _off = UnsubscribeScope(scope).preference
    restored = True if value == "on" else value
    User.objects.filter(pk=user.pk).update(**{field: restored})
    setattr(user, field, restored)


PROFILE_FIELDS = (
    "name_arabic",
    "name_latin",
    "country",
    "organisation",
    "position",
    "preferred_language",
    "timezone",
    "expertise",
    "notification_mode",
    "digest_frequency",
    "message_emails",
    "event_reminders",
    "survey_reminders",
    "coaching_reminders",
)


@transaction.atomic
def profile_update(*, member: User, app_fields: dict | None = None, **fields) -> User:
    """Save profile fields (see PROFILE_FIELDS) and, when given, other apps' fields.

    `app_fields` maps the name of a field another app adds to profiles
    (`cop.profiles`, e.g. "topics") to its cleaned value; that app stores it.

    An empty time zone means "the time zone of my country" (the community's
    without one). A member who is
    already approved keeps their country: moving country goes through a
    facilitator, since it changes who manages them.
    """
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    if (
        "country" in fields
        and member.status != Status.APPLICANT
        and fields["country"] != member.country
    ):
        raise ValidationError(_("Ask a facilitator to move you to another country."))
    moved = "country" in fields and fields["country"] != member.country
    for name, value in fields.items():
        setattr(member, name, value.strip() if isinstance(value, str) else value)
    if not member.name_arabic and not member.name_latin:
        raise ValidationError(_("Please give your name, in Arabic script, Latin script or both."))
    if not member.timezone:
        member.timezone = member.country.timezone if member.country else COMMUNITY_ZONE
    member.full_clean(exclude=["password"])
    member.save(update_fields=list(fields) + (["timezone"] if "timezone" not in fields else []))
    for app_field in profile_fields():
        if app_fields and app_field.name in app_fields:
            app_field.save(member, app_fields[app_field.name])
    if moved and member.requested_at is not None:
        # A waiting request follows the applicant to their new country's focal point.
        _notify_approvers(member)
    return member


@transaction.atomic
def account_close(*, member: User) -> None:
    """Close the account: personal fields are wiped; posts stay, shown as "former member".

    The row is kept (posts, registrations and the audit trail point at it)
    but nobody can sign in with it again and the email address is freed.
    Every app's `privacy.member_closed` hook erases or detaches what that app
    keeps about the person, in this transaction, before their own fields go.
    """
    locked = _locked(member)
    if locked.status == Status.CLOSED:
        return
    previous = locked.status
    country = Country.objects.filter(focal_point=locked).first()
    if country is not None:
        _focal_point_remove(country=country, by=locked)
    for module in app_modules("privacy"):
        closed = getattr(module, "member_closed", None)
        if closed is not None:
            closed(locked)
    EmailAddress.objects.filter(user=locked).delete()
    closed_address = f"closed-{locked.pk}@closed.invalid"
    # The invitation they accepted (and any still waiting for them) hold the address too.
    Invitation.objects.filter(
        models.Q(accepted_by=locked) | models.Q(email__iexact=locked.email)
    ).update(email=closed_address)
    emails_forget(address=locked.email)
    locked.status = Status.CLOSED
    locked.is_active = False
    locked.email = closed_address
    locked.name_arabic = locked.name_latin = ""
    locked.organisation = locked.position = locked.expertise = ""
    locked.is_expert = False
    locked.notification_mode = NotificationMode.NONE
    locked.digest_frequency = DigestFrequency.NONE
    locked.message_emails = locked.event_reminders = locked.survey_reminders = False
    locked.coaching_reminders = False
    locked.set_unusable_password()
    locked.save()
    _record(member=locked, actor=locked, action=MembershipAction.CLOSED, from_status=previous)
    member.status = Status.CLOSED


@transaction.atomic
def member_touch(*, member: User, now) -> None:
    """Record that the member was active (a single UPDATE, no read)."""
    User.objects.filter(pk=member.pk).update(last_active=now)
    member.last_active = now


@transaction.atomic
def member_intake_completed(*, member: User, at=None) -> None:
    """Record that `member` answered the intake survey (the surveys app calls this).

    Only the first answer counts: editing the response later keeps the date.
    """
    at = at or timezone.now()
    User.objects.filter(pk=member.pk, intake_completed_at__isnull=True).update(
        intake_completed_at=at
    )
    member.intake_completed_at = member.intake_completed_at or at
