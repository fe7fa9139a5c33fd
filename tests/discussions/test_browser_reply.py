"""Replying as a Discourse user expects, in real Chromium: in place, with a preview,
@mention suggestions and a draft that survives leaving the page; and the thread
page at 360 px in Arabic and English."""

import pytest

from discussions import services
from discussions.models import Notification, Post
from tests.conftest import browser_login, new_page, screenshot
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def conversation(country, topic):
    asker = UserFactory(country=country, name_latin="Rana Al-Khatib", name_arabic="رنا الخطيب")
    replier = UserFactory(country=country, name_latin="Youssef Benali", name_arabic="يوسف بن علي")
    thread = services.thread_create(
        author=asker,
        topic=topic,
        kind="question",
        title="كيف نحدّث بيانات الأسر؟ How do you update household data?",
        body="نزور كل أسرة مرة في السنة.",
    )
    first = services.post_reply(
        author=replier, parent=thread.opening_post, body="We link with the civil registry."
    )
    nested = services.post_reply(author=asker, parent=first, body="كيف تتعاملون مع الأخطاء؟")
    deeper = services.post_reply(author=replier, parent=nested, body="A hotline " * 20)
    return {"asker": asker, "replier": replier, "thread": thread, "first": first, "deeper": deeper}


def test_reply_in_place_with_preview_mention_and_a_kept_draft(page, conversation):
    asker, replier, thread, first = (
        conversation[key] for key in ("asker", "replier", "thread", "first")
    )
    browser_login(page, asker)
    url = f"{page.base_url}/en/discussions/threads/{thread.pk}/"
    page.goto(url)
    post = page.locator(f"#post-{first.pk}")
    post.get_by_test_id("reply-link").click()
    # The form moved under the post, without leaving the page.
    assert page.url == url
    box = post.locator("textarea[name=body]")
    box.wait_for()
    box.type("Thanks @Yous")
    suggestion = post.get_by_test_id("mention-list").locator("button").first
    suggestion.wait_for()
    assert "Youssef Benali" in suggestion.inner_text()
    suggestion.click()
    assert box.input_value() == "Thanks @Youssef Benali "
    box.type("— **this** helps.")
    # Leave the page and come back: the unfinished reply is still there.
    page.goto(f"{page.base_url}/en/discussions/")
    page.goto(url)
    post.get_by_test_id("reply-link").click()
    assert post.locator("textarea[name=body]").input_value() == (
        "Thanks @Youssef Benali — **this** helps."
    )
    post.get_by_test_id("preview").click()
    preview = post.get_by_test_id("preview-body")
    preview.wait_for()
    assert preview.locator("strong").inner_text() == "this"
    assert preview.locator("a").inner_text() == "@Youssef Benali"
    assert Post.objects.filter(thread=thread).count() == 4  # previewing posts nothing
    screenshot(page, "discussions-inline-reply-preview-en")
    post.get_by_test_id("post-reply").click()
    page.wait_for_url(f"**/threads/{thread.pk}/#post-*")
    reply = Post.objects.filter(thread=thread).latest("pk")
    assert reply.parent_id == first.pk
    assert Notification.objects.filter(
        post=reply, member=replier, reason=Notification.Reason.MENTION
    ).exists()
    new = page.locator(f"#post-{reply.pk}")
    assert new.get_by_test_id("reply-to").inner_text().endswith("Youssef Benali")
    # Posted: the draft is gone.
    page.goto(url)
    post.get_by_test_id("reply-link").click()
    assert post.locator("textarea[name=body]").input_value() == ""


def test_helpful_and_unread_marks_in_the_browser(page, conversation, browser, live_server):
    replier, thread, first = (conversation[key] for key in ("replier", "thread", "first"))
    reader = UserFactory(country=replier.country, name_latin="Maria Gonzalez")
    browser_login(page, reader)
    page.goto(f"{page.base_url}/en/discussions/threads/{thread.pk}/")
    page.locator(f"#post-{first.pk}").get_by_test_id("helpful").click()
    page.wait_for_load_state()
    button = page.locator(f"#post-{first.pk}").get_by_test_id("helpful")
    assert button.get_attribute("aria-pressed") == "true"
    assert button.inner_text().strip().endswith("1")
    # Someone replies while the reader is away: the index and the thread say so.
    Post.objects.filter(thread=thread).update(created_at=thread.created_at)
    from discussions.models import ThreadRead

    ThreadRead.objects.filter(member=reader).update(read_at=thread.created_at)
    later = services.post_reply(author=replier, parent=first, body="Something new")
    page.goto(f"{page.base_url}/en/discussions/")
    page.get_by_test_id("thread-unread").click()
    page.wait_for_url(f"**#post-{later.pk}")
    assert page.locator(f"#post-{later.pk}").get_by_test_id("new-post").is_visible()
    screenshot(page, "discussions-unread-en")


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_thread_page_fits_360px_with_lines_and_reply_links(
    browser, live_server, conversation, language
):
    context, page = new_page(
        browser,
        live_server,
        locale=language,
        viewport={"width": 360, "height": 780},
        is_mobile=True,
        has_touch=True,
    )
    try:
        browser_login(page, conversation["replier"], language=language)
        thread = conversation["thread"]
        page.goto(f"{page.base_url}/{language}/discussions/threads/{thread.pk}/")
        deeper = page.locator(f"#post-{conversation['deeper'].pk}")
        assert deeper.get_by_test_id("reply-to").is_visible()
        # The thread line is drawn in the indentation, on the start side.
        line = page.evaluate(
            "(id) => { const s = getComputedStyle(document.getElementById(id), '::before');"
            " return [s.content, s.backgroundImage]; }",
            f"post-{conversation['deeper'].pk}",
        )
        assert line[0] == '""' and "repeating-linear-gradient" in line[1]
        box = deeper.bounding_box()
        assert box["width"] >= 280  # deep replies keep a readable measure on a phone
        page.locator(f"#post-{conversation['first'].pk}").get_by_test_id("reply-link").click()
        page.locator(f"#post-{conversation['first'].pk} textarea[name=body]").wait_for()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        screenshot(page, f"discussions-thread-360-{language}")
    finally:
        context.close()
