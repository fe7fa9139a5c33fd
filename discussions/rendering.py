"""The posts of the thread page, rendered in Python: the page's hot loop.

A thread page shows up to a hundred posts. Through a Django template each
post cost some two hundred node renders (conditions, translations, filters,
an include), which made rendering half the page's time (issue 10, item 14).
Here each post is one f-string: the interface strings are translated once per
page, every value that comes from a person is escaped with `escape`, and the
stored Markdown HTML (`body_html`, sanitised when written) is inserted as is.

What the viewer may do with a post is still `post.can`
(`permissions.post_actions`); this module shows those actions and never
decides who may do what. The rarely shown parts (a facilitator's moderation
note) still come from their template.
"""

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import get_language, gettext, ngettext

from cop.dates import PageDateFormat

from .forms import ReplyForm
from .models import MODERATION_REASON_MAX_LENGTH

DATE_FORMAT = "SHORT_DATETIME_FORMAT"  # the language's own (cop/formats)

# The empty reply form under every thread is the same for everyone reading one
# language: its fields are rendered once per language in each process.
_empty_reply_fields: dict[str, SafeString] = {}


def empty_reply_form_fields() -> SafeString:
    """The fields of an unbound `ReplyForm`, as `{{ form }}` renders them."""
    language = get_language()
    html = _empty_reply_fields.get(language)
    if html is None:
        html = _empty_reply_fields[language] = ReplyForm().render()
    return html


class PostRenderer:
    """Renders posts of one thread page for one request (strings translated once)."""

    def __init__(self, request, thread):
        self.thread = thread
        # Read once per page rather than parsed for each post (as the `date` filter does).
        self.dates = PageDateFormat(get_format(DATE_FORMAT))
        # The reader's time zone, looked up once (template_localtime did it per post).
        self.tz = get_current_timezone() if settings.USE_TZ else None
        # Escaped display names by author id: authors recur on a page, names are per reader.
        self.names: dict[int, str] = {}
        token = escape(get_token(request))
        self.csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        self.attachment_url = reverse("discussions:attachment", args=[987654321]).replace(
            "987654321", "{}"
        )
        self.reply_to = gettext("in reply to <bdi>%(name)s</bdi>")
        self.t = {
            "hidden": escape(gettext("A facilitator has hidden this post.")),
            "expert": escape(gettext("Expert")),
            "accepted": escape(gettext("Accepted answer")),
            "hidden_badge": escape(gettext("Hidden from members")),
            "new": escape(gettext("New")),
            "earlier": escape(gettext("in reply to an earlier post")),
            "link": escape(gettext("Link to this post")),
            "edited": escape(gettext("edited")),
            "from_ar": escape(gettext("Translated from Arabic")),
            "from_en": escape(gettext("Translated from English")),
            "original": escape(gettext("Show the original")),
            "files": escape(gettext("Attachments")),
            "helpful": escape(gettext("Helpful")),
            "reply": escape(gettext("Reply")),
            "edit": escape(gettext("Edit")),
            "edit_translation": escape(gettext("Edit the translation")),
            "add_translation": escape(gettext("Add a translation")),
            "flag": escape(gettext("Flag")),
            "unaccept": escape(gettext("Unmark as the answer")),
            "accept": escape(gettext("Mark as the answer")),
            "show": escape(gettext("Show to members")),
            "hide_more": escape(gettext("Hide…")),
            "why": escape(gettext("Why hide it? (kept in the moderation record)")),
            "hide": escape(gettext("Hide")),
        }

    def render_all(self, posts) -> SafeString:
        return mark_safe("".join(self.render(post) for post in posts))  # noqa: S308

    def render(self, post) -> str:
        classes = f"post post--indent-{getattr(post, 'indent', 0) or 0}"
        if post.is_hidden:
            classes += " is-hidden"
        if getattr(post, "is_accepted", False):
            classes += " post--accepted"
        if post.is_opening:
            classes += " post--opening"
        unread = getattr(post, "is_unread", False)
        if unread:
            classes += " is-unread"
        opening = (
            f'<article id="post-{post.pk}" class="{classes}"{" data-unread" if unread else ""}>'
        )
        if not post.can.read:
            body = f'<p class="post__tombstone">{self.t["hidden"]}</p>\n'
        else:
            body = self._head(post, unread) + self._body(post) + self._actions(post)
        more = ""
        if getattr(post, "more_count", 0):
            label = escape(
                ngettext(
                    "Show %(counter)s more reply", "Show %(counter)s more replies", post.more_count
                )
                % {"counter": post.more_count}
            )
            more = (
                f'<p class="post__more"><a href="{escape(post.more_url)}" '
                f'data-testid="more-replies">{label}</a></p>\n'
            )
        return f"{opening}\n{body}{more}</article>\n"

    def _name(self, author) -> str:
        name = self.names.get(author.pk)
        if name is None:
            name = self.names[author.pk] = escape(author.display_name)
        return name

    def _head(self, post, unread) -> str:
        t = self.t
        author = post.author
        parts = [
            f'<header class="post__head"><span class="post__author"><bdi>'
            f"{self._name(author)}</bdi></span>"
        ]
        if author.is_expert:
            parts.append(
                f' <span class="badge badge--expert" data-testid="expert-badge">{t["expert"]}</span>'
            )
        if getattr(post, "is_accepted", False):
            parts.append(
                f' <span class="badge badge--answered" data-testid="accepted">{t["accepted"]}</span>'
            )
        if post.is_hidden:
            parts.append(f' <span class="badge badge--hidden">{t["hidden_badge"]}</span>')
        if unread:
            parts.append(
                f' <span class="badge badge--new" data-testid="new-post">{t["new"]}</span>'
            )
        parent_link = getattr(post, "parent_link", None)
        if parent_link:
            parent = getattr(post, "parent_post", None)
            if parent is not None:
                label = self.reply_to % {"name": self._name(parent.author)}
            else:
                label = t["earlier"]
            parts.append(
                f' <a class="post__reply-to" href="{escape(parent_link)}" '
                f'data-testid="reply-to">{label}</a>'
            )
        created = post.created_at
        if self.tz is not None and created.tzinfo is not None:
            created = created.astimezone(self.tz)
        parts.append(
            f'\n<a class="post__permalink" href="{post.links["post"]}" title="{t["link"]}">'
            f'<time datetime="{created.isoformat()}">'
            f"{self.dates.format(created)}"
            "</time></a>"
        )
        if post.edited_at:
            if post.can.history:
                parts.append(
                    f' <a class="post__edited" href="{post.links["post_history"]}">{t["edited"]}</a>'
                )
            else:
                parts.append(f' <span class="post__edited">{t["edited"]}</span>')
        parts.append("</header>\n")
        return "".join(parts)

    def _body(self, post) -> str:
        t = self.t
        parts = []
        event = getattr(post, "hidden_event", None)
        if event is not None:
            parts.append(render_to_string("discussions/_moderation_note.html", {"event": event}))
            parts.append("\n")
        if post.is_translated:
            note = t["from_ar"] if post.language == "ar" else t["from_en"]
            parts.append(f'<p class="post__translated" data-testid="translation-note">{note}</p>\n')
        parts.append(
            f'<div class="post__body prose" lang="{post.shown_language}" dir="{post.shown_dir}" '
            f'data-testid="post-body">{post.shown_html}</div>\n'
        )
        if post.is_translated:
            parts.append(
                f'<details class="post__original"><summary data-testid="show-original">'
                f"{t['original']}</summary>\n"
            )
            if post.is_opening:
                thread = self.thread
                parts.append(
                    f'<p class="post__original-title" lang="{thread.language}" '
                    f'dir="{thread.title_dir}"><strong>{escape(thread.title)}</strong></p>\n'
                )
            parts.append(
                f'<div class="prose" lang="{post.language}" dir="{post.original_dir}" '
                f'data-testid="original-body">{post.body_html}</div></details>\n'
            )
        files = getattr(post, "files", None)
        if files:
            items = "".join(
                f'<li><a href="{self.attachment_url.format(file.pk)}" download><bdi>'
                f"{escape(file.original_name)}</bdi></a> "
                f'<span class="muted">({filesizeformat(file.size)})</span></li>'
                for file in files
            )
            parts.append(f'<ul class="post__files" aria-label="{t["files"]}">{items}</ul>\n')
        return "".join(parts)

    def _actions(self, post) -> str:
        t, can, links, csrf = self.t, post.can, post.links, self.csrf
        parts = ['<footer class="post__actions">']
        if can.helpful:
            on = getattr(post, "found_helpful", False)
            parts.append(
                f'<form method="post" action="{links["post_helpful"]}" class="inline-form">{csrf}'
                f'<input type="hidden" name="helpful" value="{"0" if on else "1"}">'
                f'<button type="submit" class="helpful{" is-on" if on else ""}" '
                f'aria-pressed="{"true" if on else "false"}" data-testid="helpful">{t["helpful"]} '
                f'<span class="helpful__count">{post.helpful_count}</span></button></form>\n'
            )
        elif post.helpful_count:
            label = escape(
                ngettext(
                    "%(counter)s member found this helpful",
                    "%(counter)s members found this helpful",
                    post.helpful_count,
                )
                % {"counter": post.helpful_count}
            )
            parts.append(
                f'<span class="helpful helpful--count" data-testid="helpful-count">{label}</span>\n'
            )
        if can.reply:
            parts.append(
                f'<a href="{links["post_reply"]}" data-testid="reply-link" data-inline-reply>'
                f"{t['reply']}</a>\n"
            )
        if can.edit:
            parts.append(
                f'<a href="{links["post_edit"]}" data-testid="edit-link">{t["edit"]}</a>\n'
            )
        if can.translate:
            label = t["edit_translation"] if post.translation else t["add_translation"]
            parts.append(
                f'<a href="{links["post_translate"]}" data-testid="translate-link">{label}</a>\n'
            )
        if can.flag:
            parts.append(
                f'<a href="{links["post_flag"]}" data-testid="flag-link">{t["flag"]}</a>\n'
            )
        if can.accept:
            if getattr(post, "is_accepted", False):
                inner = (
                    '<input type="hidden" name="accept" value="0"><button type="submit" '
                    f'class="link-button">{t["unaccept"]}</button>'
                )
            else:
                inner = (
                    '<button type="submit" class="link-button" data-testid="accept">'
                    f"{t['accept']}</button>"
                )
            parts.append(
                f'<form method="post" action="{links["post_accept"]}" class="inline-form">'
                f"{csrf}{inner}</form>\n"
            )
        if can.hide:
            if post.is_hidden:
                parts.append(
                    f'<form method="post" action="{links["post_hide"]}" class="inline-form">{csrf}'
                    '<input type="hidden" name="action" value="unhide"><button type="submit" '
                    f'class="link-button" data-testid="unhide">{t["show"]}</button></form>\n'
                )
            else:
                parts.append(
                    '<details class="reason-form post__hide"><summary class="link-button" '
                    f'data-testid="hide">{t["hide_more"]}</summary>\n'
                    f'<form method="post" action="{links["post_hide"]}" class="form">{csrf}'
                    '<input type="hidden" name="action" value="hide">\n'
                    f'<label for="hide-reason-{post.pk}">{t["why"]}</label>\n'
                    f'<textarea id="hide-reason-{post.pk}" name="reason" rows="2" '
                    f'maxlength="{MODERATION_REASON_MAX_LENGTH}" required dir="auto"></textarea>\n'
                    f'<button type="submit" class="button button--danger">{t["hide"]}</button>'
                    "</form></details>\n"
                )
        parts.append("</footer>\n")
        return "".join(parts)
