"""Helpers for writing each permission rule once, in the style of Misago's checks.

A rule is a `check_can_<verb>_<thing>(user, obj)` that returns nothing when the
action is allowed and raises `PermissionDenied` with a translated reason (or
`Http404` where the thing must not be known to exist). The boolean that
templates, selectors and forms read is derived from it, never written again:

    can_edit_post = boolean(check_can_edit_post)

Read rules that are also queryset filters are written as *conditions*, a dict
of field lookups (`{"topic__is_public": True}`): `conditions_q` turns them into
a `Q` for the selectors, `conditions_match` tests one loaded object against
them, so the list and the detail page can never disagree.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404


def boolean(check: Callable[..., None]) -> Callable[..., bool]:
    """`can_*` from `check_*`: True unless the check refuses."""

    @wraps(check)
    def can(*args, **kwargs) -> bool:
        try:
            check(*args, **kwargs)
        except (PermissionDenied, Http404):
            return False
        return True

    can.__name__ = can.__qualname__ = check.__name__.replace("check_", "", 1)
    can.__doc__ = f"True when `{check.__name__}` allows it (same arguments)."
    return can


def refusal(check: Callable[..., None], *args, **kwargs) -> str | None:
    """The reason `check` gives for refusing (to show beside a missing action), or None."""
    try:
        check(*args, **kwargs)
    except PermissionDenied as denied:
        return str(denied) or None
    except Http404:
        return None
    return None


def conditions_q(conditions: dict, prefix: str = "") -> Q:
    """The filter selecting the rows that meet `conditions` (everything for `{}`)."""
    return Q(**{f"{prefix}{lookup}": value for lookup, value in conditions.items()})


def conditions_match(obj, conditions: dict) -> bool:
    """Whether one loaded object meets `conditions` (lookups are `a__b` attribute paths)."""
    for lookup, value in conditions.items():
        target = obj
        for name in lookup.split("__"):
            target = getattr(target, name)
        if target != value:
            return False
    return True


class MembersOnly(PermissionDenied):
    """Refusal of something that exists and is for approved members of the community.

    Raised by the read rules (`members.permissions.check_is_member`, used by every
    members-only page); `members.middleware.MembersOnlyMiddleware` answers it with
    the sign-in page and a way back (visitors), or "available once your membership
    is approved" (applicants). Anywhere else it is a `PermissionDenied` like any
    other, with its reason.
    """
