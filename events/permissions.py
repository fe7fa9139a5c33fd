"""Who may do what with events. Every view calls a `check_can_*`; templates read the `can_*`.

Each rule is written once, as a `check_can_*` raising `PermissionDenied` with a
translated reason; the boolean is derived with `cop.rules.boolean`, and the
reason shown beside a missing button with `cop.rules.refusal`.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from cop.rules import boolean
from members.permissions import (
    can_manage_country,
    check_can_participate,
    check_is_member,
    focal_point_country_id,
    is_approved_member,
    is_facilitator,
)

from .models import EventStatus, RegistrationStatus


# --- Seeing events --------------------------------------------------------------
def check_can_view_event(user, event) -> None:
    """Public events are for everyone; the others for approved members."""
    if not event.is_public:
        check_is_member(user, _("This event is for members of the community."))


can_view_event = boolean(check_can_view_event)


def check_can_view_series(user, series) -> None:
    if not series.is_public:
        check_is_member(user, _("This series is for members of the community."))


can_view_series = boolean(check_can_view_series)


def check_can_see_join_details(user, event, registration=None) -> None:
    """The join link and dial-in numbers: registered members and facilitators only."""
    if is_facilitator(user):
        return
    holds_a_seat = (
        registration is not None
        and registration.member_id == getattr(user, "pk", None)
        and registration.status == RegistrationStatus.REGISTERED
        and is_approved_member(user)
        and event.status != EventStatus.CANCELLED
    )
    if not holds_a_seat:
        raise PermissionDenied(_("The join details are for the members registered for this event."))


can_see_join_details = boolean(check_can_see_join_details)


def check_can_view_materials(user, event) -> None:
    """Slides, recordings and notes are for members."""
    check_is_member(user, _("Materials are for members of the community."))


can_view_materials = boolean(check_can_view_materials)


# --- Registering ----------------------------------------------------------------
def check_can_register(user, event, *, now=None) -> None:
    """Register for `event` now (a seat or the waiting list)."""
    try:
        check_can_participate(user)
    except PermissionDenied:
        raise PermissionDenied(_("Only approved members can register for events.")) from None
    if event.status == EventStatus.CANCELLED:
        raise PermissionDenied(_("This event is cancelled."))
    if event.takes_nominations:
        raise PermissionDenied(
            _("Places at this event are given by nomination from your country's focal point.")
        )
    if (now or timezone.now()) >= event.closes_at:
        raise PermissionDenied(_("Registration for this event has closed."))


can_register = boolean(check_can_register)


def check_can_unregister(user, event, *, now=None) -> None:
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to manage your registrations."))
    if (now or timezone.now()) >= event.start:
        raise PermissionDenied(_("This event has already started."))


can_unregister = boolean(check_can_unregister)


def check_can_register_series(user, series) -> None:
    try:
        check_can_participate(user)
    except PermissionDenied:
        raise PermissionDenied(_("Only approved members can register for events.")) from None


can_register_series = boolean(check_can_register_series)


# --- Nominations ----------------------------------------------------------------
def check_can_nominate(user, event, country, *, now=None) -> None:
    """Nominate participants from `country` for `event`: its focal point, or a facilitator."""
    if not event.takes_nominations:
        raise PermissionDenied(_("This event does not take nominations."))
    if not (is_facilitator(user) or focal_point_country_id(user) is not None):
        raise PermissionDenied(_("Only focal points nominate participants."))
    if country is None or not can_manage_country(user, country):
        raise PermissionDenied(_("You can nominate participants from your own country only."))
    if event.status == EventStatus.CANCELLED:
        raise PermissionDenied(_("This event is cancelled."))
    if (now or timezone.now()) >= event.closes_at:
        raise PermissionDenied(_("Nominations for this event have closed."))


can_nominate = boolean(check_can_nominate)


def check_can_decide_nominations(user) -> None:
    if not is_facilitator(user):
        raise PermissionDenied(_("Only facilitators confirm nominations."))


can_decide_nominations = boolean(check_can_decide_nominations)


# --- Attendance and exports ------------------------------------------------------
def attendance_country_id(user) -> int | None:
    """The country whose registrations `user` may see (None: all, for facilitators)."""
    return None if is_facilitator(user) else focal_point_country_id(user)


def check_can_view_registrations(user, event) -> None:
    """Facilitators see everyone; a focal point sees their own country's people."""
    if not (is_facilitator(user) or focal_point_country_id(user) is not None):
        raise PermissionDenied(_("Only focal points and facilitators see who registered."))


can_view_registrations = boolean(check_can_view_registrations)


def check_can_take_attendance(user, event) -> None:
    if not is_facilitator(user):
        raise PermissionDenied(_("Only facilitators take attendance."))


can_take_attendance = boolean(check_can_take_attendance)


# --- Calendar feed ---------------------------------------------------------------
def check_can_have_calendar_feed(user) -> None:
    if not is_approved_member(user):
        raise PermissionDenied(_("A calendar feed is for approved members."))


can_have_calendar_feed = boolean(check_can_have_calendar_feed)
