"""The platform's two languages, and the direction each is written in.

Every app takes `Language` from here (one enum for profiles, invitations,
posts...), and asks `direction(code)` rather than writing "rtl if Arabic"
again: the answer comes from Django's language info (`bidi`), so it holds
for any language the platform may add.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")


def direction(code: str | None) -> str:
    """ "rtl" or "ltr": how text in the language `code` is written ("ar" -> "rtl")."""
    try:
        bidi = translation.get_language_info(code or settings.LANGUAGE_CODE)["bidi"]
    except KeyError:
        bidi = False
    return "rtl" if bidi else "ltr"


def current_language() -> str:
    """The active interface language as one of `Language` ("ar-dz" -> "ar")."""
    code = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in Language.values else settings.LANGUAGE_CODE


def other_language(code: str) -> str:
    """The platform's other language: what a translation of a text in `code` is written in."""
    return Language.ENGLISH if code == Language.ARABIC else Language.ARABIC
