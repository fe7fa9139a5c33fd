"""Registering, unregistering, the waiting list and series registrations.

Every change of who holds a seat happens with the event's row locked
(`SELECT ... FOR UPDATE`), so two members can never both take the last seat
and two freed seats never promote the same person twice.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import permissions
from ..calendar import ics_attachment
from ..mailing import send_to_member
from ..models import Event, EventStatus, Registration, RegistrationStatus, SeriesRegistration


def _locked_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def seats_taken(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.REGISTERED).count()


def _has_seat(event: Event) -> bool:
    return event.capacity is None or seats_taken(event) < event.capacity


def _take_place(event: Event, member, *, series_registration=None) -> Registration:
    """Give `member` a seat or a waiting-list place; the event row must be locked."""
    status = RegistrationStatus.REGISTERED if _has_seat(event) else RegistrationStatus.WAITLISTED
    now = timezone.now()
    registration = Registration.objects.filter(event=event, member=member).first()
    if registration is None:
        registration = Registration(event=event, member=member)
    registration.status = status
    registration.queued_at = now if status == RegistrationStatus.WAITLISTED else None
    if series_registration is not None:
        registration.series_registration = series_registration
    registration.save()
    return registration


@transaction.atomic
def registration_create(*, event: Event, member) -> Registration:
    """Register `member` for `event`: a seat if one is free, else the waiting list.

    Registering again while registered or waiting changes nothing. The member is
    emailed a confirmation (with the .ics) when they get a seat.
    """
    event = _locked_event(event.pk)
    permissions.check_can_register(member, event)
    current = Registration.objects.filter(event=event, member=member).first()
    if current is not None and current.status != RegistrationStatus.CANCELLED:
        return current
    registration = _take_place(event, member)
    if registration.status == RegistrationStatus.REGISTERED:
        _email_seat(registration, template="events/email/registered")
    return registration


@transaction.atomic
def registration_cancel(*, event: Event, member) -> Registration | None:
    """Give up a seat or a waiting-list place; the next person waiting is promoted."""
    event = _locked_event(event.pk)
    permissions.check_can_unregister(member, event)
    registration = Registration.objects.filter(event=event, member=member).first()
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        return registration
    registration.status = RegistrationStatus.CANCELLED
    registration.queued_at = None
    registration.save(update_fields=["status", "queued_at", "updated_at"])
    waitlist_promote(event=event)
    return registration


def waitlist_promote(*, event: Event) -> list[Registration]:
    """Fill free seats from the waiting list, oldest first, and email each person promoted.

    Runs inside the caller's transaction with the event row locked (it locks it
    itself otherwise), so concurrent calls never promote more than the free seats.
    """
    with transaction.atomic():
        event = _locked_event(event.pk)
        if event.status == EventStatus.CANCELLED or timezone.now() >= event.start:
            return []
        waiting = event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
            "queued_at", "pk"
        )
        if event.capacity is not None:
            free = event.capacity - seats_taken(event)
            if free <= 0:
                return []
            waiting = waiting[:free]
        promoted = list(waiting.select_related("member"))
        for registration in promoted:
            registration.status = RegistrationStatus.REGISTERED
            registration.queued_at = None
            registration.save(update_fields=["status", "queued_at", "updated_at"])
            _email_seat(registration, template="events/email/promoted")
        return promoted


def _email_seat(registration: Registration, *, template: str) -> None:
    event = registration.event
    send_to_member(
        template=template,
        member=registration.member,
        context={"event": event},
        attachments=[ics_attachment(event, with_join_details=True)],
    )


# --- Series -----------------------------------------------------------------------
@transaction.atomic
def series_register(*, series, member) -> SeriesRegistration:
    """Register `member` for the whole series: every upcoming session now, and each new one.

    Sessions the member had unregistered from stay skipped.
    """
    permissions.check_can_register_series(member, series)
    try:
        with transaction.atomic():
            series_registration, _created = SeriesRegistration.objects.get_or_create(
                series=series, member=member
            )
    except IntegrityError:  # the same member, twice at once
        series_registration = SeriesRegistration.objects.get(series=series, member=member)
    for event in series.sessions.filter(start__gt=timezone.now()).order_by("start"):
        session_join(event=event, series_registration=series_registration)
    return series_registration


def session_join(*, event: Event, series_registration: SeriesRegistration) -> Registration | None:
    """Give a series registrant a place at one session, unless they skipped it or cannot."""
    with transaction.atomic():
        event = _locked_event(event.pk)
        member = series_registration.member
        if not permissions.can_register(member, event):
            return None
        existing = Registration.objects.filter(event=event, member=member).first()
        if existing is not None:
            # Already there, or skipped on purpose: never re-added by the series.
            return existing
        return _take_place(event, member, series_registration=series_registration)


@transaction.atomic
def series_unregister(*, series, member) -> int:
    """Leave the series and every upcoming session of it; returns how many sessions were left."""
    SeriesRegistration.objects.filter(series=series, member=member).delete()
    left = 0
    for event in series.sessions.filter(
        start__gt=timezone.now(),
        registrations__member=member,
        registrations__status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED],
    ):
        registration_cancel(event=event, member=member)
        left += 1
    return left
