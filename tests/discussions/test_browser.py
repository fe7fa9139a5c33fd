"""A whole bilingual conversation in real headless Chromium."""

import pytest

from discussions.models import Post, Thread
from tests.conftest import browser_login, screenshot
from tests.factories import UserFactory

from .factories import TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION_TITLE = "كيف نربط السجل الاجتماعي ببيانات الضمان الاجتماعي؟"
QUESTION_BODY = "نريد تحديث بيانات الأسر تلقائياً.\n\nما الضمانات القانونية التي وضعتموها؟"


@pytest.fixture
def open_page(browser, live_server):
    """Another person's browser window, closed at the end of the test."""
    contexts = []

    def open_one():
        context = browser.new_context(locale="en-US", viewport={"width": 1200, "height": 900})
        context.set_default_timeout(15000)
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        return page

    yield open_one
    for context in contexts:
        context.close()


def test_bilingual_threaded_conversation(page, open_page, country, facilitator):
    topic = TopicFactory(
        slug="social-registries", name_en="Social registries", name_ar="السجلات الاجتماعية"
    )
    asker = UserFactory(country=country, name_latin="Rana Al-Khatib", preferred_language="ar")
    replier = UserFactory(country=country, name_latin="Youssef Benali")
    third = UserFactory(country=country, name_latin="Maria Gonzalez", is_expert=True)

    # A member asks an Arabic question from the English interface.
    browser_login(page, asker)
    page.goto(f"{page.base_url}/en/discussions/topics/{topic.slug}/")
    page.get_by_test_id("new-thread").click()
    page.select_option("select[name=kind]", "question")
    page.fill("input[name=title]", QUESTION_TITLE)
    page.fill("textarea[name=body]", QUESTION_BODY)
    page.locator("[data-testid=thread-form] button[type=submit]").click()
    page.wait_for_url("**/en/discussions/threads/*/")
    thread = Thread.objects.get()
    assert thread.language == "ar"
    title = page.get_by_test_id("thread-title")
    assert title.get_attribute("dir") == "rtl" and title.get_attribute("lang") == "ar"
    opening = page.locator(f"#post-{thread.opening_post_id} [data-testid=post-body]")
    assert opening.get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("dir") == "ltr"

    # Another member replies; a third answers that reply.
    second = open_page()
    browser_login(second, replier)
    second.goto(f"{second.base_url}/en/discussions/threads/{thread.pk}/")
    second.fill(
        "[data-testid=reply-form] textarea[name=body]",
        "In Morocco we started with two data sources.",
    )
    second.locator("[data-testid=reply-form] [data-testid=post-reply]").click()
    second.wait_for_load_state()
    first_reply = Post.objects.get(depth=1)

    third_page = open_page()
    browser_login(third_page, third)
    third_page.goto(f"{third_page.base_url}/en/discussions/threads/{thread.pk}/")
    third_page.locator(f"#post-{first_reply.pk} [data-testid=reply-link]").click()
    third_page.fill("textarea[name=body]", "Start small, and publish the data-sharing agreements.")
    third_page.locator("[data-testid=reply-form] [data-testid=post-reply]").click()
    third_page.wait_for_url(f"**/threads/{thread.pk}/#post-*")
    nested = Post.objects.get(depth=2)
    assert nested.parent == first_reply
    parent_box = third_page.locator(f"#post-{first_reply.pk}").bounding_box()
    child_box = third_page.locator(f"#post-{nested.pk}").bounding_box()
    assert child_box["x"] > parent_box["x"] + 10  # indented under its parent (LTR page)
    assert third_page.locator(f"#post-{nested.pk} [data-testid=expert-badge]").is_visible()
    screenshot(third_page, "discussions-thread-tree-en")

    # A facilitator adds an English translation.
    moderator = open_page()
    browser_login(moderator, facilitator)
    moderator.goto(f"{moderator.base_url}/en/discussions/threads/{thread.pk}/")
    moderator.locator(f"#post-{thread.opening_post_id} [data-testid=translate-link]").click()
    moderator.fill(
        "input[name=title_translation]",
        "How do we link the social registry to social security data?",
    )
    moderator.fill(
        "textarea[name=translation]",
        "We want to update household data automatically.\n\nWhat legal safeguards did you put in place?",
    )
    moderator.locator("[data-testid=translation-form] button[type=submit]").click()
    moderator.wait_for_url(f"**/threads/{thread.pk}/#post-*")

    # A reader of the English interface sees the translation, marked, and opens the original.
    second.goto(f"{second.base_url}/en/discussions/threads/{thread.pk}/")
    title = second.get_by_test_id("thread-title")
    assert title.inner_text() == "How do we link the social registry to social security data?"
    assert title.get_attribute("dir") == "ltr"
    post = second.locator(f"#post-{thread.opening_post_id}")
    assert post.get_by_test_id("translation-note").inner_text() == "Translated from Arabic"
    assert post.get_by_test_id("post-body").get_attribute("lang") == "en"
    original = post.get_by_test_id("original-body")
    assert not original.is_visible()
    post.get_by_test_id("show-original").click()
    assert original.is_visible()
    assert original.get_attribute("dir") == "rtl" and original.get_attribute("lang") == "ar"
    assert "الضمانات القانونية" in original.inner_text()
    screenshot(second, "discussions-translation-original-en")

    # The Arabic interface shows the original directly, right to left.
    second.goto(f"{second.base_url}/ar/discussions/threads/{thread.pk}/")
    assert second.get_by_test_id("thread-title").inner_text() == QUESTION_TITLE
    screenshot(second, "discussions-thread-ar")

    # The topic list and search, in Arabic.
    second.goto(f"{second.base_url}/ar/discussions/")
    assert second.get_by_test_id("thread-list").locator("a", has_text=QUESTION_TITLE).is_visible()
    screenshot(second, "discussions-index-ar")
    second.fill("input[name=q]", "الضمانات القانونيه")
    second.locator("form.search-form button[type=submit]").click()
    second.wait_for_url("**/search/?in=discussions&q=*")
    assert second.get_by_test_id("results").locator("mark").count() >= 1
    screenshot(second, "discussions-search-ar")


def test_thread_reads_on_a_phone_without_horizontal_scroll(phone_page, country):
    from discussions import services

    topic = TopicFactory(slug="youth", is_public=True)
    author = UserFactory(country=country)
    thread = services.thread_create(
        author=author,
        topic=topic,
        kind="discussion",
        title="التدريب في مواقع العمل",
        body="نص **طويل** " * 40,
    )
    parent = thread.opening_post
    for depth in range(8):
        parent = services.post_reply(
            author=author, parent=parent, body=f"رد على مستوى {depth + 1} with some English words"
        )
    pages = {
        "thread": f"/ar/discussions/threads/{thread.pk}/",
        "topic": f"/ar/discussions/topics/{topic.slug}/",
        "index": "/ar/discussions/",
        "search": "/ar/search/?q=%D8%B1%D8%AF",
    }
    for name, url in pages.items():
        phone_page.goto(f"{phone_page.base_url}{url}")
        screenshot(phone_page, f"discussions-{name}-ar-phone")
        too_wide = phone_page.evaluate(
            "[...document.querySelectorAll('body *')]"
            ".filter(e => e.getBoundingClientRect().width > document.documentElement.clientWidth)"
            ".map(e => e.tagName + '.' + e.className)"
        )
        overflow = phone_page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (url, too_wide)
