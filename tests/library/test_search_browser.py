"""The library tab of the site search at 360 px in real Chromium, in Arabic and English."""

import pytest

from tests.conftest import new_page, screenshot
from tests.factories import UserFactory

from .conftest import BODY_AR, BODY_EN, publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("language", "title"), [("ar", "استهداف"), ("en", "Targeting")])
def test_a_visitor_searches_the_library_on_a_phone(browser, live_server, glossary, language, title):
    from library import services
    from library.models import DocumentKind

    author = UserFactory(name_latin="Rana Khatib")
    document = services.document_create(
        author=author,
        kind=DocumentKind.POLICY_NOTE,
        title="استهداف التحويلات النقدية بالسجل الاجتماعي",
        title_translation="Targeting cash transfers with a social registry",
        summary="كيف نحسّن دقة الاستهداف.",
        summary_translation="How to target more accurately.",
        body=BODY_AR,
        body_translation=BODY_EN,
    )
    services.document_submit(document=document, by=author)
    publish(document, UserFactory(is_staff=True, is_superuser=True))
    context, page = new_page(
        browser, live_server, locale=language, viewport={"width": 360, "height": 780}
    )
    page.goto(f"{live_server.url}/{language}/search/?in=library&q=targeted+households")
    result = page.locator('[data-testid="result"]')
    assert result.count() == 1
    assert title in result.locator(".result__title").inner_text()
    assert result.locator("mark").count() >= 1
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    screenshot(page, f"library-search-{language}-360")
    context.close()
