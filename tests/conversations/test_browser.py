"""Asking an expert and a private conversation, in Arabic on a 360 px phone, in real Chromium."""

import pytest

from conversations.models import Conversation
from discussions.models import Thread
from tests.conftest import browser_login, new_page, screenshot
from tests.discussions.factories import TopicFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone(browser, live_server):
    contexts = []

    def open_one():
        context, page = new_page(
            browser, live_server, locale="ar", viewport=PHONE, is_mobile=True, has_touch=True
        )
        contexts.append(context)
        return page

    yield open_one
    for context in contexts:
        context.close()


def fits(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def test_asking_an_expert_privately_and_publicly_on_a_phone_in_arabic(phone, country):
    topic = TopicFactory(slug="registries", name_ar="السجلات الاجتماعية", name_en="Registries")
    asker = UserFactory(
        country=country,
        name_arabic="رنا الخطيب",
        name_latin="Rana Al-Khatib",
        preferred_language="ar",
    )
    expert = UserFactory(
        country=country,
        name_arabic="ليلى منصور",
        name_latin="Layla Mansour",
        is_expert=True,
        expertise="Social registries and targeting",
        preferred_language="ar",
    )

    # The member opens the expert's profile and asks privately.
    page = phone()
    browser_login(page, asker, language="ar")
    page.goto(f"{page.base_url}/ar/members/{expert.pk}/")
    fits(page)
    screenshot(page, "conversations-ar-360-expert-profile")
    page.get_by_test_id("ask-expert").click()
    page.wait_for_url(f"**/ar/conversations/ask/{expert.pk}/")
    page.check("input[name=how][value=private]")
    page.fill("input[name=title]", "سؤال عن تحديث بيانات Social Registry")
    page.fill("textarea[name=body]", "كيف تُحدَّث بيانات الأسر **كل سنة**؟\n\n> سؤال من الميدان")
    fits(page)
    screenshot(page, "conversations-ar-360-ask-expert")
    page.locator("[data-testid=ask-form] button[type=submit]").click()
    page.wait_for_url("**/ar/conversations/*/")
    conversation = Conversation.objects.get()
    assert page.get_by_test_id("conversation-subject").inner_text().startswith("سؤال عن تحديث")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "كل سنة" in page.get_by_test_id("message-body").first.inner_text()
    fits(page)
    screenshot(page, "conversations-ar-360-conversation-asker")

    # The expert sees one unread message in the inbox, reads it and answers.
    other = phone()
    browser_login(other, expert, language="ar")
    other.get_by_test_id("nav-conversations").click()
    other.wait_for_url("**/ar/conversations/")
    assert other.get_by_test_id("unread-count").inner_text() == "رسالة واحدة غير مقروءة"
    fits(other)
    screenshot(other, "conversations-ar-360-inbox")
    other.locator(".inbox__subject").click()
    other.wait_for_url(f"**/ar/conversations/{conversation.pk}/")
    other.fill("[data-testid=message-form] textarea[name=body]", "نستخدم بيانات الضمان الاجتماعي.")
    other.locator("[data-testid=message-form] button[type=submit]").click()
    other.wait_for_url(f"**/ar/conversations/{conversation.pk}/#message-*")
    assert other.get_by_test_id("message-body").count() == 2
    fits(other)
    screenshot(other, "conversations-ar-360-conversation-expert")

    # Back on the asker's home page: one unread conversation.
    page.goto(f"{page.base_url}/ar/")
    assert "سؤال عن تحديث" in page.get_by_test_id("unread-conversations").inner_text()
    fits(page)

    # A group conversation: the asker finds a colleague by name, without JavaScript's help.
    colleague = UserFactory(country=country, name_arabic="سامي حداد", name_latin="Sami Haddad")
    page.goto(f"{page.base_url}/ar/conversations/new/?to={expert.pk}")
    page.fill("input[name=subject]", "ورشة الاستهداف")
    page.fill("input[name=find]", "سامي")
    page.get_by_test_id("find-people").click()
    page.wait_for_load_state()
    assert page.input_value("input[name=subject]") == "ورشة الاستهداف"
    page.check(f"input[name=to][value='{colleague.pk}']")
    assert page.is_checked(f"input[name=to][value='{expert.pk}']")
    page.fill("textarea[name=body]", "هل نلتقي الأسبوع القادم؟")
    fits(page)
    screenshot(page, "conversations-ar-360-new-group")
    page.get_by_test_id("send").click()
    page.wait_for_url("**/ar/conversations/*/")
    group = Conversation.objects.get(subject="ورشة الاستهداف")
    assert set(group.participants.values_list("member_id", flat=True)) == {
        asker.pk,
        expert.pk,
        colleague.pk,
    }

    # The asker now asks a public question in a topic, addressed to the expert.
    page.goto(f"{page.base_url}/ar/conversations/ask/{expert.pk}/")
    page.check("input[name=how][value=public]")
    page.select_option("select[name=topic]", str(topic.pk))
    page.fill("input[name=title]", "ما أفضل وتيرة لتحديث السجل الاجتماعي؟")
    page.fill("textarea[name=body]", "نقوم بالتحديث سنويًا.")
    page.locator("[data-testid=ask-form] button[type=submit]").click()
    page.wait_for_url("**/ar/discussions/threads/*/")
    thread = Thread.objects.get()
    note = page.get_by_test_id("expert-question")
    assert note.inner_text() == "سؤال موجّه إلى ليلى منصور"
    assert thread.expert_question.expert == expert
    fits(page)
    screenshot(page, "conversations-ar-360-expert-question-thread")


def test_flagging_a_message_in_english_on_a_phone(browser, live_server, country):
    from conversations import services
    from conversations.models import MessageFlag

    context, page = new_page(
        browser, live_server, locale="en-US", viewport=PHONE, is_mobile=True, has_touch=True
    )
    try:
        reader = UserFactory(country=country, name_latin="Nadia Saleh", preferred_language="en")
        writer = UserFactory(country=country, name_latin="Karim Aziz", name_arabic="كريم عزيز")
        conversation = services.conversation_start(
            starter=writer,
            others=[reader],
            subject="بيانات الأسر — household data",
            body="Please send me the **full list** of beneficiaries with their ID numbers.",
        )
        browser_login(page, reader, language="en")
        page.goto(f"{page.base_url}/en/conversations/{conversation.pk}/")
        assert page.locator("html").get_attribute("dir") == "ltr"
        assert page.get_by_test_id("conversation-subject").get_attribute("dir") == "auto"
        fits(page)
        screenshot(page, "conversations-en-360-conversation")
        page.get_by_test_id("flag-link").click()
        page.select_option("select[name=reason]", "privacy")
        page.fill("textarea[name=note]", "Asks for personal data.")
        fits(page)
        screenshot(page, "conversations-en-360-flag")
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url(f"**/en/conversations/{conversation.pk}/#message-*")
        flag = MessageFlag.objects.get()
        assert (flag.reporter, flag.reason) == (reader, "privacy")
        assert "and only this one" in page.locator("body").inner_text()
    finally:
        context.close()
