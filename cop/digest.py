"""What an app hands the email digest: sections of pre-rendered fragments for a batch of members.

An app contributes by defining, in its `digest.py`::

    digest_sections(batch: DigestBatch) -> dict[int, list[Section]]

returning, for the members of the batch it has something for (by member id),
its sections. The contract:

- A constant number of queries per batch, whatever its size (no query per
  member or per item): read what is new in bulk, then split it per member in
  Python. `tests/digests` asserts it for every provider.
- Read only: nothing is written per member or per item. What is "new" is what
  was created in `(batch.since[member id], batch.until]`.
- Only what the member may see (approved members; hidden posts and cancelled
  events left out).
- Items are `Fragment`s: a template rendered once per language (and time
  zone, unless the fragment shows no time) and then reused in every digest
  that shows the same thing, across the batches a worker process builds (a
  thread with the same new posts in 2,000 digests is rendered twice, once per
  language). A fragment's `key` must change when its content does: include
  the rows' `updated_at`.
- `Section.news` says whether the section alone justifies sending a digest
  (new posts, newly opened events or surveys); reminders of what the member
  already knows (their registered events) ride along but never make a digest
  go out on their own.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from .sites import absolute_url


@dataclass
class DigestBatch:
    """The members a digest run is building for, and the window each one's digest covers."""

    members: list  # users, with preferred_language, timezone, country_id, notification_mode
    since: dict[int, datetime]  # member id -> new since (exclusive)
    until: datetime  # new until (inclusive), the same for the whole batch
    cache: dict = field(default_factory=lambda: RENDERED)  # rendered fragments, see Fragment

    @property
    def member_ids(self) -> list[int]:
        return [member.pk for member in self.members]

    @property
    def earliest(self) -> datetime:
        return min(self.since.values(), default=self.until)


class RenderedFragments(dict):
    """Fragments rendered in this process, kept across batches; emptied when it grows too big.

    Keys name the content's version (see `Fragment`), so nothing stale is reused.
    """

    limit = 20_000

    def keep(self, key, value):
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value


RENDERED = RenderedFragments()


class Fragment:
    """Part of a digest, rendered once per (key, language[, zone]) however many digests show it.

    `template` names two templates, `<template>.html` and `<template>.txt`;
    `html` and `text` render them in the language and zone active at that
    moment (the recipient's, set by `cop.mail`). `zoned=False` for a fragment
    that shows no time of day: it is then rendered once per language only.
    """

    __slots__ = ("cache", "context", "key", "template", "zoned")

    def __init__(self, template: str, context: dict, *, key, cache: dict, zoned: bool = True):
        self.template = template
        self.context = context
        self.key = key
        self.cache = cache
        self.zoned = zoned

    def _render(self, suffix: str) -> str:
        where = (
            self.template,
            suffix,
            self.key,
            translation.get_language(),
            timezone.get_current_timezone_name() if self.zoned else "",
        )
        done = self.cache.get(where)
        if done is None:
            compiled = get_template(f"{self.template}.{suffix}")
            done = compiled.render(self.context)
            if isinstance(self.cache, RenderedFragments):
                self.cache.keep(where, done)
            else:
                self.cache[where] = done
        return done

    @property
    def html(self) -> SafeString:
        return mark_safe(self._render("html"))  # noqa: S308 - rendered by an autoescaping template

    @property
    def text(self) -> str:
        return self._render("txt").strip()


@dataclass
class Section:
    """One heading of a digest and its items (see the module docstring)."""

    key: str  # "discussions", "events"...; also the anchor in the HTML part
    title: str  # lazy translation, rendered in the recipient's language
    items: list[Fragment]
    news: bool = True
    more: int = 0  # items left out for length
    more_url: str = ""  # the URL name of the page where the rest can be read

    @property
    def more_link(self) -> str:
        """The absolute address of `more_url` in the active language."""
        return page_link(self.more_url, translation.get_language(), settings.SITE_URL)


@lru_cache(maxsize=64)
def page_link(name: str, language: str, site_url: str) -> str:
    """An absolute link to the page named `name`, in `language` (computed once per process)."""
    with translation.override(language):
        return absolute_url(reverse(name))
