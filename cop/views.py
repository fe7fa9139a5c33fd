from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from members.models import MembershipStatus
from members.permissions import is_facilitator

from .health import broker_state, database_state
from .home import collect_panels


@require_GET
def home(request):
    """The landing page for visitors; the member's own home once signed in."""
    if not request.user.is_authenticated:
        return render(
            request, "cop/landing.html", {"panels": collect_panels(request, "landing_panels")}
        )
    context = {
        "is_applicant": (
            request.user.status == MembershipStatus.APPLICANT and not is_facilitator(request.user)
        ),
        "panels": collect_panels(request),
    }
    return render(request, "cop/home.html", context)


@never_cache
@require_GET
def healthz(request):
    database_ok, database_detail = database_state()
    broker_ok, broker_detail = broker_state()
    healthy = database_ok and broker_ok
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "database": {"ok": database_ok, "detail": database_detail},
            "broker": {"ok": broker_ok, "detail": broker_detail},
        },
        status=200 if healthy else 503,
    )


def admin_login(request):
    """The admin's sign-in is the site's: one form, and allauth's limits on every attempt.

    Django's own admin login form would authenticate without any limit; this view
    takes its URL, so a password posted to it signs nobody in.
    """
    target = request.GET.get("next", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index")
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return HttpResponseRedirect(target)
        raise PermissionDenied(_("The facilitators' workbench is open to facilitators only."))
    return redirect(f"{reverse('account_login')}?{urlencode({'next': target}, safe='/')}")
