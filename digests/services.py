"""Building and queuing digests: found by a scanner, each (member, period) exactly once.

The scanner (`digests.send_due` on beat, `manage.py send_digests`) finds the
members whose local morning it is, whose digest is due today (daily, or the
first working day of their country's week) and who have no digest for that
local day yet. It hands them out in batches (`digests.send_batch` tasks, or
inline from the command). Each batch, in one transaction:

1. inserts the `DigestDelivery` rows with ON CONFLICT DO NOTHING and keeps the
   members for whom this run created one (a concurrent run, a redelivered
   task or a second beat that got there first wins; the others do nothing);
2. asks every app's `digest.py` for its sections (a constant number of
   queries per batch: `cop.digest`);
3. renders the emails of the members with something new through
   `cop.mail.send_templated_emails` (rows on the pipeline, sent after commit)
   and records each delivery's email, or `empty`.

A batch that dies half-way rolls back whole and the next scan does it again;
a batch committed is never done twice. The scanner is its own re-driver: a
lost task (or one never published while Redis was away) leaves members without
a delivery row, and the next scan finds them and queues them again; a batch
queued twice costs the second task one query and a claim that finds nothing.
"""

import logging
from collections import defaultdict
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation

from cop.digest import DigestBatch, Section
from cop.mail import Recipient, send_templated_emails
from cop.models import UnsubscribeScope
from cop.plugins import app_modules
from cop.queue import enqueue_redriven
from cop.sites import absolute_url
from members.models import DigestFrequency
from members.permissions import approved_members_q

from .models import DigestDelivery
from .timing import is_due, local_morning, window_start

logger = logging.getLogger(__name__)

FREQUENCIES = [DigestFrequency.DAILY, DigestFrequency.WEEKLY]


def digest_readers():
    """Everyone who may get a digest: approved, active, wants one, address not failing."""
    return (
        get_user_model()
        .objects.filter(approved_members_q())
        .filter(digest_frequency__in=FREQUENCIES, email_failing_since__isnull=True)
        .exclude(email="")
    )


def _due_filter(now) -> Q | None:
    """Members whose digest is due at `now` and not yet made: one condition per local date."""
    zones = set(digest_readers().order_by().values_list("timezone", flat=True).distinct())
    by_date: dict[date, list[str]] = defaultdict(list)
    for zone in zones:
        local_date = local_morning(zone, now)
        if local_date is not None:
            by_date[local_date].append(zone)
    condition = None
    for local_date, date_zones in by_date.items():
        weekday = local_date.weekday()
        week_starts = Q(country__week_starts_on=weekday)
        if weekday == settings.DIGEST_DEFAULT_WEEK_START:
            week_starts |= Q(country__isnull=True)
        made = DigestDelivery.objects.filter(member=OuterRef("pk"), period=local_date)
        part = (
            Q(timezone__in=date_zones)
            & (
                Q(digest_frequency=DigestFrequency.DAILY)
                | (Q(digest_frequency=DigestFrequency.WEEKLY) & week_starts)
            )
            & ~Exists(made)
        )
        condition = part if condition is None else condition | part
    return condition


def due_member_ids(*, now=None) -> list[int]:
    """Ids of the members whose digest is due now and not made yet (two queries)."""
    now = now or timezone.now()
    condition = _due_filter(now)
    if condition is None:
        return []
    return list(digest_readers().filter(condition).order_by("pk").values_list("pk", flat=True))


def digests_send_due(*, now=None, batch: int | None = None, inline: bool = False) -> int:
    """Scanner: hand every due digest to a batch; returns how many members were due.

    With `inline`, the batches run here (the command). Otherwise the batches
    are queued in DIGEST_LANES lanes: the first batch of each lane is published
    now, and each batch task publishes the next of its lane once its own emails
    are queued, so that workers alternate between building digests and sending
    the ones already built instead of building every digest first.
    """
    now = now or timezone.now()
    size = batch or settings.DIGEST_BATCH
    ids = due_member_ids(now=now)
    chunks = [ids[start : start + size] for start in range(0, len(ids), size)]
    if inline:
        for chunk in chunks:
            try:
                digest_batch_send(member_ids=chunk, now=now)
            except Exception:  # one failing batch does not stop the others; the next scan retries
                logger.exception("A digest batch failed (%d members)", len(chunk))
        return len(ids)
    lanes = max(1, settings.DIGEST_LANES)
    for lane in range(lanes):
        digest_lane_continue(chunks[lane::lanes])
    return len(ids)


def digest_lane_continue(chunks: list[list[int]]) -> None:
    """Publish the first batch of a lane (with the rest of it) after the current commit.

    No DeferredTask if the broker is away, and a lane lost with a worker or
    Redis is not lost for good: the next scan finds its members again.
    """
    from .tasks import send_batch

    if chunks:
        with transaction.atomic():
            enqueue_redriven(send_batch, chunks[0], chunks[1:])


def _claim(rows: list[tuple]) -> dict[int, int]:
    """Insert delivery rows (member, frequency, period, from, until).

    Returns {member id: delivery id} for the rows this call created.
    """
    if not rows:
        return {}
    meta = DigestDelivery._meta
    table = connection.ops.quote_name(meta.db_table)
    columns = [
        "member_id",
        "frequency",
        "period",
        "covers_from",
        "covers_until",
        "status",
        "item_count",
        "created_at",
    ]
    values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(rows))
    now = timezone.now()
    params = []
    for member_id, frequency, period, since, until in rows:
        params += [member_id, frequency, period, since, until, DigestDelivery.Status.EMPTY, 0, now]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values} "  # noqa: S608 - names from the model; values are parameters
            "ON CONFLICT (member_id, period) DO NOTHING RETURNING member_id, id",
            params,
        )
        return dict(cursor.fetchall())


def collect_sections(batch: DigestBatch) -> dict[int, list[Section]]:
    """Every app's sections for the batch: news first, each group in the order of PLATFORM_APPS."""
    sections: dict[int, list[Section]] = defaultdict(list)
    for module in app_modules("digest"):
        provide = getattr(module, "digest_sections", None)
        if provide is None:
            continue
        for member_id, parts in provide(batch).items():
            sections[member_id] += parts
    # What is new first; reminders of what the member knows (their next events) last.
    return {
        member_id: sorted(parts, key=lambda s: not s.news) for member_id, parts in sections.items()
    }


def digest_batch_send(*, member_ids: list[int], now=None) -> int:
    """Build and queue the digests of `member_ids` still due at `now`; returns how many were queued.

    One transaction; the number of queries does not depend on the batch's size.
    """
    now = now or timezone.now()
    with transaction.atomic():
        members = list(
            digest_readers().filter(pk__in=member_ids).select_related("country").order_by("pk")
        )
        last = dict(
            DigestDelivery.objects.filter(member_id__in=[m.pk for m in members])
            .values("member_id")
            .annotate(until=Max("covers_until"))
            .values_list("member_id", "until")
        )
        rows, periods = [], {}
        for member in members:
            local_date = local_morning(member.timezone, now)
            week_start = member.country.week_starts_on if member.country_id else None
            if local_date is None or not is_due(
                frequency=member.digest_frequency, local_date=local_date, week_starts_on=week_start
            ):
                continue  # no longer due (the task ran late, the preference changed)
            since = window_start(
                frequency=member.digest_frequency, last_until=last.get(member.pk), now=now
            )
            periods[member.pk] = since
            rows.append((member.pk, member.digest_frequency, local_date, since, now))
        claimed = _claim(rows)
        mine = [member for member in members if member.pk in claimed]
        if not mine:
            return 0
        batch = DigestBatch(members=mine, since={m.pk: periods[m.pk] for m in mine}, until=now)
        sections = collect_sections(batch)
        readers = [m for m in mine if any(s.news and s.items for s in sections.get(m.pk, []))]
        if not readers:
            return 0
        profile_urls = {}
        for member in readers:
            language = member.preferred_language
            if language not in profile_urls:
                with translation.override(language):
                    profile_urls[language] = absolute_url(reverse("members:profile_edit"))
        emails = send_templated_emails(
            template="digests/email/digest",
            recipients=[
                Recipient(
                    user=member,
                    context={
                        "sections": sections[member.pk],
                        "frequency": member.digest_frequency,
                        "item_count": _count(sections[member.pk]),
                        "profile_url": profile_urls[member.preferred_language],
                    },
                )
                for member in readers
            ],
            unsubscribe=UnsubscribeScope.DIGEST,
        )
        # send_templated_emails keeps the order of its recipients (and skips none here:
        # every reader wants the digest, as digest_readers() checked).
        _record_emails(
            [
                (claimed[member.pk], _count(sections[member.pk]), email.pk)
                for member, email in zip(readers, emails, strict=True)
            ]
        )
        return len(emails)


def _record_emails(rows: list[tuple[int, int, int]]) -> None:
    """Link deliveries to their emails: (delivery id, item count, email id), one statement.

    Written as UPDATE ... FROM (VALUES ...): the ORM's bulk_update builds a
    CASE expression per row, which costs more than building the digests.
    """
    table = connection.ops.quote_name(DigestDelivery._meta.db_table)
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    params = [value for row in rows for value in row]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS d SET status = %s, item_count = v.items, email_id = v.email "  # noqa: S608 - names from the model; values are parameters
            f"FROM (VALUES {values}) AS v(id, items, email) WHERE d.id = v.id",
            [DigestDelivery.Status.QUEUED, *params],
        )


def _count(sections: list[Section]) -> int:
    return sum(len(section.items) + section.more for section in sections if section.news)
