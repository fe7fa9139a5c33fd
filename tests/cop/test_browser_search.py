"""The site search in real Chromium: a member searches in Arabic and finds an English thread
through the glossary, filters, and reads the results at 360 px in both languages."""

import pytest

from discussions import services
from tests.conftest import browser_login, new_page, screenshot
from tests.discussions.factories import TopicFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page):
    too_wide = page.evaluate(
        "[...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1"
        " || e.getBoundingClientRect().left < -1)"
        ".map(e => e.tagName + '.' + e.className)"
    )
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, too_wide


@pytest.fixture
def corpus(country, glossary):
    topic = TopicFactory(slug="registries", name_en="Social registries", name_ar="السجلات")
    writer = UserFactory(country=country, name_latin="Rana Al-Khatib", name_arabic="رنا الخطيب")
    english = services.thread_create(
        author=writer,
        topic=topic,
        kind="question",
        title="How often do you update the social registry?",
        body="Our social registry covers 1.2 million households; updates take two years.",
    )
    for n in range(3):
        services.post_reply(
            author=writer,
            parent=english.opening_post,
            body=f"In round {n + 1} the social registry was linked with civil records.",
        )
    services.thread_create(
        author=writer,
        topic=topic,
        kind="discussion",
        title="تحديث السجلات الاجتماعية في الأردن",
        body="نربط السجل الاجتماعي الموحد ببيانات الضمان الاجتماعي كل ستة أشهر.",
    )
    return topic


@pytest.mark.parametrize("language", ["ar", "en"])
def test_search_at_360_px_groups_threads_and_crosses_languages(
    browser, live_server, country, corpus, language
):
    member = UserFactory(country=country, preferred_language=language)
    context, page = new_page(
        browser,
        live_server,
        locale=language,
        viewport={"width": 360, "height": 780},
        is_mobile=True,
        has_touch=True,
    )
    try:
        browser_login(page, member, language=language)
        # From the discussions' own search box.
        page.goto(f"{page.base_url}/{language}/discussions/")
        page.fill("#discussions-q", "السجلات الاجتماعية")
        page.locator("form.search-form button[type=submit]").click()
        page.wait_for_load_state()
        assert f"/{language}/search/" in page.url
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        results = page.locator('[data-testid="result"]')
        # Both threads, the English one through the glossary, each once.
        assert results.count() == 2
        titles = results.locator(".result__title").all_inner_texts()
        assert "How often do you update the social registry?" in titles
        assert "تحديث السجلات الاجتماعية في الأردن" in titles
        english = results.filter(has_text="How often do you update")
        assert english.locator('[data-testid="result-post"]').count() == 3
        assert english.locator("mark").count() >= 3
        assert "social registry" in page.locator('[data-testid="expansions"]').inner_text()
        no_sideways_scroll(page)
        screenshot(page, f"search-results-{language}-360")

        # Filter: English posts only, questions only (the filters fold away on a phone).
        page.locator(".search-page__filters summary").click()
        page.select_option("select[name=language]", "en")
        page.select_option("select[name=kind]", "question")
        page.locator("form.search-page button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator('[data-testid="result"]').count() == 1
        # The filters set stay open and say what they are.
        assert page.locator(".search-page__filters").get_attribute("open") is not None
        no_sideways_scroll(page)
        screenshot(page, f"search-filtered-{language}-360")

        # An author's name finds what they wrote.
        page.fill("input[name=q]", "رنا")
        page.select_option("select[name=language]", "")
        page.select_option("select[name=kind]", "")
        page.locator("form.search-page button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator('[data-testid="result"]').count() == 2
        no_sideways_scroll(page)
        screenshot(page, f"search-author-{language}-360")
    finally:
        context.close()
