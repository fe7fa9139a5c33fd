"""Rendering member text is linear in its length, bounded in depth, and always sanitised.

The inputs below are what an attacker posted as replies: with Python-Markdown
each took from 12 s to over 30 s (`"1. " * 500` raised RecursionError), and two
at once made the site hang for every visitor.
"""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cop.markdown import MAX_NESTING, render_markdown
from discussions.forms import BODY_MAX
from tests.discussions.test_sanitising import assert_inert

# Generous (about three times the worst case measured); the old renderer needed 12 s
# for 8,000 "[".
BOUND_SECONDS = 1.0

PATHOLOGICAL = {
    "open brackets": "[" * 20000,
    "open images": "![" * 10000,
    "mixed openers": "*[_`" * 5000,
    "unclosed links": "[a](" * 5000,
    "nested ordered lists": "1. " * 500,
    "nested quotes": "> " * 5000,
    "quote markers": ">" * 20000,
    "nested bullets": "- " * 5000,
    "quotes of lists": "> - " * 5000,
    "emphasis runs": "*a" * 10000,
    "strong runs": "**a" * 6666,
    "underscores": "_" * 20000,
    "backticks": "`" * 20000,
    "angle brackets": "<" * 20000,
    "autolink openers": "<http://" * 2500,
    "link closers": "](" * 10000,
    "references": "[a]: b\n" * 1000 + "[a]" * 4000,
    "entities": "&#" * 10000,
    "table rows": "|a|b|\n|-|-|\n" + "|x|y|\n" * 3000,
    "lines": "a\n" * 10000,
    "indented list": "\n".join("  " * i + "- x" for i in range(130)),
    "strikethrough": "~~a" * 6666,
}


def render_timed(source: str) -> tuple[str, float]:
    # CPU time of this process: the work the input costs, whatever else the machine runs.
    start = time.process_time()
    html = render_markdown(source)
    return html, time.process_time() - start


@pytest.mark.parametrize("source", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_input_renders_quickly_and_inert(source):
    assert len(source) <= BODY_MAX + 100
    html, seconds = render_timed(source)
    assert seconds < BOUND_SECONDS, f"{seconds:.2f} s"
    assert_inert(html)


def test_rendering_time_grows_linearly():
    # Twice the input may cost about twice the time, never four times.
    small = min(render_timed("![" * 2500)[1] for _ in range(3))
    large = min(render_timed("![" * 10000)[1] for _ in range(3))
    assert large < small * 4 * 2  # four times the input; a quadratic parser would take 16x


@pytest.mark.parametrize(
    "source",
    [
        "1. " * 500,
        "> " * 5000,
        "- " * 5000,
        "".join(f"{'  ' * depth}- level {depth}\n" for depth in range(300)),
        "".join(f"{'>' * depth} level {depth}\n" for depth in range(300)),
        "*" * 5000 + "deep" + "*" * 5000,
        "_a " * 3000 + "b_" * 3000,
    ],
    ids=["ordered", "quotes", "bullets", "indented", "quote levels", "emphasis", "underscores"],
)
def test_deep_nesting_is_bounded_without_recursion_errors(source):
    html, seconds = render_timed(source)
    assert seconds < BOUND_SECONDS
    assert html.count("<blockquote") <= MAX_NESTING
    assert html.count("<ol") + html.count("<ul") <= MAX_NESTING
    assert_inert(html)


def test_ordinary_nesting_keeps_its_text():
    html = render_markdown("> quoted\n> - a point\n>   - a detail\n\n1. first\n   1. inner")
    assert html.count("<blockquote") == 1 and "a detail" in html and "inner" in html


# A fuzzer's worth more: short patterns of the characters Markdown gives meaning to,
# repeated up to the length limit, where super-linear parsers show themselves.
MARKDOWN_PIECES = st.sampled_from([*"[]()!*_`<>#-+|~&;:\\\"'=/.1 \n\taع", "http://", "    "])


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(MARKDOWN_PIECES, min_size=1, max_size=12))
def test_fuzzed_patterns_at_the_length_limit_render_quickly_and_inert(pieces):
    pattern = "".join(pieces)
    source = (pattern * (BODY_MAX // len(pattern) + 1))[:BODY_MAX]
    html, seconds = render_timed(source)
    assert seconds < BOUND_SECONDS, f"{seconds:.2f} s for {pattern!r}"
    assert_inert(html)


def test_behaviour_members_rely_on_is_kept():
    html = render_markdown(
        "# Title\n**bold** and *italic*\nnext line\n\n"
        "[report](https://example.org/r.pdf) [bad](javascript:alert(1)) <b>raw</b>\n\n"
        "| a | b |\n|---|--:|\n| 1 | 2 |\n\n```\ncode <x>\n```\n\n![chart](https://example.org/c.png)"
    )
    assert '<h3 dir="auto">Title</h3>' in html
    assert "<strong>bold</strong> and <em>italic</em><br>\nnext line" in html
    assert (
        '<a href="https://example.org/r.pdf" rel="nofollow noopener noreferrer ugc">report</a>'
        in html
    )
    assert "javascript" not in html.split("[bad]")[0] and 'href="javascript' not in html
    assert "&lt;b&gt;raw&lt;/b&gt;" in html  # no raw HTML: shown as typed
    assert '<td align="right" dir="auto">2</td>' in html
    assert '<pre dir="ltr"><code>code &lt;x&gt;' in html
    # Pictures are not embedded: a link to them, named by their description.
    assert (
        '<a href="https://example.org/c.png" rel="nofollow noopener noreferrer ugc">chart</a>'
        in html
    )
    assert "<img" not in html
