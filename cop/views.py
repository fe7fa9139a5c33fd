from django.http import JsonResponse
from django.shortcuts import render
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
