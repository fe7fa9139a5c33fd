"""User text meets interface text: each value keeps its own direction, in real Chromium.

English job titles in the Arabic directory, Arabic organisations in the English
one, mixed-script profiles and quotes in Arabic posts, at phone width, with
screenshots in both languages.
"""

import pytest

from discussions import services as discussions
from tests.conftest import browser_login, new_page, screenshot

from ..discussions.factories import TopicFactory
from ..factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POSITION = "Youth employment adviser"
ORGANISATION = "Ministry of Labour / Employment Directorate"
ARABIC_ORGANISATION = "وزارة العمل / مديرية التشغيل"


def phone(browser, live_server, language):
    return new_page(
        browser,
        live_server,
        locale=language,
        viewport={"width": 360, "height": 780},
        is_mobile=True,
        has_touch=True,
    )


def box(page, selector):
    return page.locator(selector).first.bounding_box()


@pytest.fixture
def adviser(country):
    return UserFactory(
        country=country,
        name_arabic="",
        name_latin="Rana Haddad",
        position=POSITION,
        organisation=ORGANISATION,
    )


@pytest.fixture
def arabic_colleague(country):
    return UserFactory(
        country=country,
        name_arabic="سلمى يوسف",
        name_latin="Salma Youssef",
        position="مديرة برنامج Takaful",
        organisation=ARABIC_ORGANISATION,
    )


@pytest.mark.parametrize("language", ["ar", "en"])
def test_directory_values_keep_their_order_whatever_the_interface(
    browser, live_server, member, adviser, arabic_colleague, language
):
    context, page = phone(browser, live_server, language)
    try:
        browser_login(page, member, language=language)
        page.goto(f"{page.base_url}/{language}/members/?q=Rana")
        meta = page.get_by_test_id("member-meta").first
        # Each value is its own isolate, read in its own direction, whole.
        values = meta.locator("bdi").all_inner_texts()
        assert values == [POSITION, ORGANISATION]
        # Where each value starts (its first line box; the second may wrap).
        position, organisation = meta.locator("bdi").evaluate_all(
            "els => els.map(e => { const r = e.getClientRects()[0];"
            " return {left: r.left, right: r.right, top: r.top}; })"
        )
        if language == "ar":  # read right to left: the position comes first, on the right
            assert (
                position["right"] > organisation["right"] or position["top"] < organisation["top"]
            )
        else:
            assert position["left"] < organisation["left"] or position["top"] < organisation["top"]
        screenshot(page, f"bidi-directory-{language}-360")
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    finally:
        context.close()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_profile_values_in_both_scripts_line_up_on_the_same_side(
    browser, live_server, member, arabic_colleague, language
):
    arabic_colleague.position = "Director, Takaful programme"  # English beside Arabic
    arabic_colleague.save()
    context, page = phone(browser, live_server, language)
    try:
        browser_login(page, member, language=language)
        page.goto(f"{page.base_url}/{language}/members/{arabic_colleague.pk}/")
        english = page.locator("dd bdi", has_text="Director, Takaful programme").bounding_box()
        arabic = page.locator("dd bdi", has_text=ARABIC_ORGANISATION).bounding_box()
        if language == "ar":  # both hug the right edge of the Arabic page
            assert abs((english["x"] + english["width"]) - (arabic["x"] + arabic["width"])) < 2
        else:  # both start at the left edge of the English page
            assert abs(english["x"] - arabic["x"]) < 2
        heading = page.get_by_test_id("profile-name")
        assert heading.locator("bdi").inner_text() in ("سلمى يوسف", "Salma Youssef")
        screenshot(page, f"bidi-profile-{language}-360")
    finally:
        context.close()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_quote_in_an_arabic_post_has_its_bar_on_the_right(browser, live_server, member, language):
    topic = TopicFactory(slug="registries", is_public=True)
    thread = discussions.thread_create(
        author=member,
        topic=topic,
        kind="discussion",
        title="تحديث بيانات الأسر",
        body="> نزور كل أسرة مرة في السنة.\n\nهل تربطون السجل بالأحوال المدنية؟",
    )
    context, page = phone(browser, live_server, language)
    try:
        page.goto(f"{page.base_url}/{language}/discussions/threads/{thread.pk}/")
        quote = page.locator("[data-testid=post-body] blockquote").first
        style = quote.evaluate(
            "q => { const s = getComputedStyle(q);"
            " return [s.direction, s.borderRightWidth, s.borderLeftWidth]; }"
        )
        assert style == ["rtl", "3px", "0px"]
        screenshot(page, f"bidi-quote-{language}-360")
    finally:
        context.close()
