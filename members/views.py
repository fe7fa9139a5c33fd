from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cop.mail import unsubscribe_user_id

from . import services
from .models import User
from .permissions import check_can_participate, is_facilitator, is_focal_point


@csrf_exempt  # RFC 8058 one-click unsubscribe posts from the mail client, without a form.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Stop notifications and digests from a signed link; GET asks, POST does it."""
    user_id = unsubscribe_user_id(token)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return render(request, "members/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        services.member_unsubscribe(user=user)
        return render(request, "members/unsubscribe_done.html")
    return render(request, "members/unsubscribe_confirm.html", {"token": token})


def directory(request):
    """Member directory (filled by the members issue)."""
    check_can_participate(request.user)
    return render(request, "members/directory.html")


def roster(request):
    """A focal point's roster of their country (filled by the members issue)."""
    if not (is_facilitator(request.user) or is_focal_point(request.user)):
        raise PermissionDenied
    return render(request, "members/roster.html")
