"""The knowledge library: documents members write, are coached on and publish.

A `Document` holds the authors' working text (in its original language, with
an optional translation) and moves draft -> in review -> published. Each
publication freezes the text into an immutable `DocumentVersion`; readers see
the document's `current_version` (and can open earlier ones), so authors can
revise a published document without readers seeing half-done work. `revision`
counts saves of the working text: the edit form carries it, and a save made on
an older revision is refused (two co-authors never silently overwrite each
other). Every step is a `DocumentStep` row (who, when).

Documentation cohorts (the social-reporting apprenticeship) admit participants
who each choose an activity and colleagues and move through milestones; a
`MilestoneReminder` row makes each reminder go out exactly once.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cop.languages import Language
from cop.models import EmailDelivery, StoredFile, TimeStampedModel
from cop.uploads import RandomName

TITLE_MAX = 200
SUMMARY_MAX = 1000
BODY_MAX = 60000
COMMENT_MAX = 5000


class DocumentKind(models.TextChoices):
    POLICY_NOTE = "policy_note", pgettext_lazy("document kind", "Policy note")
    GOOD_PRACTICE = "good_practice", pgettext_lazy("document kind", "Good-practice case")
    TRAINING = "training", pgettext_lazy("document kind", "Training material")
    REPORT = "report", pgettext_lazy("document kind", "Implementation report")


class DocumentState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("document state", "Draft")
    IN_REVIEW = "in_review", pgettext_lazy("document state", "In review")
    PUBLISHED = "published", pgettext_lazy("document state", "Published")


class Visibility(models.TextChoices):
    MEMBERS = "members", _("Members only")
    PUBLIC = "public", _("Public")


class Document(TimeStampedModel):
    """A policy note, good-practice case, training material or implementation report."""

    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=DocumentState.choices,
        default=DocumentState.DRAFT,
        db_index=True,
    )
    visibility = models.CharField(
        _("readers"), max_length=8, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    language = models.CharField(
        _("original language"), max_length=2, choices=Language.choices, default=Language.ARABIC
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    title_translation = models.CharField(_("translated title"), max_length=TITLE_MAX, blank=True)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX, blank=True)
    summary_translation = models.TextField(
        _("translated summary"), max_length=SUMMARY_MAX, blank=True
    )
    body = models.TextField(_("text (Markdown)"), blank=True)
    body_html = models.TextField(_("rendered text"), blank=True, editable=False)
    body_translation = models.TextField(_("translated text (Markdown)"), blank=True)
    body_translation_html = models.TextField(_("rendered translation"), blank=True, editable=False)
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="library_documents", verbose_name=_("authors")
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coached_documents",
        verbose_name=_("assigned coach"),
        help_text=_("Reads and comments on the document while it is in review."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    topics = models.ManyToManyField(
        "discussions.Topic", blank=True, related_name="library_documents", verbose_name=_("topics")
    )
    countries = models.ManyToManyField(
        "members.Country",
        blank=True,
        related_name="library_documents",
        verbose_name=_("countries concerned"),
    )
    series_number = models.PositiveIntegerField(
        _("series number"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Policy notes are numbered in one series when first published."),
    )
    revision = models.PositiveIntegerField(_("revision of the working text"), default=1)
    current_version = models.ForeignKey(
        "DocumentVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("latest published version"),
    )
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    source_thread = models.ForeignKey(
        "discussions.Thread",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_documents",
        verbose_name=_("started from the discussion"),
    )
    # Folded text of the current version (titles, summaries, bodies), for search.
    search_document = models.TextField(_("search document"), blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-first_published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["series_number"], name="library_unique_series_number"),
            models.CheckConstraint(
                condition=models.Q(series_number__isnull=True) | models.Q(kind="policy_note"),
                name="library_series_only_policy_notes",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "-first_published_at"], name="library_doc_kind"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("library:document", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.current_version_id is not None


class DocumentVersion(models.Model):
    """The text of a document as published once. Never changed after it is written."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    visibility = models.CharField(_("readers"), max_length=8, choices=Visibility.choices)
    language = models.CharField(_("original language"), max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    title_translation = models.CharField(_("translated title"), max_length=TITLE_MAX, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_translation = models.TextField(_("translated summary"), blank=True)
    body = models.TextField(_("text (Markdown)"), blank=True)
    body_html = models.TextField(_("rendered text"), blank=True)
    body_translation = models.TextField(_("translated text (Markdown)"), blank=True)
    body_translation_html = models.TextField(_("rendered translation"), blank=True)
    author_names = models.JSONField(
        _("authors as published"),
        default=list,
        help_text=_("The names printed in the citation of this version."),
    )

    class Meta:
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="library_unique_version"),
        ]

    def __str__(self):
        return f"{self.title} (v{self.number})"

    def get_absolute_url(self):
        return reverse("library:version", args=[self.document_id, self.number])


class StepAction(models.TextChoices):
    CREATED = "created", pgettext_lazy("document step", "Draft started")
    EDITED = "edited", pgettext_lazy("document step", "Text changed")
    SUBMITTED = "submitted", pgettext_lazy("document step", "Sent for review")
    COMMENTED = "commented", pgettext_lazy("document step", "Review comment")
    PUBLISHED = "published", pgettext_lazy("document step", "Published")
    REVISING = "revising", pgettext_lazy("document step", "Revision started")


class DocumentStep(models.Model):
    """The audit trail: who moved or changed a document, and when."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="steps", verbose_name=_("document")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    action = models.CharField(_("action"), max_length=12, choices=StepAction.choices)
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.document_id}"


class ReviewComment(TimeStampedModel):
    """A reviewer's (or an author's answering) comment on one section, threaded by `parent`."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="comments", verbose_name=_("document")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="library_comments",
        verbose_name=_("author"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    section = models.CharField(
        _("section"),
        max_length=TITLE_MAX,
        blank=True,
        help_text=_("The heading of the section commented on; empty for the whole document."),
    )
    body = models.TextField(_("comment (Markdown)"), max_length=COMMENT_MAX)
    body_html = models.TextField(_("rendered comment"), editable=False)
    revision = models.PositiveIntegerField(_("on revision"), default=1)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.document_id} · {self.section or '-'}"


# Named: the migrations refer to it.
attachment_path = RandomName("library/attachments")


class DocumentAttachment(StoredFile):
    """A file of a document (PDF, Office, image), served only through a checked download."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("document")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class SeriesCounter(models.Model):
    """The last number given in a numbered series; its row is locked while a number is taken."""

    series = models.CharField(_("series"), max_length=16, primary_key=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("series counter")
        verbose_name_plural = _("series counters")

    def __str__(self):
        return f"{self.series}: {self.last_number}"


class PublicationNotice(models.Model):
    """That `member` was told of `version`: at most one email per member and version."""

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="notices", verbose_name=_("version")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="library_notices",
        verbose_name=_("member"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("publication notice")
        verbose_name_plural = _("publication notices")
        constraints = [
            models.UniqueConstraint(fields=["version", "member"], name="library_unique_notice"),
        ]

    def __str__(self):
        return f"{self.member_id} ← {self.version_id}"


# --- Documentation cohorts ---------------------------------------------------------------


class Cohort(TimeStampedModel):
    """A documentation cohort (the apprenticeship): opened by the facilitators in admin."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    topic = models.ForeignKey(
        "discussions.Topic",
        on_delete=models.PROTECT,
        related_name="library_cohorts",
        verbose_name=_("topic"),
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    coaches = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coached_cohorts",
        verbose_name=_("coaches"),
    )
    webinars = models.ManyToManyField(
        "events.Event",
        through="CohortWebinar",
        blank=True,
        related_name="library_cohorts",
        verbose_name=_("coaching webinars"),
    )

    class Meta:
        verbose_name = _("documentation cohort")
        verbose_name_plural = _("documentation cohorts")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="library_cohort_dates_in_order",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("library:cohort", args=[self.pk])


class CohortWebinar(models.Model):
    """A coaching webinar: an event of the events app linked to a cohort."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, verbose_name=_("cohort"))
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="+", verbose_name=_("event")
    )

    class Meta:
        verbose_name = _("coaching webinar")
        verbose_name_plural = _("coaching webinars")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "event"], name="library_unique_webinar"),
        ]

    def __str__(self):
        return f"{self.cohort_id} · {self.event_id}"


class ActivityKind(models.TextChoices):
    OWN_EXPERIENCE = "own_experience", _("Documenting their own experience of what works")
    CROSS_COUNTRY = "cross_country", _("A good practice common to several countries")
    TRAINING = "training", _("A training material on the stages of a process")
    FOLLOW_THROUGH = "follow_through", _("A follow-through report on an implementation")


class CohortParticipant(TimeStampedModel):
    """A member admitted to a cohort, with the activity they chose and who they work with."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="participants", verbose_name=_("cohort")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="library_participations",
        verbose_name=_("participant"),
    )
    activity_kind = models.CharField(
        _("activity"), max_length=16, choices=ActivityKind.choices, blank=True
    )
    activity_title = models.CharField(_("what they document"), max_length=TITLE_MAX, blank=True)
    colleagues = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="library_colleague_of",
        verbose_name=_("colleagues"),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_coachees",
        verbose_name=_("coach"),
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("document"),
    )
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("admitted by"),
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["cohort", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "member"], name="library_unique_participant"),
        ]

    def __str__(self):
        return f"{self.member} · {self.cohort}"


class MilestoneKind(models.TextChoices):
    OUTLINE = "outline", pgettext_lazy("milestone", "Outline")
    FIRST_DRAFT = "first_draft", pgettext_lazy("milestone", "First draft")
    FINAL = "final", pgettext_lazy("milestone", "Final version")


class Milestone(models.Model):
    """A step every participant of a cohort reaches by its due date."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("cohort")
    )
    kind = models.CharField(_("milestone"), max_length=12, choices=MilestoneKind.choices)
    due_on = models.DateField(_("due"))

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["cohort", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "kind"], name="library_unique_milestone"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.due_on}"


class MilestoneProgress(models.Model):
    """A participant handed in a milestone (and, later, a coach gave feedback on it)."""

    participant = models.ForeignKey(
        CohortParticipant,
        on_delete=models.CASCADE,
        related_name="progress",
        verbose_name=_("participant"),
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="progress", verbose_name=_("milestone")
    )
    submitted_at = models.DateTimeField(_("handed in"))
    feedback_at = models.DateTimeField(_("feedback given"), null=True, blank=True)
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("feedback by"),
    )

    class Meta:
        verbose_name = _("milestone handed in")
        verbose_name_plural = _("milestones handed in")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "milestone"], name="library_unique_progress"
            ),
        ]

    def __str__(self):
        return f"{self.participant_id} · {self.milestone_id}"


class MilestoneReminder(EmailDelivery):
    """One milestone reminder per participant and milestone (`cop.models.EmailDelivery`)."""

    participant = models.ForeignKey(
        CohortParticipant,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("participant"),
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("milestone")
    )

    class Meta:
        verbose_name = _("milestone reminder")
        verbose_name_plural = _("milestone reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "milestone"], name="library_unique_reminder"
            ),
        ]

    def __str__(self):
        return f"{self.participant_id} · {self.milestone_id}"
