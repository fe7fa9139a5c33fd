from datetime import timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cop.rules import MembersOnly

from . import selectors, services

# "Last active" is for a roster, not a stopwatch: one write per member every few minutes.
LAST_ACTIVE_EVERY = timedelta(minutes=5)


class LastActiveMiddleware:
    """Keep `User.last_active` fresh with at most one UPDATE per member per LAST_ACTIVE_EVERY.

    It reads the value already loaded with `request.user`, so a request that
    does not need a write costs no query at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now()
            if user.last_active is None or now - user.last_active >= LAST_ACTIVE_EVERY:
                services.member_touch(member=user, now=now)
        return response


class TimeZoneMiddleware:
    """Show every date and time of a page in the reader's zone (see `selectors.time_zone_for`).

    Templates (`|date`, `{{ value }}`), forms and `timezone.localtime()` all
    follow the zone activated here for the whole request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.time_zone = selectors.time_zone_for(request)
        with timezone.override(ZoneInfo(request.time_zone)):
            return self.get_response(request)


class MembersOnlyMiddleware:
    """Answer `cop.rules.MembersOnly` (members-only content) as each person needs it.

    A visitor (a link from an email, a session that expired) goes to the sign-in
    page, which says why and brings them back to the page afterwards; an applicant
    reads that it will be available once their membership is approved; a
    suspended member that it is closed while the suspension lasts. One place for
    every members-only page: the permission checks raise, this answers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, MembersOnly):
            return None
        user = request.user
        if not user.is_authenticated:
            request.members_only_explained = True
            messages.info(
                request,
                _(
                    "This page is for members of the community. Sign in and you will come back to it."
                ),
            )
            query = urlencode({"next": request.get_full_path()}, safe="/")
            return redirect(f"{reverse('account_login')}?{query}")
        context = {
            "reason": str(exception),
            "status": user.status,
        }
        return render(request, "members/members_only.html", context, status=403)


class SignInReasonMiddleware:
    """Say why on the sign-in page when a page that needs an account sent a visitor there.

    Pages that need an account but are not members-only (`login_required`:
    one's messages, one's profile, a registration form) redirect a visitor to
    the sign-in page, which then reads as if nothing had happened. This adds
    the line saying why (members-only pages have their own, from
    `MembersOnlyMiddleware`). It sits after `MessageMiddleware`, so the line
    is stored with the redirect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 302
            and request.method == "GET"
            and not getattr(request, "members_only_explained", False)
            and not request.user.is_authenticated
            and response.get("Location", "").startswith(f"{reverse('account_login')}?next=")
        ):
            messages.info(
                request, _("Sign in to continue: you will come back to this page afterwards.")
            )
        return response
