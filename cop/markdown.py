"""What members type, as safe HTML: CommonMark in linear time, then an allow-list sanitiser.

    render_markdown("**Hello** [report](https://example.org/r.pdf)")

Every app that stores member text (discussions today, the library next) renders
it here, once, when it is written; pages print the stored result.

markdown-it-py is a CommonMark parser built for bounded work: its inline
parser and link-label scan are linear in the input (`"[" * 20000` renders in a
fraction of a second, where Python-Markdown took over 30 s), and block nesting
(lists, quotes) stops at `MAX_NESTING` instead of recursing until Python's
limit. Raw HTML is never parsed: `<b>` reads as the characters a member typed.
nh3 (ammonia) then keeps only the tags and attributes below, http(s) and mailto
links, and gives each block `dir="auto"` so Arabic and English paragraphs mix.
"""

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody",
    "tr", "th", "td", "del", "s", "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer ugc"
# Each block of text reads in its own direction: Arabic and English paragraphs can mix.
# Containers (blockquote, lists) take the post's direction: `dir="auto"` looks past
# children that have their own `dir`, found no letter, and made every quote
# left-to-right (its bar on the left of an Arabic post).
AUTO_DIRECTION = {
    tag: {"dir": "auto"} for tag in ("p", "li", "h3", "h4", "h5", "h6", "td", "th")
} | {"pre": {"dir": "ltr"}}
# Deeper lists or quotes than this are never written by people; past it the
# parser stops descending (what lies deeper is dropped) rather than recursing.
MAX_NESTING = 20
# A post's headings stay below the page's own h1 and h2.
HEADING_LEVELS = {"h1": "h3", "h2": "h3"}


def _shift_headings(state) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = HEADING_LEVELS.get(token.tag, token.tag)


def _table_alignment(state) -> None:
    # markdown-it aligns cells with a style attribute, which the sanitiser drops.
    for token in state.tokens:
        if token.type in ("th_open", "td_open"):
            style = token.attrGet("style") or ""
            if style.startswith("text-align:"):
                token.attrs.pop("style", None)
                token.attrSet("align", style.removeprefix("text-align:"))


def _image_as_link(renderer, tokens, index, options, env) -> str:
    """Pictures are not embedded in posts (no third-party requests, no tracking pixels):
    `![chart](url)` reads as a link to the picture, named by its description."""
    token = tokens[index]
    label = escapeHtml(token.content or token.attrGet("src") or "")
    return f'<a href="{escapeHtml(token.attrGet("src") or "")}">{label}</a>'


def _parser() -> MarkdownIt:
    md = MarkdownIt(
        "commonmark",
        # breaks: a line break typed in the box is a line break on the page, as members expect.
        {"html": False, "breaks": True, "linkify": False, "maxNesting": MAX_NESTING},
    ).enable(["table", "strikethrough"])
    md.core.ruler.push("cop_headings", _shift_headings)
    md.core.ruler.push("cop_table_alignment", _table_alignment)
    md.add_render_rule("image", _image_as_link)
    return md


PARSER = _parser()


def sanitise_html(html: str) -> str:
    """Keep only harmless tags, http(s)/mailto links and no attribute else."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        set_tag_attribute_values=AUTO_DIRECTION,
        strip_comments=True,
    )


def render_markdown(source: str) -> str:
    """Markdown to sanitised HTML, in time linear in the length of `source`."""
    return sanitise_html(PARSER.render(source or "")).strip()
