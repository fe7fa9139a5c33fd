from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cop.models import TimeStampedModel


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
    position = models.PositiveSmallIntegerField(_("position"), default=0)

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
