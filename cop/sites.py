"""The platform's one site: its address is SITE_URL, its name is translated.

Absolute links (emails, feeds, allauth's messages) are built from SITE_URL, never
from a `django.contrib.sites` row that a migration once filled in (and that said
"localhost:8000" in production) nor from the Host header of whichever request
happened to send the email. `django.contrib.sites` is therefore not installed;
what allauth's email templates read from `current_site` (`name`, `domain`) comes
from here, in the recipient's language.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

SITE_NAME = _("MENA community of practice")


class Site:
    """Duck-types what templates read from `django.contrib.sites.models.Site`."""

    name = SITE_NAME

    @property
    def domain(self) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def __str__(self) -> str:
        return str(self.name)


def current_site() -> Site:
    return Site()


def absolute_url(path: str) -> str:
    """`path` (or an absolute URL, whose host is replaced) under SITE_URL's scheme and host."""
    parts = urlsplit(path)
    return settings.SITE_URL + urlunsplit(("", "", parts.path, parts.query, parts.fragment))
