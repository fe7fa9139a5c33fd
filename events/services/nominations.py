"""Study tours by nomination: focal points nominate within their country's quota, facilitators decide."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import MembershipStatus

from .. import permissions
from ..calendar import ics_attachment
from ..mailing import send_to_member
from ..models import Event, Nomination, NominationStatus, Registration, RegistrationStatus

ACTIVE = [NominationStatus.PENDING, NominationStatus.CONFIRMED]


def quota_used(event: Event, country) -> int:
    return Nomination.objects.filter(event=event, country=country, status__in=ACTIVE).count()


@transaction.atomic
def nomination_create(*, event: Event, member, by, note: str = "") -> Nomination:
    """Nominate `member` (of the nominator's country) for `event`, within the country's quota.

    The event row is locked, so two nominations at once cannot both take the
    country's last place.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    country = member.country
    permissions.check_can_nominate(by, event, country)
    if member.status != MembershipStatus.MEMBER or not member.is_active:
        raise ValidationError(_("Only approved members can be nominated."))
    if Nomination.objects.filter(event=event, member=member).exists():
        raise ValidationError(_("This person is already nominated for this event."))
    if quota_used(event, country) >= event.nomination_quota:
        raise ValidationError(
            _("Your country has used all its %(quota)s nominations for this event."),
            params={"quota": event.nomination_quota},
        )
    return Nomination.objects.create(
        event=event, country=country, member=member, nominated_by=by, note=note.strip()
    )


@transaction.atomic
def nomination_withdraw(*, nomination: Nomination, by) -> None:
    """A focal point withdraws a nomination that is still waiting for a decision."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    permissions.check_can_nominate(by, nomination.event, nomination.country)
    if nomination.status != NominationStatus.PENDING:
        raise ValidationError(_("Only a nomination awaiting confirmation can be withdrawn."))
    nomination.delete()


@transaction.atomic
def nomination_decide(*, nomination: Nomination, by, confirm: bool) -> Nomination:
    """Confirm (the nominee gets a seat) or decline a nomination; the nominee is emailed."""
    permissions.check_can_decide_nominations(by)
    nomination = (
        Nomination.objects.select_for_update()
        .select_related("event", "member")
        .get(pk=nomination.pk)
    )
    status = NominationStatus.CONFIRMED if confirm else NominationStatus.DECLINED
    if nomination.status == status:
        return nomination
    nomination.status = status
    nomination.decided_by = by
    nomination.decided_at = timezone.now()
    nomination.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    event = nomination.event
    registration, _created = Registration.objects.get_or_create(
        event=event, member=nomination.member, defaults={"status": RegistrationStatus.CANCELLED}
    )
    registration.status = RegistrationStatus.REGISTERED if confirm else RegistrationStatus.CANCELLED
    registration.queued_at = None
    registration.save(update_fields=["status", "queued_at", "updated_at"])
    send_to_member(
        template="events/email/nomination_confirmed"
        if confirm
        else "events/email/nomination_declined",
        member=nomination.member,
        context={"event": event, "nomination": nomination},
        attachments=[ics_attachment(event, with_join_details=True)] if confirm else None,
    )
    return nomination
