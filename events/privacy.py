"""The events app's part of a member's data export, and what closing an account does here."""

from .models import CalendarFeed, Nomination, Registration, SeriesRegistration, Speaker


def member_data(member) -> dict:
    registrations = Registration.objects.filter(member=member).select_related("event")
    return {
        "registrations": [
            {
                "event": r.event.title,
                "start": r.event.start.isoformat(),
                "status": r.status,
                "attended": r.attended,
                "registered_at": r.created_at.isoformat(),
            }
            for r in registrations
        ],
        "series": [
            s.series.title
            for s in SeriesRegistration.objects.filter(member=member).select_related("series")
        ],
        "nominations": [
            {"event": n.event.title, "status": n.status, "note": n.note}
            for n in Nomination.objects.filter(member=member).select_related("event")
        ],
        "talks": [
            {"event": s.event.title, "bio": s.bio}
            for s in Speaker.objects.filter(member=member).select_related("event")
        ],
        # Nominations they made or decided as focal point or facilitator.
        "nominations_made": Nomination.objects.filter(nominated_by=member).count(),
        "nominations_decided": Nomination.objects.filter(decided_by=member).count(),
        "calendar_feed": CalendarFeed.objects.filter(member=member).exists(),
    }


def member_closed(member) -> None:
    """Free the person's seats (promoting the waiting list), drop series, feed and nominations.

    Past attendance stays (as counts under "former member") for the organisers' reports;
    talks they gave stay, under "former member"; nominations they made or decided stay.
    """
    from django.utils import timezone

    from .services import registration_cancel

    CalendarFeed.objects.filter(member=member).delete()
    SeriesRegistration.objects.filter(member=member).delete()
    Nomination.objects.filter(member=member, event__start__gt=timezone.now()).delete()
    upcoming = Registration.objects.filter(
        member=member, event__start__gt=timezone.now(), status__in=["registered", "waitlisted"]
    ).select_related("event")
    for registration in upcoming:
        registration_cancel(event=registration.event, member=member)
