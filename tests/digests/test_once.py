"""At most one digest per member and period: concurrent runs, redelivered tasks, two beats."""

import pytest
import time_machine
from django.db import IntegrityError, transaction

from cop.models import OutboundEmail
from digests import services
from digests.models import DigestDelivery
from discussions.models import TopicFollow
from tests.concurrency import run_in_threads

from .conftest import at, reader, start_thread
from .test_scale import many_readers

MORNING = at("2026-11-26 07:05", "Asia/Amman")


@pytest.fixture
def audience(jordan, topic):
    people = many_readers(60, jordan, prefix="once")
    TopicFollow.objects.bulk_create(TopicFollow(member=u, topic=topic) for u in people)
    start_thread(reader(jordan, frequency="none"), topic, when=at("2026-11-25 12:00"))
    return people


def digests_per_member():
    return list(
        OutboundEmail.objects.filter(kind="digests/email/digest")
        .values_list("to", flat=True)
        .order_by("to")
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_four_runs_at_once_send_each_digest_once(audience):
    run_in_threads(4, lambda n: services.digests_send_due(now=MORNING, batch=15 + n, inline=True))
    sent = digests_per_member()
    assert len(sent) == 60 and len(set(sent)) == 60
    assert DigestDelivery.objects.count() == 60
    assert not DigestDelivery.objects.filter(email__isnull=True).exists()


@pytest.mark.django_db
def test_a_redelivered_batch_and_a_second_beat_send_nothing_more(
    audience, django_capture_on_commit_callbacks
):
    ids = [person.pk for person in audience]
    assert services.digest_batch_send(member_ids=ids, now=MORNING) == 60
    # The broker hands the same task again (a worker died before acknowledging it).
    assert services.digest_batch_send(member_ids=ids, now=MORNING) == 0
    # Beat running in two places: both scans find nobody due.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send_due(now=MORNING) == 0
        assert services.digests_send_due(now=MORNING) == 0
    assert len(digests_per_member()) == 60


@pytest.mark.django_db
def test_the_database_refuses_a_second_delivery_for_the_same_period(audience):
    services.digest_batch_send(member_ids=[audience[0].pk], now=MORNING)
    delivery = DigestDelivery.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        DigestDelivery.objects.create(
            member=audience[0],
            frequency="weekly",
            period=delivery.period,
            covers_from=delivery.covers_from,
            covers_until=delivery.covers_until,
            status=DigestDelivery.Status.EMPTY,
        )


@pytest.mark.django_db
def test_a_batch_that_fails_half_way_leaves_nothing_and_the_next_scan_does_it(
    audience, monkeypatch
):
    from digests import services as module

    def broken(**kwargs):
        raise RuntimeError("the mail templates are broken")

    monkeypatch.setattr(module, "send_templated_emails", broken)
    services.digests_send_due(now=MORNING, inline=True)  # logged, not raised
    assert not DigestDelivery.objects.exists()
    monkeypatch.undo()
    assert services.digests_send_due(now=MORNING, inline=True) == 60
    assert len(digests_per_member()) == 60


@pytest.mark.django_db
def test_the_scan_hands_out_batches_in_lanes_that_each_carry_on_until_done(
    audience, django_capture_on_commit_callbacks, settings
):
    settings.DIGEST_LANES = 3
    with (
        time_machine.travel(MORNING, tick=False),
        django_capture_on_commit_callbacks(execute=True) as published,
    ):
        assert services.digests_send_due(batch=7) == 60
    assert len(published) >= 3  # three lanes first, each then publishing its next batch
    assert len(digests_per_member()) == 60
    assert DigestDelivery.objects.count() == 60
