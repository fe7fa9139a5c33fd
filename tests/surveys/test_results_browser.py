"""Results in real headless Chromium: right to left in Arabic, at phone width, per country."""

import pytest

from surveys.results.synthetic import answer_all, make_members, make_survey
from tests.conftest import browser_login, new_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where each chart's first bar starts and ends, and the chart's own box, in screen pixels.
BAR_GEOMETRY = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const bar = svg.querySelector('.chart__bar, .chart__segment');
  const box = svg.getBoundingClientRect(), b = bar.getBoundingClientRect();
  const label = svg.querySelector('.chart__label').getBoundingClientRect();
  return {left: box.left, right: box.right, barLeft: b.left, barRight: b.right,
          labelLeft: label.left, labelRight: label.right};
})"""

# Texts of one chart that overlap each other (a label over a value, two lines on top of each other).
OVERLAPS = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const texts = [...svg.querySelectorAll('text')].filter(t => t.getBoundingClientRect().width > 0);
  const boxes = texts.map(t => t.getBoundingClientRect());
  const clashes = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (x > 1 && y > 2) clashes.push(texts[i].textContent + ' / ' + texts[j].textContent);
  }
  const box = svg.getBoundingClientRect();
  texts.forEach((t, i) => {
    const b = boxes[i];
    if (b.left < box.left - 2 || b.right > box.right + 2) clashes.push(t.textContent + ' (outside ' + [b.left, b.right, box.left, box.right].map(Math.round) + ')');
  });
  return clashes;
})"""

# Words of the results tables' headers wider than their cell: broken in the middle.
BROKEN_WORDS = """() => {
  const broken = [];
  const probe = document.createElement('span');
  probe.style.position = 'absolute';
  probe.style.whiteSpace = 'nowrap';
  document.body.appendChild(probe);
  for (const th of document.querySelectorAll('.results-rates th, .survey-result__table th')) {
    const style = getComputedStyle(th);
    const room = th.clientWidth - parseFloat(style.paddingInlineStart)
      - parseFloat(style.paddingInlineEnd);
    probe.style.font = style.font;
    for (const word of th.textContent.split(/\\s+/).filter(Boolean)) {
      probe.textContent = word;
      if (probe.getBoundingClientRect().width > room + 1) broken.push(word);
    }
  }
  probe.remove();
  return broken;
}"""


@pytest.fixture
def survey(country, other_country):
    survey = make_survey()
    answer_all(survey=survey, members=make_members(country=country, count=12))
    answer_all(survey=survey, members=make_members(country=other_country, count=9), start=12)
    return survey


def fits_the_screen(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_facilitator_reads_right_to_left_charts_in_arabic_then_in_english(
    browser, live_server, facilitator, survey
):
    context, page = new_page(
        browser, live_server, locale="ar", viewport={"width": 360, "height": 780}, is_mobile=True
    )
    browser_login(page, facilitator, language="ar")
    page.goto(f"{page.base_url}/ar/surveys/{survey.pk}/results/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    charts = page.evaluate(BAR_GEOMETRY)
    assert len(charts) == 6
    bars_only = charts[:2] + charts[3:]  # the Likert chart (third) diverges from the centre
    for chart in bars_only:
        # Bars grow from the right edge, labels hug the right edge.
        assert abs(chart["barRight"] - chart["right"]) < 1
        assert abs(chart["labelRight"] - chart["right"]) < 2
    screenshot(page, "surveys-results-ar-360")
    assert page.evaluate(OVERLAPS) == [[]] * 6
    assert fits_the_screen(page)
    assert page.evaluate(BROKEN_WORDS) == []

    page.goto(f"{page.base_url}/en/surveys/{survey.pk}/results/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    for chart in page.evaluate(BAR_GEOMETRY)[:2]:
        assert abs(chart["barLeft"] - chart["left"]) < 1
        assert abs(chart["labelLeft"] - chart["left"]) < 2
    assert page.evaluate(OVERLAPS) == [[]] * 6
    assert fits_the_screen(page)
    # "Respondents", "interested": whole words, the table scrolls in its frame if it must.
    assert page.evaluate(BROKEN_WORDS) == []
    screenshot(page, "surveys-results-en-360")

    # The printable report: no site chrome on paper, every chart there.
    page.goto(f"{page.base_url}/en/surveys/{survey.pk}/results/report/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_text("Download the chart (SVG)").count()
    assert page.locator("svg.chart").count() == 6
    screenshot(page, "surveys-results-report-print-en")
    page.emulate_media(media="screen")

    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"{page.base_url}/ar/surveys/{survey.pk}/results/?country=MA")
    assert page.get_by_text("الإجابات من المغرب").is_visible()
    screenshot(page, "surveys-results-ar-desktop-morocco")
    context.close()


def test_focal_point_sees_only_their_country(browser, live_server, focal_point, survey):
    context, page = new_page(
        browser, live_server, locale="ar", viewport={"width": 360, "height": 780}, is_mobile=True
    )
    browser_login(page, focal_point, language="en")
    page.goto(f"{page.base_url}/en/surveys/{survey.pk}/results/")
    assert page.get_by_text("Answers from Jordan · 12 respondents").is_visible()
    rates = page.locator(".results-rates tbody tr")
    assert rates.count() == 1 and "Jordan" in rates.inner_text()
    assert page.locator("select[name=country]").count() == 0
    assert fits_the_screen(page)
    screenshot(page, "surveys-results-focal-point-en-360")
    response = page.goto(f"{page.base_url}/en/surveys/{survey.pk}/results/?country=MA")
    assert response.status == 403
    assert page.get_by_text(
        "A focal point sees the results of their own country only."
    ).is_visible()
    context.close()
