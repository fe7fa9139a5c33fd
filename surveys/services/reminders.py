"""The reminder before a survey closes: to each member of its audience who has not answered, once.

The scanner (`surveys.send_reminders` on beat) finds the open surveys closing
within `SURVEY_REMINDER_DAYS`, then, batch by batch, in one transaction:

1. inserts the `ReminderDelivery` rows with ON CONFLICT DO NOTHING, learning
   which ones this run created (a concurrent run that got there first wins);
2. renders and stores the emails for exactly those rows, each in its
   recipient's language and time zone, with the `survey_reminders`
   unsubscribe link, expiring at the close date;
3. links the rows to their emails.

A run that dies half-way rolls its batch back whole; the next run does it again.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from cop.mail import send_templated_emails, wants_email
from cop.models import UnsubscribeScope
from members.models import MembershipStatus
from members.permissions import approved_members_q

from ..models import Audience, ReminderDelivery, Response, ResponseStatus, Survey

logger = logging.getLogger(__name__)


def surveys_needing_reminders(now):
    """Open surveys that close within the reminder window."""
    window = timedelta(days=settings.SURVEY_REMINDER_DAYS)
    return Survey.objects.filter(
        opens_at__lte=now, closes_at__gt=now, closes_at__lte=now + window
    ).prefetch_related("countries")


def due_members(survey: Survey):
    """The survey's audience who want reminders, have not submitted, and were not reminded."""
    people = Q(approved_members_q())
    if survey.applicants_too:
        people |= Q(is_active=True, status=MembershipStatus.APPLICANT)
    members = get_user_model().objects.filter(people, survey_reminders=True)
    if survey.audience == Audience.COUNTRIES:
        members = members.filter(country__in=[c.pk for c in survey.countries.all()])
    answered = Response.objects.filter(
        survey=survey, member=OuterRef("pk"), status=ResponseStatus.SUBMITTED
    )
    reminded = ReminderDelivery.objects.filter(survey=survey, member=OuterRef("pk"))
    return members.filter(~Exists(answered), ~Exists(reminded)).order_by("pk")


def _claim(survey: Survey, member_ids: list[int]) -> dict[int, int]:
    """Insert the delivery rows; return {member id: delivery id} for those created now."""
    if not member_ids:
        return {}
    table = ReminderDelivery._meta.db_table
    now = timezone.now()
    values = ", ".join(["(%s, %s, %s)"] * len(member_ids))
    params = []
    for member_id in member_ids:
        params += [survey.pk, member_id, now]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (survey_id, member_id, created_at) VALUES {values} "  # noqa: S608 - table name from the model; values are parameters
            "ON CONFLICT (survey_id, member_id) DO NOTHING RETURNING id, member_id",
            params,
        )
        return {member_id: pk for pk, member_id in cursor.fetchall()}


def reminder_batch_send(*, survey: Survey, batch: int) -> int:
    """One batch in one transaction; returns how many members it handled (0: nothing left)."""
    with transaction.atomic():
        members = list(due_members(survey)[:batch])
        claimed = _claim(survey, [m.pk for m in members])
        mine = [m for m in members if m.pk in claimed]
        if not mine:
            return 0
        wanted = [m for m in mine if wants_email(m, UnsubscribeScope.SURVEY_REMINDERS)]
        rows = send_templated_emails(
            template="surveys/email/reminder",
            recipients=wanted,
            context={"survey": survey},
            unsubscribe=UnsubscribeScope.SURVEY_REMINDERS,
            # A reminder still unsent when the survey closes is pointless.
            not_after=survey.closes_at,
        )
        emails = {m.pk: row.pk for m, row in zip(wanted, rows, strict=True)}
        ReminderDelivery.objects.bulk_update(
            [
                ReminderDelivery(
                    pk=claimed[m.pk], survey=survey, member=m, email_id=emails.get(m.pk)
                )
                for m in mine
            ],
            ["email"],
        )
        return len(mine)


def reminders_send_due(*, now=None, batch: int | None = None) -> int:
    """Queue every survey reminder due now, at most one per member and survey."""
    now = now or timezone.now()
    batch = batch or settings.SURVEY_REMINDER_BATCH
    sent = 0
    for survey in surveys_needing_reminders(now):
        try:
            while count := reminder_batch_send(survey=survey, batch=batch):
                sent += count
        except Exception:  # one survey's failure must not stop the others
            logger.exception("Reminders for survey %s failed", survey.pk)
    return sent
