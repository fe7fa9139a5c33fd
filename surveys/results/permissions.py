"""Who sees which survey results. Every results view calls a `check_can_*` from here.

Facilitators see every country's results and may download the raw answers
with names. A focal point sees their own country's results only, free-text
answers without names, and an anonymous CSV of their country's answers; asking
for another country (or for all countries) is refused with a reason. Nobody
else sees results.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from cop.rules import boolean
from members.models import Country
from members.permissions import focal_point_country_id, is_facilitator

COUNTRY_CODE_LENGTH = 2


def check_can_view_results(user, country: Country | None) -> None:
    """Results of `country` (None: all countries together)."""
    if is_facilitator(user):
        return
    own = focal_point_country_id(user)
    if own is None:
        raise PermissionDenied(_("Survey results are for focal points and facilitators."))
    if country is None or country.pk != own:
        raise PermissionDenied(_("A focal point sees the results of their own country only."))


can_view_results = boolean(check_can_view_results)


def check_can_export_answers(user, country: Country | None) -> None:
    """The answers as CSV: facilitators any country, focal points their own (anonymous)."""
    check_can_view_results(user, country)


can_export_answers = boolean(check_can_export_answers)


def shows_names(user) -> bool:
    """Whether free-text answers and exports name the person: facilitators only."""
    return is_facilitator(user)


def results_country_for(*, viewer, code: str | None) -> Country | None:
    """The country whose results `viewer` asked for (`?country=JO`), checked.

    A facilitator without a pick sees all countries (None); a focal point
    without one sees their own. An unknown code is a 404, another country
    for a focal point a 403 with the reason.
    """
    if not viewer.is_authenticated:
        raise PermissionDenied(_("Survey results are for focal points and facilitators."))
    if code:
        code = str(code)
        if len(code) != COUNTRY_CODE_LENGTH or not code.isascii() or not code.isalpha():
            raise Http404(_("No such country."))
        country = get_object_or_404(Country, code=code.upper())
    elif is_facilitator(viewer):
        country = None
    else:
        # focal_point_country_id has loaded the reverse relation: no second query.
        country = viewer.focal_point_of if focal_point_country_id(viewer) else None
    check_can_view_results(viewer, country)
    return country
