"""Milestone reminders: each (participant, milestone) reminded exactly once, in their zone.

The beat scanner (`library.send_milestone_reminders`) looks at the milestones
of running cohorts due within the next days. A participant who has not
handed a milestone in is reminded once their own local date is
`LIBRARY_REMINDER_DAYS` days before it (or closer) and their local time is
past `LIBRARY_REMINDER_HOUR`: a reminder never arrives at night where they
live. The `MilestoneReminder` row (unique per participant and milestone) is
inserted in the same transaction as the email: a second run, or a concurrent
one, finds the row and sends nothing.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cop.mail import email_time_zone, send_templated_email
from cop.models import UnsubscribeScope

from ..models import CohortParticipant, Milestone, MilestoneProgress, MilestoneReminder

logger = logging.getLogger(__name__)


def reminder_is_due(*, due_on, zone_name: str, now) -> bool:
    """Whether a participant living in `zone_name` should be reminded of `due_on` now."""
    local = now.astimezone(email_time_zone(zone_name))
    days_left = (due_on - local.date()).days
    return 0 <= days_left <= settings.LIBRARY_REMINDER_DAYS and (
        local.hour >= settings.LIBRARY_REMINDER_HOUR
    )


def _due_milestones(now):
    # A day of margin on each side covers every zone's local date.
    today = now.date()
    return Milestone.objects.filter(
        due_on__gte=today - timedelta(days=1),
        due_on__lte=today + timedelta(days=settings.LIBRARY_REMINDER_DAYS + 1),
        cohort__starts_on__lte=today + timedelta(days=1),
        cohort__ends_on__gte=today - timedelta(days=1),
    ).select_related("cohort")


def _remind(participant: CohortParticipant, milestone: Milestone) -> bool:
    """Send one reminder unless its row exists; True when this call sent it.

    A participant who turned milestone reminders off gets a row without an
    email: they are not looked at again for this milestone.
    """
    try:
        with transaction.atomic():
            reminder = MilestoneReminder.objects.create(
                participant=participant, milestone=milestone
            )
            reminder.email = send_templated_email(
                template="library/email/milestone_reminder",
                user=participant.member,
                context={"milestone": milestone, "participant": participant},
                unsubscribe=UnsubscribeScope.COACHING_REMINDERS,
            )
            reminder.save(update_fields=["email"])
    except IntegrityError:
        return False  # another run reminded them first
    return reminder.email is not None


def milestone_reminders_send_due(*, now=None) -> int:
    """Queue every milestone reminder due now, exactly once each. Returns how many."""
    now = now or timezone.now()
    sent = 0
    for milestone in _due_milestones(now):
        handed_in = MilestoneProgress.objects.filter(milestone=milestone).values("participant_id")
        reminded = MilestoneReminder.objects.filter(milestone=milestone).values("participant_id")
        participants = (
            CohortParticipant.objects.filter(cohort_id=milestone.cohort_id, member__is_active=True)
            .exclude(pk__in=handed_in)
            .exclude(pk__in=reminded)
            .select_related("member", "cohort")
        )
        for participant in participants:
            if not reminder_is_due(
                due_on=milestone.due_on, zone_name=participant.member.timezone, now=now
            ):
                continue
            try:
                sent += _remind(participant, milestone)
            except Exception:  # one failure does not stop the others
                logger.exception("milestone reminder %s/%s failed", participant.pk, milestone.pk)
    return sent
