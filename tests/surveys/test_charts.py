"""The SVG charts, read back as XML: what a reader of the figure would see."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from surveys.charts import Bar, LikertRow, bar_chart, likert_chart, likert_colours, percent

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup.split("?>", 1)[-1].strip())


def texts(root, cls=None):
    return [
        element.text
        for element in root.iter(f"{SVG}text")
        if cls is None or element.get("class") == cls
    ]


def pct(value: str) -> float:
    assert value.endswith("%"), value
    return float(value[:-1])


BARS = [
    Bar("Cash transfers", 0.82, "82% (41)"),
    Bar("Targeting and social registries", 0.35, "35% (17)"),
    Bar("Public works", 0.04, "4% (2)"),
]


def chart(rtl=False, language="en", **kwargs):
    options = {
        "chart_id": "q7",
        "title": "Which topics do you most want to learn about?",
        "bars": BARS,
        "n": 50,
        "axis_label": "Share of respondents",
        "rtl": rtl,
        "language": language,
        **kwargs,
    }
    return parse(bar_chart(**options))


def test_bar_chart_names_itself_for_screen_readers_with_the_numbers():
    root = chart()
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "q7-title q7-desc"
    assert root.find(f"{SVG}title").text == "Which topics do you most want to learn about?"
    desc = root.find(f"{SVG}desc").text
    assert "Cash transfers: 82% (41)" in desc and "Public works: 4% (2)" in desc


def test_bar_lengths_are_the_shares_and_values_are_written_on_them():
    root = chart()
    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "chart__bar"]
    assert [pct(rect.get("width")) for rect in bars] == [82, 35, 4]
    assert [rect.get("data-label") for rect in bars] == [bar.label for bar in BARS]
    assert texts(root, "chart__value") == ["82% (41)", "35% (17)", "4% (2)"]
    assert "n = 50 respondents" in texts(root, "chart__n")
    assert texts(root, "chart__axis-label") == ["Share of respondents"]
    assert texts(root, "chart__tick") == ["0%", "25%", "50%", "75%", "100%"]


def test_left_to_right_bars_grow_from_the_left_edge():
    root = chart()
    assert root.get("direction") == "ltr"
    for rect in root.iter(f"{SVG}rect"):
        if rect.get("class") == "chart__bar":
            assert pct(rect.get("x")) == 0
    labels = [t for t in root.iter(f"{SVG}text") if t.get("class") == "chart__label"]
    assert {(t.get("x"), t.get("text-anchor")) for t in labels} == {("0%", "start")}


def test_right_to_left_is_the_mirror_image():
    with translation.override("ar"):
        root = chart(rtl=True, language="ar")
    assert root.get("direction") == "rtl" and root.get("lang") == "ar"
    assert "Naskh" in root.get("font-family")
    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "chart__bar"]
    # Each bar ends on the right edge and grows leftwards.
    assert [pct(r.get("x")) + pct(r.get("width")) for r in bars] == [100, 100, 100]
    assert [pct(r.get("x")) for r in bars] == [18, 65, 96]
    labels = [t for t in root.iter(f"{SVG}text") if t.get("class") == "chart__label"]
    # Anchored at their start, which the root's direction puts on the right.
    assert {(t.get("x"), t.get("text-anchor")) for t in labels} == {("100%", "start")}
    ticks = [t for t in root.iter(f"{SVG}text") if t.get("class") == "chart__tick"]
    placed = [(t.text, t.get("x")) for t in ticks]
    assert placed[0] == ("0%", "100%") and placed[-1] == ("100%", "0%")


def test_value_sits_inside_a_long_bar_and_past_the_end_of_a_short_one():
    root = chart()
    values = [t for t in root.iter(f"{SVG}text") if t.get("class") == "chart__value"]
    long, _medium, short = values
    assert (long.get("x"), long.get("text-anchor"), long.get("fill")) == ("82%", "end", "#ffffff")
    assert (short.get("x"), short.get("text-anchor")) == ("4%", "start")
    assert short.get("fill") != "#ffffff"
    assert float(short.get("dx")) > 0 and float(long.get("dx")) < 0


def test_long_labels_wrap_onto_their_own_lines_and_never_share_a_line_with_a_bar():
    label = "Targeting, unified social registries and grievance redress mechanisms in programmes"
    root = chart(bars=[Bar(label, 0.5, "50% (25)"), Bar("Short", 0.5, "50% (25)")])
    lines = [t for t in root.iter(f"{SVG}text") if t.get("class") == "chart__label"]
    assert len(lines) == 4  # three for the long label, one for the short one
    assert all(len(t.text) <= 36 for t in lines)
    assert " ".join(t.text for t in lines[:3]) == label
    bars = [float(r.get("y")) for r in root.iter(f"{SVG}rect") if r.get("class") == "chart__bar"]
    label_ys = [float(t.get("y")) for t in lines]
    # The first bar starts below the third line of its label, the second label below the first bar.
    assert label_ys[2] < bars[0] < label_ys[3] < bars[1]
    assert float(root.get("height")) > bars[1] + 20


def test_inline_chart_scales_to_its_column_and_download_has_a_fixed_width_and_visible_title():
    inline = chart()
    assert inline.get("width") == "100%"
    assert "chart__title" not in {t.get("class") for t in inline.iter(f"{SVG}text")}
    markup = bar_chart(
        chart_id="q7",
        title="Which topics?",
        bars=BARS,
        n=50,
        axis_label="Share",
        rtl=False,
        language="en",
        standalone=True,
    )
    assert markup.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    download = parse(markup)
    assert download.get("width") == "640"
    assert texts(download, "chart__title") == ["Which topics?"]


def test_labels_are_escaped_not_interpreted():
    hostile = '<script>alert(1)</script> & "quotes"'
    markup = bar_chart(
        chart_id="q1",
        title=hostile,
        bars=[Bar(hostile, 0.5, "50%")],
        n=2,
        axis_label="x",
        rtl=False,
        language="en",
    )
    assert "<script>" not in markup
    root = parse(markup)  # still well-formed XML
    assert root.find(f"{SVG}title").text == hostile
    assert texts(root, "chart__label")[0].startswith("<script>")


def test_no_inline_styles_so_the_content_security_policy_allows_the_figure():
    markup = str(
        bar_chart(
            chart_id="q1", title="t", bars=BARS, n=50, axis_label="x", rtl=True, language="ar"
        )
    )
    assert "style=" not in markup and "<style" not in markup and "<script" not in markup


def test_empty_question_says_so():
    root = chart(bars=[], n=0)
    assert "No answers yet." in texts(root)
    assert "n = 0 respondents" in texts(root, "chart__n")


def test_shares_out_of_range_are_clamped():
    root = chart(bars=[Bar("a", 1.7, "170%"), Bar("b", -0.2, "-20%")])
    widths = [
        pct(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("class") == "chart__bar"
    ]
    assert widths == [100, 0]


# --- Likert ---------------------------------------------------------------------------------
POINTS = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]


def likert(rtl=False, rows=None):
    rows = rows or [LikertRow("All respondents", [5, 5, 10, 20, 10])]
    return parse(
        likert_chart(
            chart_id="q3",
            title="Technology can foster interaction",
            point_labels=POINTS,
            rows=rows,
            n=50,
            rtl=rtl,
            language="ar" if rtl else "en",
        )
    )


def segments(root):
    return [r for r in root.iter(f"{SVG}rect") if r.get("class") == "chart__segment"]


def test_likert_diverges_around_the_centre_with_neutral_straddling_it():
    root = likert()
    parts = segments(root)
    assert [r.get("data-label") for r in parts] == POINTS
    # Each side spans 50 % of the width for 100 % of respondents: 10 % of 50 = 5 % of the width.
    assert [pct(r.get("width")) for r in parts] == [5, 5, 10, 20, 10]
    disagree_end = pct(parts[1].get("x")) + pct(parts[1].get("width"))
    neutral = parts[2]
    assert pct(neutral.get("x")) == disagree_end == 45
    assert pct(neutral.get("x")) + pct(neutral.get("width")) == 55  # centred on 50 %
    assert pct(parts[0].get("x")) == 35 and pct(parts[4].get("x")) + 10 == 85
    centre = [line for line in root.iter(f"{SVG}line") if line.get("stroke-width") == "1.5"]
    assert [line.get("x1") for line in centre] == ["50%"]
    desc = root.find(f"{SVG}desc").text
    assert "All respondents: Strongly disagree 10%" in desc and "Agree 40%" in desc


def test_likert_in_arabic_puts_disagreement_on_the_right():
    ltr, rtl = segments(likert()), segments(likert(rtl=True))
    for left_to_right, right_to_left in zip(ltr, rtl, strict=True):
        assert right_to_left.get("data-label") == left_to_right.get("data-label")
        mirrored = 100 - pct(left_to_right.get("x")) - pct(left_to_right.get("width"))
        assert pct(right_to_left.get("x")) == pytest.approx(mirrored)
    strongly_disagree = rtl[0]
    assert pct(strongly_disagree.get("x")) > 50


def test_likert_colours_are_strongest_at_the_ends_and_grey_in_the_middle():
    colours = likert_colours(5)
    assert len(colours) == 5 and len(set(colours)) == 5
    assert colours[2] == "#e3e6e4"
    assert likert_colours(4) == colours[:2] + colours[3:]
    assert len(set(likert_colours(9))) == 9


def test_likert_legend_has_one_line_per_point_and_empty_row_draws_nothing():
    root = likert(rows=[LikertRow("All", [0, 0, 0, 0, 0])])
    assert texts(root, "chart__legend") == POINTS
    assert segments(root) == []


def test_percent_rounds_to_whole_numbers():
    assert percent(0.333) == "33%" and percent(1) == "100%" and percent(0) == "0%"
