"""Registering, unregistering and the waiting list, including the race for the last seat."""

import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone, translation

from cop.models import OutboundEmail
from events import services
from events.models import EventStatus, Registration, RegistrationStatus
from events.services import registrations as registration_module

from ..factories import UserFactory
from .factories import EventFactory, register


def statuses(event):
    return dict(Registration.objects.filter(event=event).values_list("member__email", "status"))


def test_a_member_registers_and_is_emailed_a_confirmation_with_the_ics(member, event, committed):
    with committed():
        registration = services.registration_create(event=event, member=member)
    assert registration.status == RegistrationStatus.REGISTERED
    email = OutboundEmail.objects.get(to=member.email)
    assert email.attachments[0]["filename"] == "event.ics"
    assert "BEGIN:VEVENT" in email.attachments[0]["content"]
    assert event.join_url in email.body_text


def test_when_full_the_next_member_is_waitlisted_and_promoted_with_an_email(country, committed):
    event = EventFactory(capacity=1)
    first, second = UserFactory(country=country), UserFactory(country=country)
    services.registration_create(event=event, member=first)
    waiting = services.registration_create(event=event, member=second)
    assert waiting.status == RegistrationStatus.WAITLISTED
    OutboundEmail.objects.all().delete()

    with committed():
        services.registration_cancel(event=event, member=first)

    assert statuses(event) == {first.email: "cancelled", second.email: "registered"}
    promoted = OutboundEmail.objects.get(to=second.email)
    assert promoted.kind == "events/email/promoted"
    assert not OutboundEmail.objects.filter(to=first.email).exists()


def test_more_seats_promote_the_waiting_list_in_order(country):
    event = EventFactory(capacity=1)
    people = [UserFactory(country=country) for _ in range(4)]
    for person in people:
        services.registration_create(event=event, member=person)
    before = services.sessions.Event.objects.get(pk=event.pk)
    event.capacity = 3
    services.event_save(event=event, before=before)
    got = statuses(event)
    assert [got[p.email] for p in people] == [
        "registered",
        "registered",
        "registered",
        "waitlisted",
    ]


def test_registering_twice_changes_nothing(member, event):
    services.registration_create(event=event, member=member)
    services.registration_create(event=event, member=member)
    assert Registration.objects.filter(event=event).count() == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"status": EventStatus.CANCELLED}, "This event is cancelled."),
        ({"registration_deadline_delta": -1}, "Registration for this event has closed."),
        ({"takes_nominations": True}, "Places at this event are given by nomination"),
    ],
)
def test_registration_is_refused_with_a_reason_and_nothing_changes(member, change, reason):
    fields = dict(change)
    delta = fields.pop("registration_deadline_delta", None)
    event = EventFactory(**fields)
    if delta is not None:
        event.registration_deadline = timezone.now() + timedelta(hours=delta)
        event.save()
    with translation.override("en"), pytest.raises(PermissionDenied, match=reason):
        services.registration_create(event=event, member=member)
    assert not Registration.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_an_applicant_cannot_register(applicant, event):
    with pytest.raises(PermissionDenied):
        services.registration_create(event=event, member=applicant)
    assert not Registration.objects.exists()


def test_the_register_page_refuses_after_the_deadline_with_a_message(member_client, member):
    event = EventFactory(registration_deadline=timezone.now() - timedelta(minutes=1))
    response = member_client.post(f"/en/events/{event.pk}/register/", follow=True)
    assert "Registration for this event has closed." in response.content.decode()
    assert not Registration.objects.exists()


def test_unregistering_after_the_start_is_refused(member, event):
    register(event, member)
    event.start = timezone.now() - timedelta(minutes=5)
    event.save()
    with pytest.raises(PermissionDenied):
        services.registration_cancel(event=event, member=member)
    assert statuses(event) == {member.email: "registered"}


# --- Real concurrency on PostgreSQL ---------------------------------------------------------
def _slow_counting(monkeypatch):
    """Make the race window wide: whoever counts the seats pauses before writing."""
    original = registration_module.seats_taken

    def slow(event):
        taken = original(event)
        time.sleep(0.4)
        return taken

    monkeypatch.setattr(registration_module, "seats_taken", slow)


def _in_threads(*jobs):
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_members_racing_for_the_last_seat_cannot_both_get_it(monkeypatch, country):
    event = EventFactory(capacity=1)
    first, second = UserFactory(country=country), UserFactory(country=country)
    _slow_counting(monkeypatch)

    _in_threads(
        lambda: services.registration_create(event=event, member=first),
        lambda: services.registration_create(event=event, member=second),
    )

    assert sorted(statuses(event).values()) == ["registered", "waitlisted"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_seats_freed_at_once_promote_two_different_people_once(monkeypatch, country):
    event = EventFactory(capacity=2)
    holders = [UserFactory(country=country) for _ in range(2)]
    waiting = [UserFactory(country=country) for _ in range(3)]
    for person in holders + waiting:
        services.registration_create(event=event, member=person)
    OutboundEmail.objects.all().delete()
    _slow_counting(monkeypatch)

    _in_threads(
        lambda: services.registration_cancel(event=event, member=holders[0]),
        lambda: services.registration_cancel(event=event, member=holders[1]),
    )

    got = statuses(event)
    assert [got[p.email] for p in waiting] == ["registered", "registered", "waitlisted"]
    assert sorted(OutboundEmail.objects.values_list("to", flat=True)) == sorted(
        p.email for p in waiting[:2]
    )
