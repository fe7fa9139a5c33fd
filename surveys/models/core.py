"""Surveys: built by facilitators in admin, answered by members, one response each.

The shape, for whoever computes results (everything can be counted with
aggregate queries; no Python loop over responses is needed):

    Survey ──< Question ──< Choice
       │            │           │
       └──< Response ──< Answer ──< AnswerChoice >── Choice

- `Survey`: translated `title`/`intro` (modeltranslation: `title_ar`,
  `title_en`...), `opens_at`/`closes_at` (no `closes_at`: never closes, as the
  intake), an audience (`audience` everyone or the chosen `countries`;
  `applicants_too` opens it to approved members' future colleagues still
  waiting for approval), and `kind` (`intake` for the one intake survey, a
  database constraint keeps it unique).
- `Question`: `order`, `kind` (`QuestionKind`), translated `text`/`help`,
  `required`, `allow_other` ("other, please say" on single/multiple choice),
  `max_choices` (multiple choice: at most this many; ranking: rank this many,
  empty = all), `min_value`/`max_value` for numbers, and an optional `code`
  (stable key such as "topics" that seed data and code refer to).
- `Choice`: `order`, translated `label`, `value` (a Likert point's position on
  its scale, 1 = most negative; yes/no/maybe: 1 yes, 0 maybe, -1 no), and an
  optional discussion `topic` (choosing it makes the member follow the topic).
  Single, multiple, Likert, ranking and yes/no/maybe questions all answer
  through `Choice` rows; yes/no/maybe questions get their three choices from
  `surveys.services.question_sync_fixed_choices` when saved.
- `Response`: one per (survey, member) (`UniqueConstraint`); `status` draft or
  submitted, `submitted_at`; `country` is the member's country copied when the
  response is saved, so results filter and group by country without joining
  members (and keep counting after an account closes and `member` is emptied).
  Only `status="submitted"` responses count in results.
- `Answer`: one per (response, question), only for questions actually
  answered. `number_value` (number), `text_value` (short/long text),
  `other_text` (the "other, please say" text of a choice question), and
  `submitted_at`, the response's, copied when the answers are stored (empty in
  a draft) so that the results read a question's latest written answers from
  one index.
- `AnswerChoice`: one row per chosen choice: single/yes-no-maybe/Likert have
  one row, multiple has one per ticked option (count rows per choice and divide
  by respondents of the question for "share of respondents"), ranking has one
  row per ranked choice with `rank` (1 = first; mean rank = Avg("rank"),
  ranked first = Count(filter=Q(rank=1))). `question` is copied from the choice
  so counts per question need no join through `Answer`.

Example: counts per option of a question for submitted responses of one country:

    AnswerChoice.objects.filter(
        question=q, answer__response__status="submitted", answer__response__country=c
    ).values("choice").annotate(n=Count("answer__response", distinct=True))

Writes go through `surveys.services`; nothing here has side effects in `save()`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cop.models import EmailDelivery, TimeStampedModel


class SurveyKind(models.TextChoices):
    GENERAL = "general", pgettext_lazy("survey kind", "Survey")
    INTAKE = "intake", pgettext_lazy("survey kind", "Intake survey")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    COUNTRIES = "countries", _("Members of the chosen countries")


class Survey(TimeStampedModel):
    """A questionnaire for an audience, open between two dates."""

    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown above the questions.")
    )
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=SurveyKind.choices, default=SurveyKind.GENERAL
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(
        _("closes"), null=True, blank=True, help_text=_("Empty: the survey never closes.")
    )
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.EVERYONE
    )
    countries = models.ManyToManyField(
        "members.Country",
        verbose_name=_("countries"),
        blank=True,
        related_name="surveys",
        help_text=_("Only for the audience “members of the chosen countries”."),
    )
    applicants_too = models.BooleanField(
        _("applicants may answer too"),
        default=False,
        help_text=_("Otherwise only approved members can answer."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind="intake"), name="survey_one_intake"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_intake(self) -> bool:
        return self.kind == SurveyKind.INTAKE


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    LIKERT = "likert", _("Likert scale")
    RANKING = "ranking", _("Ranking")
    YES_NO_MAYBE = "yes_no_maybe", _("Yes / no / maybe")
    NUMBER = "number", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")


# Kinds answered by choosing among Choice rows.
CHOICE_KINDS = frozenset(
    {
        QuestionKind.SINGLE,
        QuestionKind.MULTIPLE,
        QuestionKind.LIKERT,
        QuestionKind.RANKING,
        QuestionKind.YES_NO_MAYBE,
    }
)
# Kinds where "other, please say" makes sense.
OTHER_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})
TEXT_KINDS = frozenset({QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT})


class Question(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(_("type"), max_length=16, choices=QuestionKind.choices)
    code = models.SlugField(
        _("code"),
        max_length=40,
        blank=True,
        help_text=_("Optional stable key, e.g. “topics”, for exports and personalisation."),
    )
    text = models.CharField(_("question"), max_length=500)
    help = models.TextField(_("help text"), blank=True)
    required = models.BooleanField(_("required"), default=True)
    allow_other = models.BooleanField(
        _("“other, please say”"),
        default=False,
        help_text=_("Single and multiple choice only: a box for an answer not in the list."),
    )
    max_choices = models.PositiveSmallIntegerField(
        _("maximum choices"),
        null=True,
        blank=True,
        help_text=_(
            "Multiple choice: at most this many options. Ranking: how many to rank "
            "(empty: all of them)."
        ),
    )
    min_value = models.DecimalField(
        _("smallest number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("largest number"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "code"], condition=~Q(code=""), name="question_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(max_choices__isnull=True) | Q(max_choices__gte=1),
                name="question_max_choices_positive",
            ),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        errors = {}
        if self.allow_other and self.kind not in OTHER_KINDS:
            errors["allow_other"] = _("Only single and multiple choice questions can have “other”.")
        if self.max_choices and self.kind not in (QuestionKind.MULTIPLE, QuestionKind.RANKING):
            errors["max_choices"] = _("A maximum applies to multiple choice and ranking only.")
        if self.kind != QuestionKind.NUMBER and (
            self.min_value is not None or self.max_value is not None
        ):
            errors["min_value"] = _("Number limits apply to number questions only.")
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.min_value > self.max_value
        ):
            errors["max_value"] = _("The largest number must not be below the smallest.")
        if errors:
            raise ValidationError(errors)

    @property
    def has_choices(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def accepts_other(self) -> bool:
        return self.allow_other and self.kind in OTHER_KINDS


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=300)
    value = models.SmallIntegerField(
        _("scale position"),
        null=True,
        blank=True,
        help_text=_("Likert scale: the point's position, 1 for the most negative."),
    )
    topic = models.ForeignKey(
        "discussions.Topic",
        verbose_name=_("discussion topic"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Members who choose this option follow the topic."),
    )

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "order", "pk"]

    def __str__(self):
        return self.label


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("survey response", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("survey response", "Submitted")


class Response(models.Model):
    """A member's answers to a survey: one per member, a draft until submitted."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
        help_text=_("Emptied when the member closes their account; the answers still count."),
    )
    country = models.ForeignKey(
        "members.Country",
        verbose_name=_("country"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ResponseStatus.choices,
        default=ResponseStatus.DRAFT,
        db_index=True,
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "member"], name="response_one_per_member"),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
                name="response_submitted_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["survey", "status", "country"], name="response_survey_status"),
            # Results: the latest free-text answers, read from the newest responses down.
            models.Index(
                fields=["survey", "status", "submitted_at"], name="response_latest_submitted"
            ),
        ]

    def __str__(self):
        return f"{self.survey} · {self.member or _('former member')}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    number_value = models.DecimalField(
        _("number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    text_value = models.TextField(_("text"), blank=True)
    other_text = models.CharField(_("other, please say"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_one_per_question"
            ),
        ]
        indexes = [
            # Results: a question's latest written answers (free text, "other, please
            # say") of submitted responses, newest first.
            models.Index(
                "question",
                models.F("submitted_at").desc(),
                models.F("id").desc(),
                condition=Q(submitted_at__isnull=False) & (~Q(text_value="") | ~Q(other_text="")),
                name="answer_latest_written",
            ),
        ]

    def __str__(self):
        return f"{self.response} · {self.question}"


class AnswerChoice(models.Model):
    answer = models.ForeignKey(
        Answer, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="chosen"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="+"
    )
    choice = models.ForeignKey(
        Choice, verbose_name=_("choice"), on_delete=models.CASCADE, related_name="chosen"
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)

    class Meta:
        verbose_name = _("chosen option")
        verbose_name_plural = _("chosen options")
        constraints = [
            models.UniqueConstraint(fields=["answer", "choice"], name="answerchoice_once"),
            models.UniqueConstraint(
                fields=["answer", "rank"],
                condition=Q(rank__isnull=False),
                name="answerchoice_rank_once",
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(rank__gte=1), name="answerchoice_rank_positive"
            ),
        ]
        indexes = [models.Index(fields=["question", "choice"], name="answerchoice_question")]

    def __str__(self):
        return f"{self.answer} · {self.choice}"


class TopicFollowFromSurvey(models.Model):
    """Marks a `TopicFollow` the survey created, so changing the answer changes only these.

    A follow the member made elsewhere has no such row and is never touched
    by the survey; unfollowing on the profile deletes the follow and this
    row with it.
    """

    follow = models.OneToOneField(
        "discussions.TopicFollow",
        verbose_name=_("followed topic"),
        on_delete=models.CASCADE,
        related_name="from_survey",
    )
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("topic followed through a survey")
        verbose_name_plural = _("topics followed through surveys")

    def __str__(self):
        return str(self.follow)


class ReminderDelivery(EmailDelivery):
    """The one reminder a member gets for a survey (`cop.models.EmailDelivery`)."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="reminders"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="survey_reminders_received",
    )

    class Meta:
        verbose_name = _("survey reminder")
        verbose_name_plural = _("survey reminders")
        constraints = [
            models.UniqueConstraint(fields=["survey", "member"], name="survey_reminder_once"),
        ]

    def __str__(self):
        return f"{self.survey} · {self.member}"
