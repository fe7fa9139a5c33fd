"""Running totals of the submitted answers, per survey, question, option and country.

The results page reads these instead of aggregating every answer: their size
depends on the survey's questions and the countries, not on the number of
responses. `surveys.services.tallies` keeps them exact in the same
transaction that submits, edits or deletes a response (it adds the new
answers' totals and subtracts the old ones), and rebuilds them from the raw
answers (`manage.py rebuild_survey_tallies`).

Only submitted responses are counted. Every tally is kept per country (the
response's `country`, none for a member without one) so that the page can
filter by country and hide small groups exactly as when it counted answers.
A row whose counts fell back to zero is kept: it reads as no answers. The
counts are plain integers, not `PositiveIntegerField`: PostgreSQL checks a
CHECK constraint on the row proposed for insertion before `ON CONFLICT`
turns it into an update, so a decrement would be refused; that a tally never
goes below zero is proven by tests against a count from scratch instead.

The unique keys use `Coalesce(country, 0)`: a response without a country has
one row per key too, and the services add to rows with
`INSERT ... ON CONFLICT ... DO UPDATE` (atomic, so concurrent submissions
never lose a count). A country with tallies cannot be deleted (`PROTECT`):
the figures of past surveys would silently change.
"""

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .core import Choice, Question, Survey


def _country_key():
    return Coalesce(F("country"), Value(0), output_field=models.IntegerField())


def _country():
    return models.ForeignKey(
        "members.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )


class SurveyTally(models.Model):
    """The submitted responses of one country to a survey."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="+"
    )
    country = _country()
    respondents = models.IntegerField(_("respondents"), default=0)
    # Raised by every change to a submitted response of the country: the cache
    # key of the results computed from these tallies.
    revision = models.PositiveBigIntegerField(_("revision"), default=0)

    class Meta:
        verbose_name = _("survey tally")
        verbose_name_plural = _("survey tallies")
        constraints = [
            models.UniqueConstraint(F("survey"), _country_key(), name="surveytally_once"),
        ]

    def __str__(self):
        return f"{self.survey_id} · {self.country_id}"


class QuestionTally(models.Model):
    """The submitted answers of one country to a question."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="+"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+"
    )
    country = _country()
    answers = models.IntegerField(_("answers"), default=0)
    others = models.IntegerField(_("answers with “other, please say”"), default=0)
    texts = models.IntegerField(_("written answers"), default=0)

    class Meta:
        verbose_name = _("question tally")
        verbose_name_plural = _("question tallies")
        constraints = [
            models.UniqueConstraint(F("question"), _country_key(), name="questiontally_once"),
        ]
        indexes = [models.Index(fields=["survey", "country"], name="questiontally_survey")]

    def __str__(self):
        return f"{self.question_id} · {self.country_id}"


class ChoiceTally(models.Model):
    """How often one country's submitted answers chose an option (and ranked it)."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="+"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+"
    )
    choice = models.ForeignKey(
        Choice, verbose_name=_("choice"), on_delete=models.CASCADE, related_name="+"
    )
    country = _country()
    chosen = models.IntegerField(_("chosen"), default=0)
    firsts = models.IntegerField(_("ranked first"), default=0)
    rank_sum = models.BigIntegerField(_("sum of ranks"), default=0)

    class Meta:
        verbose_name = _("option tally")
        verbose_name_plural = _("option tallies")
        constraints = [
            models.UniqueConstraint(F("choice"), _country_key(), name="choicetally_once"),
        ]
        indexes = [models.Index(fields=["survey", "country"], name="choicetally_survey")]

    def __str__(self):
        return f"{self.choice_id} · {self.country_id}"


class NumberTally(models.Model):
    """How many of one country's submitted answers to a number question gave `value`.

    A histogram rather than a sum, a minimum and a maximum: an edited answer
    is taken out of it exactly (a minimum cannot be "un-counted"), and the
    page's ranges are counted from it.
    """

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="+"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+"
    )
    country = _country()
    value = models.DecimalField(_("number"), max_digits=14, decimal_places=2)
    answers = models.IntegerField(_("answers"), default=0)

    class Meta:
        verbose_name = _("number tally")
        verbose_name_plural = _("number tallies")
        constraints = [
            models.UniqueConstraint(
                F("question"), _country_key(), F("value"), name="numbertally_once"
            ),
        ]
        indexes = [models.Index(fields=["survey", "country"], name="numbertally_survey")]

    def __str__(self):
        return f"{self.question_id} · {self.country_id} · {self.value}"
