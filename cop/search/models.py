from django.db import models
from django.utils.translation import gettext_lazy as _

from cop.models import TimeStampedModel


class GlossaryTerm(TimeStampedModel):
    """One notion of the field in both languages: a query naming it in one language also
    looks for it in the other (and under its other names)."""

    english = models.CharField(_("English term"), max_length=150)
    arabic = models.CharField(_("Arabic term"), max_length=150)
    english_synonyms = models.TextField(
        _("other English names"), blank=True, help_text=_("One a line.")
    )
    arabic_synonyms = models.TextField(
        _("other Arabic names"), blank=True, help_text=_("One a line.")
    )

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["english"]
        constraints = [
            models.UniqueConstraint(fields=["english"], name="glossary_english_unique"),
            models.UniqueConstraint(fields=["arabic"], name="glossary_arabic_unique"),
        ]

    def __str__(self):
        return f"{self.english} ↔ {self.arabic}"

    def names(self) -> list[str]:
        """Every name of the notion, the two main terms first."""
        others = f"{self.english_synonyms}\n{self.arabic_synonyms}".splitlines()
        return [self.english, self.arabic, *(name.strip() for name in others if name.strip())]
