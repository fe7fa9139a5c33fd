"""Survey charts as SVG, drawn on the server: a pure function from numbers to markup.

Two figures, both in the style of a published report:

- `bar_chart`: one horizontal bar per option (a share of 0..1 of the
  question's respondents), the option's label on its own line above its bar
  and the value written at the end of the bar (inside it when the bar is long
  enough, just past its end otherwise), a value axis with gridlines at 0, 25,
  50, 75 and 100 %, the axis label and the question's `n`.
- `likert_chart`: a diverging stacked bar per row (the whole group, or one
  row per country): the disagreeing points go one way from the centre line,
  the agreeing points the other, the neutral point is split across it.

Right to left is a mirror image, not a translation: in Arabic the bars grow
from the right edge, option labels are anchored on the right, the
disagreeing side of a Likert scale is on the right and the scale reads
right to left. Horizontal geometry is written in percentages of the figure's
width, so the same markup fits a 320-pixel phone and a 640-pixel column
without scaling the text down: a label never shares a line with a bar, long
labels are wrapped on word boundaries, and legends take one line per entry.

Every figure carries `<title>` and `<desc>` (the numbers, as a sentence list)
and is labelled by them (`role="img"`, `aria-labelledby`). Only presentation
attributes are used, never `style`, so the inline figure passes the site's
content security policy and the downloaded file opens anywhere
(`standalone=True` adds the XML declaration, a fixed width and the
visible title).
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# The palette (shared with the print stylesheet and the tables' swatches).
BAR = "#0b6e4f"
INK = "#1c2321"
MUTED = "#56605c"
GRID = "#d8dedb"
PAPER = "#ffffff"
# Diverging (colour-blind safe, brown to teal), neutral in grey.
DISAGREE = ("#8c510a", "#d8b365", "#f0e0b8")
AGREE = ("#c7eae5", "#5ab4ac", "#01665e")
NEUTRAL = "#e3e6e4"


# Text on a fill: white on dark fills, ink on light ones.
def text_on(fill: str) -> str:
    red, green, blue = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return PAPER if 0.299 * red + 0.587 * green + 0.114 * blue < 150 else INK


FONTS = {
    "ar": "'Noto Naskh Arabic', 'Noto Sans Arabic', 'Segoe UI', Tahoma, 'DejaVu Sans', sans-serif",
    "en": "system-ui, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif",
}
STANDALONE_WIDTH = 640
TICKS = (0, 25, 50, 75, 100)
# Wrapping width in characters, for the narrowest phone column (about 300 px of 14 px text).
WRAP = 36
# A value is written inside its bar from this share up (room for "100% (9999)" on a phone).
INSIDE_FROM = 0.4


@dataclass(frozen=True)
class Bar:
    """One option: its label, its share (0..1) and the value written on the bar."""

    label: str
    share: float
    value: str


@dataclass(frozen=True)
class LikertRow:
    """One diverging bar: a label and the count at each point of the scale."""

    label: str
    counts: Sequence[int]


@dataclass(frozen=True)
class _Metrics:
    font_size: int
    line: int  # height of one line of label text
    bar: int  # bar thickness


METRICS = {"ar": _Metrics(font_size=15, line=24, bar=20), "en": _Metrics(14, 20, 20)}


def percent(share: float) -> str:
    """A share as a whole percentage, as printed on the charts and tables."""
    return f"{round(share * 100)}%"


def _num(value: float) -> str:
    if value == int(value):  # most coordinates: no decimals to write
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def escape(text) -> str:
    """Text for SVG markup (Django's `escape` without its lazy-string wrapper: it runs often)."""
    return html.escape(str(text))


@lru_cache(maxsize=2048)
def _lines(content: str, width: int) -> tuple[str, ...]:
    """`content` wrapped at `width` characters (labels recur from chart to chart)."""
    return tuple(textwrap.wrap(content, width)) or ("",)


class _Canvas:
    """Collects elements, mirroring horizontal positions for right-to-left figures."""

    def __init__(self, *, rtl: bool, language: str, standalone: bool):
        self.rtl = rtl
        self.metrics = METRICS.get(language, METRICS["en"])
        # A downloaded figure is 640 px wide: its text may run longer per line.
        self.wrap = WRAP * 5 // 3 if standalone else WRAP
        self.parts: list[str] = []

    # Horizontal positions are given as percentages from the reading start edge.
    def x(self, percent_from_start: float) -> str:
        value = 100 - percent_from_start if self.rtl else percent_from_start
        return f"{_num(value)}%"

    def span(self, start: float, width: float) -> tuple[str, str]:
        """The (x, width) attributes of a box running `width` % from `start` % in reading order."""
        left = 100 - start - width if self.rtl else start
        return f"{_num(left)}%", f"{_num(width)}%"

    def text(
        self,
        x: str,
        y: float,
        content: str,
        *,
        anchor="start",
        size=None,
        fill=INK,
        weight=None,
        dx=None,
        cls=None,
    ):
        extra = ""
        if size:
            extra += f' font-size="{size}"'
        if weight:
            extra += f' font-weight="{weight}"'
        if dx is not None:
            extra += f' dx="{_num(dx)}"'
        if cls:
            extra += f' class="{cls}"'
        self.parts.append(
            f'<text x="{x}" y="{_num(y)}" text-anchor="{anchor}" fill="{fill}"{extra}>'
            f"{escape(content)}</text>"
        )

    def rect(
        self,
        x: str,
        y: float,
        width: str,
        height: float,
        fill: str,
        cls: str | None = None,
        label: str | None = None,
    ):
        extra = f' class="{cls}"' if cls else ""
        extra += f' data-label="{escape(label)}"' if label is not None else ""
        self.parts.append(
            f'<rect x="{x}" y="{_num(y)}" width="{width}" height="{_num(height)}" fill="{fill}"{extra}/>'
        )

    def line(self, x: str, y1: float, y2: float, stroke=GRID, width=1, at: int | None = None):
        """A vertical line; `at` inserts it before the element at that index (under it)."""
        element = (
            f'<line x1="{x}" x2="{x}" y1="{_num(y1)}" y2="{_num(y2)}" '
            f'stroke="{stroke}" stroke-width="{width}"/>'
        )
        self.parts.insert(len(self.parts) if at is None else at, element)

    def wrapped(
        self, content: str, y: float, *, size=None, fill=INK, weight=None, cls=None
    ) -> float:
        """Write `content` from the start edge, wrapped; returns the y below it."""
        for line in _lines(str(content), self.wrap):
            y += self.metrics.line
            self.text(self.x(0), y - 5, line, size=size, fill=fill, weight=weight, cls=cls)
        return y


def _svg(
    canvas: _Canvas,
    *,
    chart_id: str,
    title: str,
    desc: str,
    height: float,
    language: str,
    standalone: bool,
) -> SafeString:
    width = f"{STANDALONE_WIDTH}" if standalone else "100%"
    direction = "rtl" if canvas.rtl else "ltr"
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
    body = "".join(canvas.parts)
    if standalone:
        # A white margin around the figure; percentages inside refer to the inner width.
        margin = 20
        body = (
            f'<svg class="chart__plot" x="{margin}" y="{margin}" '
            f'width="{STANDALONE_WIDTH - 2 * margin}" height="{_num(height)}" overflow="visible">'
            f"{body}</svg>"
        )
        height += 2 * margin
    markup = (
        f'{head}<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" '
        f'width="{width}" height="{_num(height)}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" lang="{language}" '
        f'direction="{direction}" font-family="{FONTS.get(language, FONTS["en"])}" '
        f'font-size="{canvas.metrics.font_size}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
        f'<rect class="chart__paper" x="0" y="0" width="100%" height="100%" fill="{PAPER}"/>'
        f"{body}</svg>"
    )
    # Every interpolated text went through escape(); the rest are numbers and constants.
    return mark_safe(markup)  # noqa: S308


def _header(canvas: _Canvas, *, title: str, n: int, show_title: bool) -> float:
    y = 0.0
    if show_title:
        y = canvas.wrapped(
            title, y, size=canvas.metrics.font_size + 2, weight="700", cls="chart__title"
        )
    respondents = ngettext("n = %(n)s respondent", "n = %(n)s respondents", n) % {"n": n}
    y = canvas.wrapped(respondents, y, fill=MUTED, cls="chart__n")
    return y + 6


def _value_axis(
    canvas: _Canvas, *, top: float, under: int, bottom: float, ticks, axis_label: str
) -> float:
    """Gridlines from `top` to `bottom` (under the element `under`), ticks and the axis label."""
    size = canvas.metrics.font_size - 2
    for position, label in ticks:
        x = canvas.x(position)
        canvas.line(x, top, bottom, at=under)
        # The outermost labels turn inwards so that they are never cut by the edge.
        anchor = "start" if position == 0 else "end" if position == 100 else "middle"
        canvas.text(
            x,
            bottom + canvas.metrics.line - 4,
            label,
            anchor=anchor,
            size=size,
            fill=MUTED,
            cls="chart__tick",
        )
    y = bottom + canvas.metrics.line
    return canvas.wrapped(axis_label, y, size=size, fill=MUTED, cls="chart__axis-label") + 4


def bar_chart(
    *,
    chart_id: str,
    title: str,
    bars: Sequence[Bar],
    n: int,
    axis_label: str,
    rtl: bool,
    language: str,
    note: str = "",
    standalone: bool = False,
) -> SafeString:
    """Horizontal bars, one per option, each on its own band: label line(s), then the bar."""
    canvas = _Canvas(rtl=rtl, language=language, standalone=standalone)
    metrics = canvas.metrics
    y = _header(canvas, title=title, n=n, show_title=standalone)
    top, under = y, len(canvas.parts)
    for bar in bars:
        share = min(max(bar.share, 0.0), 1.0)
        y = canvas.wrapped(bar.label, y, cls="chart__label")
        y += 6  # clear of the label's descenders (tall in Naskh)
        x, width = canvas.span(0, share * 100)
        canvas.rect(x, y, width, metrics.bar, BAR, cls="chart__bar", label=bar.label)
        baseline = y + metrics.bar - 5
        if share >= INSIDE_FROM:
            # Inside the bar, ending 6 px before its end.
            canvas.text(
                canvas.x(share * 100),
                baseline,
                bar.value,
                anchor="end",
                dx=-6 if not rtl else 6,
                fill=PAPER,
                weight="700",
                cls="chart__value",
            )
        else:
            canvas.text(
                canvas.x(share * 100),
                baseline,
                bar.value,
                anchor="start",
                dx=6 if not rtl else -6,
                fill=INK,
                weight="700",
                cls="chart__value",
            )
        y += metrics.bar + 10
    if not bars:
        y = canvas.wrapped(_("No answers yet."), y, fill=MUTED)
    y = _value_axis(
        canvas,
        top=top,
        under=under,
        bottom=y,
        ticks=[(t, f"{t}%") for t in TICKS],
        axis_label=axis_label,
    )
    if note:
        y = canvas.wrapped(note, y, size=metrics.font_size - 2, fill=MUTED, cls="chart__note")
    line = _("%(label)s: %(value)s")
    lines = [line % {"label": bar.label, "value": bar.value} for bar in bars]
    desc = _("Bar chart, %(axis)s.") % {"axis": axis_label} + " " + "; ".join(lines)
    return _svg(
        canvas,
        chart_id=chart_id,
        title=title,
        desc=desc,
        height=y + 4,
        language=language,
        standalone=standalone,
    )


def _blend(start: str, end: str, t: float) -> str:
    a = [int(start[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(end[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b, strict=True))


def likert_colours(points: int) -> list[str]:
    """One colour per point: browns for disagreeing, teals for agreeing, grey in the middle.

    The strongest colours sit at the two ends of the scale and fade towards the centre.
    """
    half = points // 2
    if half <= len(DISAGREE):
        disagree, agree = list(DISAGREE[:half]), list(AGREE[len(AGREE) - half :])
    else:
        steps = [step / (half - 1) for step in range(half)]
        disagree = [_blend(DISAGREE[0], DISAGREE[-1], t) for t in steps]
        agree = [_blend(AGREE[-1], AGREE[0], t) for t in steps][::-1]
    return disagree + ([NEUTRAL] if points % 2 else []) + agree


def likert_chart(
    *,
    chart_id: str,
    title: str,
    point_labels: Sequence[str],
    rows: Sequence[LikertRow],
    n: int,
    rtl: bool,
    language: str,
    standalone: bool = False,
) -> SafeString:
    """Diverging stacked bars: disagreement towards the reading start, agreement towards the end.

    Each side of the centre line spans 0 to 100 % of the row's respondents;
    the neutral point, if the scale has one, straddles the line.
    """
    canvas = _Canvas(rtl=rtl, language=language, standalone=standalone)
    metrics = canvas.metrics
    points = len(point_labels)
    colours = likert_colours(points)
    half = points // 2
    y = _header(canvas, title=title, n=n, show_title=standalone)
    # Legend: one entry per line, in scale order, so nothing collides on a phone.
    for label, colour in zip(point_labels, colours, strict=True):
        y += metrics.line
        # The swatch's left edge: at the start edge in LTR, 14 px before it in RTL.
        shift = ' transform="translate(-14 0)"' if rtl else ""
        canvas.parts.append(
            f'<rect class="chart__swatch" x="{canvas.x(0)}" y="{_num(y - metrics.line + 2)}" '
            f'width="14" height="14" fill="{colour}" stroke="{MUTED}" stroke-width="0.5"{shift}/>'
        )
        canvas.text(
            canvas.x(0),
            y - 6,
            label,
            dx=20 if not rtl else -20,
            size=metrics.font_size - 1,
            cls="chart__legend",
        )
    y += 8
    top, under = y, len(canvas.parts)
    descriptions = []
    point_share, row_values = _("%(point)s %(share)s"), _("%(label)s: %(values)s")
    for row in rows:
        total = sum(row.counts)
        y = canvas.wrapped(row.label, y, cls="chart__label")
        y += 6  # clear of the label's descenders (tall in Naskh)
        shares = [count / total if total else 0.0 for count in row.counts]
        neutral = shares[half] if points % 2 else 0.0
        # Start of the disagreeing block, in % of the width from the reading start (centre = 50).
        position = 50 - 50 * (sum(shares[:half]) + neutral / 2)
        for index, (share, colour) in enumerate(zip(shares, colours, strict=True)):
            width = 50 * share
            if width <= 0:
                continue
            x, w = canvas.span(position, width)
            canvas.rect(
                x, y, w, metrics.bar, colour, cls="chart__segment", label=point_labels[index]
            )
            if width >= 10:  # room for "100%" inside the segment on a phone
                fill = text_on(colour)
                canvas.text(
                    canvas.x(position + width / 2),
                    y + metrics.bar - 5,
                    percent(share),
                    anchor="middle",
                    size=metrics.font_size - 2,
                    fill=fill,
                    cls="chart__value",
                )
            position += width
        y += metrics.bar + 10
        parts = ", ".join(
            point_share % {"point": label, "share": percent(share)}
            for label, share in zip(point_labels, shares, strict=True)
        )
        descriptions.append(row_values % {"label": row.label, "values": parts})
    # The centre line, drawn over the bars.
    canvas.line(canvas.x(50), top - 4, y - 6, stroke=INK, width=1.5)
    ticks = [(0, "100%"), (25, "50%"), (50, "0%"), (75, "50%"), (100, "100%")]
    axis = _("Share of respondents on each side of the scale")
    y = _value_axis(canvas, top=top, under=under, bottom=y, ticks=ticks, axis_label=axis)
    desc = _("Diverging bar chart, %(axis)s.") % {"axis": axis} + " " + "; ".join(descriptions)
    return _svg(
        canvas,
        chart_id=chart_id,
        title=title,
        desc=desc,
        height=y + 4,
        language=language,
        standalone=standalone,
    )
