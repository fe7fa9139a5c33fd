"""Time zones as members read them: named after a city, in the interface language.

Every app that shows a time zone uses these helpers, so that "Amman" reads
"عمّان" in the Arabic interface and the region's zones come first in a list.
Names come from the CLDR data shipped with Babel.
"""

from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from babel.dates import get_timezone_location
from django.conf import settings
from django.utils import translation

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


def is_known(zone: str) -> bool:
    return zone == "UTC" or zone in _available()


@lru_cache(maxsize=1)
def _available() -> frozenset[str]:
    return frozenset(available_timezones())


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
