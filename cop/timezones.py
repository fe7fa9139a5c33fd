"""Time zones as members read them: named after a city, in the interface language.

Every app that shows a time zone uses these helpers, so that "Amman" reads
"عمّان" in the Arabic interface and the region's zones come first in a list.
Names come from the CLDR data shipped with Babel.

`TimeZoneField` (a model field) and `TimeZoneFormField` offer that list in
every form, the admin's included; `browser_zone(request)` reads the zone a
visitor's browser reported (static/cop/timezone.js), checked against the list.
"""

from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from babel.dates import get_timezone_location
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .forms import QuickSelect

# Zones of the region first (the founding countries' capitals and main cities),
# then where partners and experts often work.
REGION_ZONES = (
    "Africa/Casablanca",
    "Africa/Algiers",
    "Africa/Tunis",
    "Africa/Tripoli",
    "Africa/Cairo",
    "Africa/Khartoum",
    "Africa/Nouakchott",
    "Africa/Djibouti",
    "Asia/Amman",
    "Asia/Beirut",
    "Asia/Damascus",
    "Asia/Hebron",
    "Asia/Gaza",
    "Asia/Baghdad",
    "Asia/Kuwait",
    "Asia/Riyadh",
    "Asia/Bahrain",
    "Asia/Qatar",
    "Asia/Dubai",
    "Asia/Muscat",
    "Asia/Aden",
    "Asia/Tehran",
    "Europe/Istanbul",
)
PARTNER_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Paris",
    "Europe/Brussels",
    "Europe/Berlin",
    "Europe/Rome",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Asia/Karachi",
    "Asia/Kolkata",
)
# The community's own time zone: visitors with no better clue see times here.
COMMUNITY_ZONE = getattr(settings, "COP_DEFAULT_TIME_ZONE", "Asia/Amman")


# The cookie static/cop/timezone.js sets to the zone the browser reports (Intl).
BROWSER_ZONE_COOKIE = "cop_tz"
ZONE_MAX_LENGTH = 64


def is_known(zone: str) -> bool:
    return zone == "UTC" or zone in _available()


def known_zone(value) -> str | None:
    """`value` if it names a zone of the IANA list, else None (for values from outside)."""
    if isinstance(value, str) and 0 < len(value) <= ZONE_MAX_LENGTH and is_known(value):
        return value
    return None


def browser_zone(request) -> str | None:
    """The zone the visitor's browser reported, if it is one we know; never trusted blindly."""
    return known_zone(request.COOKIES.get(BROWSER_ZONE_COOKIE))


@lru_cache(maxsize=1)
def _available() -> frozenset[str]:
    # Area/City names only: not the system's "localtime", "Factory" or legacy aliases ("Egypt").
    return frozenset(
        zone
        for zone in available_timezones()
        if "/" in zone and not zone.startswith(("posix/", "right/"))
    )


def _locale() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


@lru_cache(maxsize=512)
def _city(zone: str, locale: str) -> str:
    if zone == "UTC":
        with translation.override(locale):
            return translation.gettext("Coordinated Universal Time (UTC)")
    try:
        return get_timezone_location(ZoneInfo(zone), locale=locale, return_city=True)
    except (LookupError, ValueError):
        return zone.rsplit("/", 1)[-1].replace("_", " ")


def zone_city(zone: str) -> str:
    """The zone's city in the active language: "Amman" / "عمّان"."""
    return _city(zone, _locale())


def zone_choices(current: str = "") -> list[tuple[str, str]]:
    """Choices for a time-zone field: the region first, then partners' zones.

    Labels are city names in the active language; `current` is kept even when
    it is not one of ours, so that editing a profile never drops its zone.
    """
    region = [z for z in REGION_ZONES if is_known(z)]
    others = [z for z in PARTNER_ZONES if is_known(z) and z not in region]
    if current and is_known(current) and current not in region and current not in others:
        others.append(current)
    return [
        (translation.pgettext("time zones", "The region"), [(z, zone_city(z)) for z in region]),
        (translation.pgettext("time zones", "Elsewhere"), [(z, zone_city(z)) for z in others]),
    ]


# --- Fields --------------------------------------------------------------------------------


def validate_zone(value) -> None:
    if not known_zone(value):
        raise ValidationError(
            _("“%(value)s” is not a time zone we know."), code="invalid", params={"value": value}
        )


class TimeZoneSelect(QuickSelect):
    """The zone list, built when the field is shown: labels in the reader's language.

    The field's current value stays in the list even when it is not one of
    ours, so that saving a form never changes a zone nobody touched.
    """

    def __init__(self, attrs=None, blank_label=None):
        super().__init__(attrs)
        self.blank_label = blank_label

    def optgroups(self, name, value, attrs=None):
        current = next((v for v in value if v), "")
        choices = zone_choices(current)
        if self.blank_label is not None:
            choices = [("", self.blank_label), *choices]
        self.choices = choices
        return super().optgroups(name, value, attrs)


class TimeZoneFormField(forms.ChoiceField):
    """A time zone, chosen from `zone_choices` (any known IANA zone is accepted).

    `blank_label` adds an empty first choice, e.g. "Same as my country".
    """

    widget = TimeZoneSelect

    def __init__(self, *, blank_label=None, max_length=None, empty_value="", **kwargs):
        kwargs.pop("widget", None)  # admin proposes a text input for CharFields
        super().__init__(choices=(), **kwargs)
        self.widget.blank_label = blank_label
        if blank_label is not None:
            self.required = False

    def valid_value(self, value) -> bool:
        return known_zone(value) is not None


class TimeZoneField(models.CharField):
    """An IANA time zone name, offered in forms (and admin) as the region's list."""

    default_validators = [validate_zone]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", ZONE_MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{**kwargs, "form_class": TimeZoneFormField})
