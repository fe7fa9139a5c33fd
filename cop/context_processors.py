from django.urls import translate_url
from django.utils import timezone
from django.utils.translation import get_language

from members import permissions

from .languages import direction
from .timezones import zone_city

LANGUAGE_SWITCH = (("ar", "العربية"), ("en", "English"))


def site(request):
    """Layout data for every page: direction, the language switcher and the viewer's roles."""
    current = get_language() or "ar"
    path = request.get_full_path()
    user = request.user if hasattr(request, "user") else None
    return {
        "text_direction": direction(current),
        # The zone every time on the page is shown in (members.middleware.TimeZoneMiddleware).
        "time_zone_city": zone_city(timezone.get_current_timezone_name()),
        "language_links": [
            {
                "code": code,
                "label": label,
                "url": translate_url(path, code),
                "current": code == current,
            }
            for code, label in LANGUAGE_SWITCH
        ],
        "viewer_is_member": bool(user and permissions.is_approved_member(user)),
        "viewer_is_facilitator": bool(user and permissions.is_facilitator(user)),
        "viewer_is_focal_point": bool(user and permissions.is_focal_point(user)),
        "viewer_can_view_roster": bool(user and permissions.can_view_roster(user)),
    }
