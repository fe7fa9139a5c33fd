"""A facilitator moderates with reasons, without JavaScript tricks, on a desktop and a phone."""

import pytest

from discussions import services
from discussions.models import ModerationEvent
from tests.conftest import browser_login, new_page, screenshot
from tests.factories import UserFactory

from .factories import TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_a_facilitator_locks_and_hides_with_reasons_and_the_author_reads_the_refusal(
    browser, live_server, country, facilitator
):
    topic = TopicFactory(slug="cash", name_en="Cash transfers", name_ar="التحويلات النقدية")
    author = UserFactory(country=country, name_latin="Rana Al-Khatib", name_arabic="رنا الخطيب")
    spammer = UserFactory(country=country, name_latin="Sam Seller")
    thread = services.thread_create(
        author=author,
        topic=topic,
        kind="question",
        title="متى ندفع التحويلات النقدية للأسر الريفية؟",
        body="نفكر في الدفع كل شهرين بدلاً من كل شهر.",
    )
    spam = services.post_reply(
        author=spammer, parent=thread.opening_post, body="Cheap loans, call 0700 000 000"
    )
    services.post_reply(author=author, parent=thread.opening_post, body="شكراً على الأفكار.")

    context, page = new_page(browser, live_server, viewport={"width": 1200, "height": 900})
    browser_login(page, facilitator)
    page.goto(f"{page.base_url}/en/discussions/threads/{thread.pk}/")
    post = page.locator(f"#post-{spam.pk}")
    post.get_by_test_id("hide").click()
    post.locator("textarea[name=reason]").fill("Advertising, and a phone number")
    post.locator("button[type=submit]", has_text="Hide").click()
    page.wait_for_load_state()
    moderation = page.get_by_test_id("moderation")
    moderation.locator("summary").click()
    moderation.locator("textarea[name=reason]").fill("Answered; thank you all")
    moderation.locator("button[value=lock]").click()
    page.wait_for_load_state()
    notes = page.get_by_test_id("moderation-note")
    assert notes.count() == 2
    assert "Answered; thank you all" in notes.first.inner_text()
    assert "Advertising, and a phone number" in page.locator(f"#post-{spam.pk}").inner_text()
    assert ModerationEvent.objects.count() == 2
    screenshot(page, "discussions-moderation-record-en")
    page.goto(f"{page.base_url}/ar/discussions/threads/{thread.pk}/")
    assert "أُغلق من قِبل" in page.get_by_test_id("moderation-note").first.inner_text()
    screenshot(page, "discussions-moderation-record-ar")
    context.close()

    # On a phone, in Arabic: the record fits the screen, the hide form too.
    context, phone = new_page(
        browser, live_server, locale="ar", viewport={"width": 360, "height": 780}, is_mobile=True
    )
    browser_login(phone, facilitator, language="ar")
    phone.goto(f"{phone.base_url}/ar/discussions/threads/{thread.pk}/")
    phone.get_by_test_id("moderation").locator("summary").click()
    phone.locator(f"#post-{thread.opening_post.pk} [data-testid=hide]").count()  # none: opening
    assert phone.evaluate(OVERFLOW) <= 0
    screenshot(phone, "discussions-moderation-ar-phone")
    context.close()

    # The author, in the locked thread: no edit link, and the reason if they try.
    context, reader = new_page(
        browser, live_server, locale="ar", viewport={"width": 360, "height": 780}, is_mobile=True
    )
    browser_login(reader, author, language="ar")
    reader.goto(f"{reader.base_url}/ar/discussions/threads/{thread.pk}/")
    assert reader.get_by_test_id("moderation-note").count() == 0
    assert reader.locator(f"#post-{thread.opening_post.pk} [data-testid=edit-link]").count() == 0
    assert "مغلق" in reader.get_by_test_id("reply-refusal").inner_text()
    reader.goto(f"{reader.base_url}/ar/discussions/posts/{thread.opening_post.pk}/edit/")
    refusal = reader.get_by_test_id("refusal-reason")
    assert "هذا الموضوع مغلق" in refusal.inner_text()
    assert reader.evaluate(OVERFLOW) <= 0
    screenshot(reader, "discussions-locked-refusal-ar-phone")
    context.close()
