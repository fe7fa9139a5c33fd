"""Who may do what with events. Every view calls a `check_*`; templates read the `can_*`.

Each refusal carries a translated reason; `*_refusal` functions return it (or
None), and `can_*`/`check_*` are derived from them, so a rule is written once.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from members.permissions import (
    can_manage_country,
    can_participate,
    focal_point_country_id,
    is_approved_member,
    is_facilitator,
)

from .models import EventStatus, RegistrationStatus


def _check(reason: str | None) -> None:
    if reason:
        raise PermissionDenied(reason)


# --- Seeing events --------------------------------------------------------------
def can_view_event(user, event) -> bool:
    """Public events are for everyone; the others for approved members."""
    return bool(event.is_public) or is_approved_member(user)


def check_can_view_event(user, event) -> None:
    _check(
        None if can_view_event(user, event) else _("This event is for members of the community.")
    )


def can_view_series(user, series) -> bool:
    return bool(series.is_public) or is_approved_member(user)


def check_can_view_series(user, series) -> None:
    _check(
        None if can_view_series(user, series) else _("This series is for members of the community.")
    )


def can_see_join_details(user, event, registration=None) -> bool:
    """The join link and dial-in numbers: registered members and facilitators only."""
    if is_facilitator(user):
        return True
    return bool(
        registration is not None
        and registration.member_id == getattr(user, "pk", None)
        and registration.status == RegistrationStatus.REGISTERED
        and is_approved_member(user)
        and event.status != EventStatus.CANCELLED
    )


def check_can_see_join_details(user, event, registration=None) -> None:
    _check(
        None
        if can_see_join_details(user, event, registration)
        else _("The join details are for the members registered for this event.")
    )


def can_view_materials(user, event) -> bool:
    """Slides, recordings and notes are for members."""
    return is_approved_member(user)


def check_can_view_materials(user, event) -> None:
    _check(
        None
        if can_view_materials(user, event)
        else _("Materials are for members of the community.")
    )


# --- Registering ----------------------------------------------------------------
def registration_refusal(user, event, *, now=None) -> str | None:
    """Why `user` cannot register for `event` now, or None if they can."""
    if not can_participate(user):
        return _("Only approved members can register for events.")
    if event.status == EventStatus.CANCELLED:
        return _("This event is cancelled.")
    if event.takes_nominations:
        return _("Places at this event are given by nomination from your country's focal point.")
    if (now or timezone.now()) >= event.closes_at:
        return _("Registration for this event has closed.")
    return None


def can_register(user, event, *, now=None) -> bool:
    return registration_refusal(user, event, now=now) is None


def check_can_register(user, event, *, now=None) -> None:
    _check(registration_refusal(user, event, now=now))


def unregistration_refusal(user, event, *, now=None) -> str | None:
    if not user.is_authenticated:
        return _("Sign in to manage your registrations.")
    if (now or timezone.now()) >= event.start:
        return _("This event has already started.")
    return None


def check_can_unregister(user, event, *, now=None) -> None:
    _check(unregistration_refusal(user, event, now=now))


def series_registration_refusal(user, series) -> str | None:
    if not can_participate(user):
        return _("Only approved members can register for events.")
    return None


def can_register_series(user, series) -> bool:
    return series_registration_refusal(user, series) is None


def check_can_register_series(user, series) -> None:
    _check(series_registration_refusal(user, series))


# --- Nominations ----------------------------------------------------------------
def nomination_refusal(user, event, country, *, now=None) -> str | None:
    """Why `user` cannot nominate participants from `country` for `event`, or None."""
    if not event.takes_nominations:
        return _("This event does not take nominations.")
    if not (is_facilitator(user) or focal_point_country_id(user) is not None):
        return _("Only focal points nominate participants.")
    if country is None or not can_manage_country(user, country):
        return _("You can nominate participants from your own country only.")
    if event.status == EventStatus.CANCELLED:
        return _("This event is cancelled.")
    if (now or timezone.now()) >= event.closes_at:
        return _("Nominations for this event have closed.")
    return None


def can_nominate(user, event, country, *, now=None) -> bool:
    return nomination_refusal(user, event, country, now=now) is None


def check_can_nominate(user, event, country, *, now=None) -> None:
    _check(nomination_refusal(user, event, country, now=now))


def can_decide_nominations(user) -> bool:
    return is_facilitator(user)


def check_can_decide_nominations(user) -> None:
    _check(None if can_decide_nominations(user) else _("Only facilitators confirm nominations."))


# --- Attendance and exports ------------------------------------------------------
def attendance_country_id(user) -> int | None:
    """The country whose registrations `user` may see (None: all for facilitators)."""
    return None if is_facilitator(user) else focal_point_country_id(user)


def can_view_registrations(user, event) -> bool:
    """Facilitators see everyone; a focal point sees their own country's people."""
    return is_facilitator(user) or focal_point_country_id(user) is not None


def check_can_view_registrations(user, event) -> None:
    _check(
        None
        if can_view_registrations(user, event)
        else _("Only focal points and facilitators see who registered.")
    )


def can_take_attendance(user, event) -> bool:
    return is_facilitator(user)


def check_can_take_attendance(user, event) -> None:
    _check(None if can_take_attendance(user, event) else _("Only facilitators take attendance."))


# --- Calendar feed ---------------------------------------------------------------
def can_have_calendar_feed(user) -> bool:
    return is_approved_member(user)


def check_can_have_calendar_feed(user) -> None:
    _check(None if can_have_calendar_feed(user) else _("A calendar feed is for approved members."))
