from django.utils.translation import gettext as _

from cop.home import Panel

from . import permissions, selectors

PENDING_SHOWN = 5


def home_panels(request):
    """Focal points and facilitators: the requests waiting for them. Everyone: their profile."""
    user = request.user
    panels = []
    if permissions.can_view_roster(user):
        pending = selectors.pending_requests_for(viewer=user)
        requests = list(pending[: PENDING_SHOWN + 1])
        panels.append(
            Panel(
                title=_("Membership requests"),
                template="members/_home_pending.html",
                context={
                    "requests": requests[:PENDING_SHOWN],
                    "more": len(requests) > PENDING_SHOWN,
                    "count": pending.count() if len(requests) > PENDING_SHOWN else len(requests),
                },
                slug="membership-requests",
            )
        )
    if permissions.is_approved_member(user):
        panels.append(
            Panel(
                title=_("The community"),
                template="members/_home_member.html",
                context={},
                slug="community",
            )
        )
    elif permissions.can_edit_own_profile(user):
        panels.append(
            Panel(
                title=_("Your profile"),
                template="members/_home_applicant.html",
                context={"status": user.status},
                slug="profile",
            )
        )
    return panels
