"""Surveys in real headless Chromium: the intake without JavaScript, in Arabic, on a phone."""

import re
from importlib import import_module

import pytest
from django.apps import apps

from discussions.models import TopicFollow
from members.models import User
from surveys.models import Response, Survey, TopicFollowFromSurvey
from tests.conftest import new_page, screenshot

from ..discussions.factories import TopicFactory
from .factories import full_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase"
TOPICS = [
    ("cash-transfers", "التحويلات النقدية", "Cash transfers", True),
    ("targeting-poverty-maps", "الاستهداف وخرائط الفقر", "Targeting and poverty maps", True),
    ("social-registries", "السجلات الاجتماعية وأنظمة التنفيذ", "Social registries", False),
    ("public-works", "الأشغال العامة", "Public works", False),
]


def intake_survey() -> Survey:
    """The intake as a new database has it (made again: earlier browser tests empty the database)."""
    for slug, name_ar, name_en, public in TOPICS:
        TopicFactory(slug=slug, name_ar=name_ar, name_en=name_en, is_public=public)
    if not Survey.objects.filter(kind="intake").exists():
        import_module("surveys.migrations.0002_intake_survey").create_intake(apps, None)
    return Survey.objects.get(kind="intake")


def phone(browser, live_server, locale="ar", **options):
    return new_page(
        browser,
        live_server,
        locale=locale,
        viewport={"width": 360, "height": 780},
        is_mobile=True,
        has_touch=True,
        **options,
    )


def fits_the_screen(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_a_new_member_signs_up_in_arabic_and_completes_the_intake_without_javascript(
    browser, live_server, country, mailoutbox
):
    intake = intake_survey()
    context, page = phone(browser, live_server, java_script_enabled=False)

    # Sign up in Arabic, on a phone, without JavaScript.
    page.goto(f"{page.base_url}/ar/accounts/signup/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("input[name=email]", "huda.nasser@example.org")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.fill("input[name=name_arabic]", "هدى ناصر")
    page.select_option("select[name=country]", label="الأردن")
    page.fill("input[name=organisation]", "صندوق المعونة الوطنية")
    page.fill("input[name=position]", "منسّقة برامج")
    page.select_option("select[name=preferred_language]", "ar")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    [confirmation] = [m for m in mailoutbox if m.to == ["huda.nasser@example.org"]]
    path = re.search(r"(/ar/accounts/confirm-email/[^/\s]+/)", confirmation.body).group(1)
    page.goto(f"{page.base_url}{path}")
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()

    # Onboarding: the intake survey comes next, in Arabic, right to left.
    assert page.url.endswith("/ar/surveys/intake/")
    assert page.get_by_role("heading", name=intake.title_ar).is_visible()
    assert page.get_by_role("link", name="تخطَّ الآن").is_visible()
    assert fits_the_screen(page)
    screenshot(page, "surveys-intake-ar-phone")

    # Sending with a required answer missing: refused next to the question, nothing saved.
    page.get_by_role("button", name="أرسل إجاباتي").click()
    page.wait_for_load_state()
    assert page.locator(".survey__problems").is_visible()
    assert page.locator(".question--invalid").count() == 5
    assert not Response.objects.exists()
    screenshot(page, "surveys-intake-refused-ar-phone")

    def question(code):
        return page.locator(f"#question-{intake.questions.get(code=code).pk}")

    question("interest").get_by_label("مهتم جداً").check()
    question("topics").get_by_label("التحويلات النقدية").check()
    question("topics").get_by_label("السجلات الاجتماعية وأنظمة التنفيذ").check()
    question("technology").get_by_label("إلى حد كبير", exact=True).check()
    question("activities").get_by_label("ورش عمل افتراضية").check()
    question("activities").get_by_label("زيارات دراسية").check()
    question("language").get_by_label("العربية", exact=True).check()
    page.locator(f"textarea[name=q{intake.questions.get(code='comments').pk}]").fill(
        "نحتاج إلى أدوات عملية للاستهداف."
    )
    page.get_by_role("button", name="أرسل إجاباتي").click()
    page.wait_for_load_state()

    # Home, with the answers recorded and the chosen topics followed.
    assert page.url.endswith("/ar/")
    assert "حُفظت إجاباتك" in page.locator(".messages").inner_text()
    person = User.objects.get(email="huda.nasser@example.org")
    assert person.intake_completed_at is not None
    followed = set(TopicFollow.objects.filter(member=person).values_list("topic__slug", flat=True))
    assert followed == {"cash-transfers", "social-registries"}
    assert TopicFollowFromSurvey.objects.filter(follow__member=person).count() == 2
    screenshot(page, "surveys-intake-done-home-ar-phone")

    # The profile offers to see or change the answers; the form comes back filled in.
    page.goto(f"{page.base_url}/ar/members/profile/")
    page.get_by_role("link", name="اطّلع على إجاباتك أو عدّلها").click()
    page.wait_for_load_state()
    assert question("interest").get_by_label("مهتم جداً").is_checked()
    assert page.get_by_role("button", name="احفظ تعديلاتي").is_visible()
    context.close()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_question_type_fits_a_phone_and_reads_in_its_direction(
    browser, live_server, country, language
):
    from ..factories import UserFactory

    survey = full_survey()
    person = UserFactory(country=country, preferred_language=language)
    context, page = phone(browser, live_server, locale=language)
    context.add_cookies([])
    page.goto(f"{page.base_url}/{language}/accounts/login/")
    page.fill("input[name=login]", person.email)
    page.fill("input[name=password]", "correct horse battery staple")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{page.base_url}/{language}/surveys/{survey.pk}/")
    expected = "rtl" if language == "ar" else "ltr"
    assert page.locator("html").get_attribute("dir") == expected
    assert fits_the_screen(page)
    # The question's text box starts on the reading side.
    box = page.locator(".question").first.bounding_box()
    legend = page.locator(".question__text").first.bounding_box()
    if language == "ar":
        assert legend["x"] + legend["width"] > box["x"] + box["width"] - 40
    else:
        assert legend["x"] < box["x"] + 40
    screenshot(page, f"surveys-all-types-{language}-phone")
    # A ranking answered from the phone, then sent.
    page.get_by_role(
        "button", name="Save as a draft" if language == "en" else "احفظ كمسودة"
    ).click()
    page.wait_for_load_state()
    assert Response.objects.get(member=person).status == "draft"
    context.close()
