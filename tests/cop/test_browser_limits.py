"""In Chromium: an oversized attachment gets a clear page in the member's language, and a
spoofed title reads as typed."""

import pytest

from discussions import services
from discussions.models import Post
from tests.conftest import browser_login, new_page, screenshot
from tests.discussions.factories import TopicFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize(
    ("language", "viewport", "heading"),
    [
        ("ar", {"width": 360, "height": 780}, "ما أرسلته أكبر من المسموح به"),
        ("en", {"width": 1200, "height": 900}, "What you sent is too large"),
    ],
)
def test_an_oversized_attachment_is_refused_with_a_clear_page(
    browser, live_server, settings, country, language, viewport, heading
):
    settings.COP_UPLOAD_MAX_BYTES = 64 * 1024
    settings.COP_REQUEST_MAX_BYTES = 128 * 1024
    member = UserFactory(country=country, preferred_language=language)
    topic = TopicFactory(slug="social-registries")
    thread = services.thread_create(
        author=member, topic=topic, kind="question", title="Registries", body="How?"
    )
    context, page = new_page(browser, live_server, locale=language, viewport=viewport)
    try:
        browser_login(page, member, language=language)
        page.goto(f"{page.base_url}/{language}/discussions/threads/{thread.pk}/")
        page.fill("[data-testid=reply-form] textarea[name=body]", "The full report.")
        page.set_input_files(
            "[data-testid=reply-form] input[type=file]",
            {"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF + b"\0" * 300_000},
        )
        page.locator("[data-testid=reply-form] [data-testid=post-reply]").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == heading
        assert page.locator("html").get_attribute("lang") == language
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        screenshot(page, f"upload-too-large-{language}-{viewport['width']}")
        assert Post.objects.count() == 1
        # Back to the thread, which still works.
        page.get_by_role("link", name="العودة" if language == "ar" else "Go back").click()
        page.wait_for_url(f"**/threads/{thread.pk}/")
    finally:
        context.close()


def test_a_title_with_a_bidi_override_reads_as_typed(page, country):
    member = UserFactory(country=country)
    topic = TopicFactory(slug="social-registries", name_en="Social registries")
    browser_login(page, member)
    page.goto(f"{page.base_url}/en/discussions/topics/{topic.slug}/")
    page.get_by_test_id("new-thread").click()
    page.fill("input[name=title]", "invoice\u202egpj.exe")
    page.fill("textarea[name=body]", "See the attached invoice.")
    page.locator("[data-testid=thread-form] button[type=submit]").click()
    page.wait_for_url("**/en/discussions/threads/*/")
    assert page.get_by_test_id("thread-title").inner_text() == "invoicegpj.exe"
    screenshot(page, "bidi-title-en")
