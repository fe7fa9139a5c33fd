"""Topics, threads, threaded posts, follows, flags, attachments and notifications.

The tree of replies is a materialised path: every post stores `path`, the
fixed-width ids of its ancestors and itself, so ordering a thread's posts by
`path` yields depth-first reading order in one indexed query, and a subtree is
a prefix. `branch` points at the top-level reply a post belongs to, so a page
of the thread is "these 30 branches", one query however deep they go.

Texts are bilingual without doubling every column: each thread title and post
body is stored in its original `language`, plus an optional translation into
the other one (the platform has exactly two languages). Markdown is rendered
and sanitised once, when it is written, into the `*_html` columns.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cop.languages import Language
from cop.models import AbstractFlag, StoredFile, TimeStampedModel
from cop.uploads import RandomName

# Width of one path segment: ids up to 10^10 - 1 keep lexical order = numeric order.
PATH_SEGMENT = 10
MAX_DEPTH = 24


class Topic(models.Model):
    """A subject of discussion; `name` and `description` are translated."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Visitors can read public topics; other topics are for members only."),
    )
    position = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "slug"]

    def __str__(self):
        return self.name


class TopicFollow(TimeStampedModel):
    """A member follows a topic. These rows are also the member's "topics of interest"."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="topic_follows",
        verbose_name=_("member"),
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="follows", verbose_name=_("topic")
    )

    class Meta:
        verbose_name = _("followed topic")
        verbose_name_plural = _("followed topics")
        constraints = [
            models.UniqueConstraint(fields=["member", "topic"], name="unique_topic_follow"),
        ]

    def __str__(self):
        return f"{self.member} → {self.topic}"


class ThreadKind(models.TextChoices):
    QUESTION = "question", pgettext_lazy("thread kind", "Question")
    GOOD_PRACTICE = "practice", pgettext_lazy("thread kind", "Good practice")
    DISCUSSION = "discussion", pgettext_lazy("thread kind", "Discussion")
    ANNOUNCEMENT = "announcement", pgettext_lazy("thread kind", "Announcement")


class Thread(TimeStampedModel):
    """A conversation in a topic. Its opening text is the thread's first post."""

    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="threads", verbose_name=_("topic")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="threads",
        verbose_name=_("author"),
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=ThreadKind.choices, default=ThreadKind.DISCUSSION
    )
    language = models.CharField(
        _("original language"), max_length=2, choices=Language.choices, default=Language.ARABIC
    )
    title = models.CharField(_("title"), max_length=200)
    title_translation = models.CharField(
        _("translated title"),
        max_length=200,
        blank=True,
        help_text=_("The title in the other language."),
    )
    opening_post = models.OneToOneField(
        "Post",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opening post"),
    )
    accepted_answer = models.ForeignKey(
        "Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted answer"),
    )
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    last_activity_at = models.DateTimeField(_("last activity"), db_index=True)
    # Moves whenever what the replies show changes (a reply, an edit, a translation, a
    # hide, a "helpful" mark): the thread page keeps its replies in the cache under it.
    posts_version = models.PositiveIntegerField(_("replies version"), default=0, editable=False)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-is_pinned", "-last_activity_at", "-id"]
        indexes = [
            models.Index(
                fields=["topic", "-is_pinned", "-last_activity_at", "-id"],
                name="thread_topic_activity",
            ),
            models.Index(fields=["-last_activity_at", "-id"], name="thread_activity"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("discussions:thread", args=[self.pk])


class Post(TimeStampedModel):
    """One message in a thread: the opening post (no parent) or a reply to any post."""

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="discussion_posts",
        verbose_name=_("author"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("in reply to"),
    )
    branch = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("top-level reply"),
        help_text=_("The top-level reply this post sits under (itself for a top-level reply)."),
    )
    path = models.CharField(_("tree path"), max_length=PATH_SEGMENT * (MAX_DEPTH + 1))
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    language = models.CharField(
        _("original language"), max_length=2, choices=Language.choices, default=Language.ARABIC
    )
    body = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(_("rendered text"), editable=False)
    translation = models.TextField(
        _("translation (Markdown)"), blank=True, help_text=_("The text in the other language.")
    )
    translation_html = models.TextField(_("rendered translation"), blank=True, editable=False)
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("translated by"),
    )
    is_hidden = models.BooleanField(_("hidden"), default=False)
    edited_at = models.DateTimeField(_("last edited"), null=True, blank=True)
    # Kept by services.reactions with the reaction rows, so the page reads no count.
    helpful_count = models.PositiveIntegerField(_("marked helpful"), default=0, editable=False)
    # Normalised plain text (Arabic letter variants folded, diacritics removed)
    # that the search vector is built from; also the SQLite fallback's haystack.
    search_document = models.TextField(_("search document"), blank=True, editable=False)
    # GIN-indexed on PostgreSQL (migration 0003, which SQLite skips).
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        # By the column, not the relation: "thread" would join threads and sort by their ordering.
        ordering = ["thread_id", "path"]
        indexes = [
            models.Index(fields=["thread", "path"], name="post_thread_path"),
            models.Index(fields=["thread", "depth", "id"], name="post_thread_depth"),
            models.Index(fields=["branch", "path"], name="post_branch_path"),
        ]

    def __str__(self):
        return f"#{self.pk} in {self.thread_id}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("discussions:post", args=[self.pk])

    @property
    def is_opening(self) -> bool:
        return self.parent_id is None


class PostRevision(models.Model):
    """What a post (and, for an opening post, its thread title) said before an edit."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("post")
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("edited by"),
    )
    created_at = models.DateTimeField(_("edited"), auto_now_add=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    title_translation = models.CharField(_("translated title"), max_length=200, blank=True)
    language = models.CharField(_("original language"), max_length=2, choices=Language.choices)
    body = models.TextField(_("text (Markdown)"))
    translation = models.TextField(_("translation (Markdown)"), blank=True)

    class Meta:
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")
        ordering = ["-created_at"]

    def __str__(self):
        # In the reader's zone, like every time the site shows (admin lists it).
        return f"{self.post_id} @ {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"


# Named: the migrations refer to it.
attachment_path = RandomName("discussions/attachments")


class Attachment(StoredFile):
    """A file on a post. Served only through a permission-checked download view."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("post")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self):
        return self.original_name


class ThreadFollow(TimeStampedModel):
    """A member follows a thread; posting in a thread follows it."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="thread_follows",
        verbose_name=_("member"),
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="follows", verbose_name=_("thread")
    )

    class Meta:
        verbose_name = _("followed thread")
        verbose_name_plural = _("followed threads")
        constraints = [
            models.UniqueConstraint(fields=["member", "thread"], name="unique_thread_follow"),
        ]

    def __str__(self):
        return f"{self.member} → {self.thread_id}"


class Notification(TimeStampedModel):
    """That `member` should get an email about `post` now: the delivery record, one per (member, post).

    Only members who chose immediate emails get one; it is sent by the notify
    service and marked sent. Digest readers get no row: their digest reads
    what is new in what they follow when it is built (`discussions.digest`).
    The `digest` and `digested` states remain only for rows written before that.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        DIGEST = "digest", _("Waiting for the digest")
        DIGESTED = "digested", _("Included in a digest")
        SKIPPED = "skipped", _("Skipped")

    class Reason(models.TextChoices):
        THREAD = "thread", _("Followed thread")
        TOPIC = "topic", _("Followed topic")
        MENTION = "mention", _("Mentioned")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="discussion_notifications",
        verbose_name=_("member"),
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("post")
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["member", "post"], name="unique_post_notification"),
        ]

    def __str__(self):
        return f"{self.member} ← {self.post_id}"


class ThreadRead(models.Model):
    """Where a member stands in a thread: one row per member and thread, not per post.

    Posts written after `read_at` are new to them; the index, the topic pages
    and the thread page mark them, and "first unread" jumps to the earliest.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="thread_reads",
        verbose_name=_("member"),
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="reads", verbose_name=_("thread")
    )
    read_at = models.DateTimeField(_("last read"))

    class Meta:
        verbose_name = _("read marker")
        verbose_name_plural = _("read markers")
        constraints = [
            models.UniqueConstraint(fields=["member", "thread"], name="unique_thread_read"),
        ]

    def __str__(self):
        return f"{self.member_id} read {self.thread_id}"


class Reaction(models.Model):
    """A member found a post helpful: one per member and post."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="post_reactions",
        verbose_name=_("member"),
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="reactions", verbose_name=_("post")
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("“helpful” mark")
        verbose_name_plural = _("“helpful” marks")
        constraints = [
            models.UniqueConstraint(fields=["member", "post"], name="unique_post_reaction"),
        ]

    def __str__(self):
        return f"{self.member_id} → {self.post_id}"


class Flag(AbstractFlag):
    """A member tells the facilitators a post needs attention."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Abusive or disrespectful")
        OFF_TOPIC = "off_topic", _("Off topic")
        PRIVACY = "privacy", _("Shares personal data")
        OTHER = "other", _("Something else")

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="flags", verbose_name=_("post")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=models.Q(status="open"),
                name="unique_open_flag",
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} · {self.post_id}"


class ModerationAction(models.TextChoices):
    PIN = "pin", pgettext_lazy("moderation action", "Pinned")
    UNPIN = "unpin", pgettext_lazy("moderation action", "Unpinned")
    LOCK = "lock", pgettext_lazy("moderation action", "Locked")
    UNLOCK = "unlock", pgettext_lazy("moderation action", "Unlocked")
    HIDE = "hide", pgettext_lazy("moderation action", "Hidden from members")
    UNHIDE = "unhide", pgettext_lazy("moderation action", "Shown to members again")


# What each action sets on a thread: (field, value afterwards).
MODERATED_FIELDS = {
    ModerationAction.PIN: ("is_pinned", True),
    ModerationAction.UNPIN: ("is_pinned", False),
    ModerationAction.LOCK: ("is_locked", True),
    ModerationAction.UNLOCK: ("is_locked", False),
    ModerationAction.HIDE: ("is_hidden", True),
    ModerationAction.UNHIDE: ("is_hidden", False),
}
MODERATION_REASON_MAX_LENGTH = 1000
MODERATION_REASON_HELP = _("Kept in the moderation record; facilitators read it.")


class ModerationEvent(models.Model):
    """The moderation record: who pinned, locked or hid a thread or post, when and why.

    Written only by `discussions.services.moderation`; facilitators read it on
    the thread page and in admin.
    """

    thread = models.ForeignKey(
        Thread,
        on_delete=models.CASCADE,
        related_name="moderation_events",
        verbose_name=_("thread"),
    )
    post = models.ForeignKey(
        Post,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="moderation_events",
        verbose_name=_("post"),
        help_text=_("Empty when the thread itself was moderated."),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    action = models.CharField(_("action"), max_length=10, choices=ModerationAction.choices)
    reason = models.TextField(_("reason"), blank=True, max_length=MODERATION_REASON_MAX_LENGTH)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation record")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["thread", "-created_at"], name="moderation_thread_time")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(action="hide") | ~models.Q(reason=""),
                name="moderation_hide_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} · {self.post_id or self.thread_id}"
