"""The library's whole journey in real headless Chromium, and its public page under axe-core.

An author drafts in Arabic, a coach comments on a section, the author revises, a
facilitator publishes publicly, and a visitor of the English site finds the note
through search and reads its English translation. Screenshots of each final state
are saved under artifacts/screenshots/.
"""

from pathlib import Path

import pytest

from library.models import Document, DocumentState, ReviewComment
from tests.conftest import browser_login, new_page, screenshot
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"

TITLE_AR = "استهداف التحويلات النقدية باستخدام السجل الاجتماعي"
TITLE_EN = "Targeting cash transfers with a social registry"
BODY_AR = (
    "## لماذا نحتاج إلى سجل اجتماعي\n\nكانت كل وزارة تجمع بيانات الأسر بنفسها.\n\n"
    "## ما فعلناه\n\nربطنا السجل الاجتماعي بقاعدة بيانات الضمان الاجتماعي.\n"
)
BODY_EN = (
    "## Why a social registry\n\nEach ministry used to collect household data on its own.\n\n"
    "## What we did\n\nWe linked the social registry with social security data.\n"
)
REVISION_AR = "\n## النتائج\n\nانخفضت أخطاء الإدراج بنحو الثلث خلال سنتين.\n"
REVISION_EN = "\n## Results\n\nInclusion errors fell by about a third in two years.\n"


@pytest.fixture
def window(browser, live_server):
    """Another person's browser window, closed at the end of the test."""
    contexts = []

    def open_one(**options):
        options.setdefault("viewport", {"width": 1200, "height": 900})
        context, page = new_page(browser, live_server, **options)
        contexts.append(context)
        return page

    yield open_one
    for context in contexts:
        context.close()


def _no_sideways_scroll(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow}px of sideways scroll"


def _serious_axe_violations(page) -> list:
    # Evaluated through the DevTools protocol: the site's CSP (rightly) blocks injected tags.
    page.evaluate(AXE.read_text() + "\n;void 0")
    result = page.evaluate("async () => await axe.run(document)")
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_draft_in_arabic_coach_comments_author_revises_facilitator_publishes_visitor_reads(
    window, settings, country, facilitator
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from tests.discussions.factories import TopicFactory

    topic = TopicFactory(
        slug="social-registries", name_en="Social registries", name_ar="السجلات الاجتماعية"
    )
    author = UserFactory(country=country, name_arabic="رنا الخطيب", name_latin="Rana Khatib")
    coach = UserFactory(country=country, name_latin="Maria Gonzalez")

    # 1. The author drafts in Arabic, in the Arabic interface, with an English translation.
    page = window(locale="ar")
    browser_login(page, author, language="ar")
    page.goto(f"{page.base_url}/ar/library/")
    page.get_by_test_id("new-document").click()
    page.select_option("select[name=kind]", "policy_note")
    page.fill("input[name=title]", TITLE_AR)
    page.fill("textarea[name=summary]", "كيف نحسّن دقة الاستهداف ونخفض تكلفته.")
    page.fill("textarea[name=body]", BODY_AR)
    page.fill("input[name=title_translation]", TITLE_EN)
    page.fill("textarea[name=summary_translation]", "How to target more accurately, for less.")
    page.fill("textarea[name=body_translation]", BODY_EN)
    page.check(f"input[name=topics][value='{topic.pk}']")
    page.locator("[data-testid=document-form] button[type=submit]").click()
    page.wait_for_url("**/ar/library/*/")
    document = Document.objects.get()
    assert document.language == "ar" and document.state == DocumentState.DRAFT
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_test_id("title").get_attribute("dir") == "rtl"
    document.coach = coach  # a facilitator assigns the coach in admin
    document.save(update_fields=["coach"])
    page.get_by_test_id("submit").click()
    page.wait_for_url(f"**/ar/library/{document.pk}/review/")
    assert page.get_by_test_id("state").inner_text() == "قيد المراجعة"

    # 2. The coach comments on the section "ما فعلناه".
    coach_page = window()
    browser_login(coach_page, coach)
    coach_page.goto(f"{coach_page.base_url}/en/library/{document.pk}/review/")
    coach_page.select_option("[data-testid=comment-form] select[name=section]", "ما فعلناه")
    coach_page.fill(
        "[data-testid=comment-form] textarea[name=body]", "أضيفوا النتائج بالأرقام قبل النشر."
    )
    coach_page.locator("[data-testid=comment-form] button[type=submit]").click()
    coach_page.wait_for_url("**/review/#comment-*")
    comment = ReviewComment.objects.get()
    assert comment.section == "ما فعلناه" and comment.author == coach

    # 3. The author reads the comment, answers it and revises the text.
    page.goto(f"{page.base_url}/ar/library/{document.pk}/review/")
    assert "أضيفوا النتائج بالأرقام" in page.get_by_test_id("comment").first.inner_text()
    page.get_by_test_id("edit").click()
    page.fill("textarea[name=body]", BODY_AR + REVISION_AR)
    page.fill("textarea[name=body_translation]", BODY_EN + REVISION_EN)
    page.locator("[data-testid=document-form] button[type=submit]").click()
    page.wait_for_url(f"**/ar/library/{document.pk}/")
    document.refresh_from_db()
    assert "النتائج" in document.body and document.revision == 2
    screenshot(page, "library-draft-ar")

    # 4. A facilitator publishes it for everyone.
    fac_page = window()
    browser_login(fac_page, facilitator)
    fac_page.goto(f"{fac_page.base_url}/en/library/{document.pk}/review/")
    fac_page.get_by_test_id("publish-link").click()
    fac_page.check("input[name=visibility][value=public]")
    fac_page.locator("[data-testid=publish-form] button[type=submit]").click()
    fac_page.wait_for_url(f"**/en/library/{document.pk}/")
    document.refresh_from_db()
    assert document.state == DocumentState.PUBLISHED and document.series_number == 1
    assert "Policy note No. 1" in fac_page.get_by_test_id("series").inner_text()

    # 5. A visitor of the English site finds it through search and reads the translation.
    visitor = window(locale="en-US")
    visitor.goto(f"{visitor.base_url}/en/library/")
    visitor.fill("input[name=q]", "inclusion errors")
    visitor.locator("[data-testid=library-filters] button[type=submit]").click()
    visitor.wait_for_load_state()
    visitor.get_by_role("link", name=TITLE_EN).click()
    visitor.wait_for_url(f"**/en/library/{document.pk}/")
    title = visitor.get_by_test_id("title")
    assert title.inner_text() == TITLE_EN
    assert title.get_attribute("lang") == "en" and title.get_attribute("dir") == "ltr"
    body = visitor.get_by_test_id("body")
    assert "Inclusion errors fell by about a third" in body.inner_text()
    assert visitor.get_by_test_id("translation-note").is_visible()
    assert "Policy note No. 1, version 1" in visitor.get_by_test_id("citation").inner_text()
    screenshot(visitor, "library-public-en")


def test_a_public_document_reads_on_a_phone_prints_on_a4_and_passes_axe_in_both_languages(
    window, settings, published
):
    for language in ("ar", "en"):
        phone = window(locale=language, viewport={"width": 360, "height": 800}, is_mobile=True)
        phone.goto(f"{phone.base_url}/{language}/library/{published.pk}/")
        assert phone.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        _no_sideways_scroll(phone)
        screenshot(phone, f"library-document-{language}-360")
        assert _serious_axe_violations(phone) == []
        phone.goto(f"{phone.base_url}/{language}/library/")
        _no_sideways_scroll(phone)
        assert _serious_axe_violations(phone) == []
        screenshot(phone, f"library-index-{language}-360")
    # The print stylesheet drops navigation and forms, and keeps the citation.
    printed = window(locale="en-US")
    printed.goto(f"{printed.base_url}/en/library/{published.pk}/")
    printed.emulate_media(media="print")
    assert not printed.locator(".site-header").is_visible()
    assert printed.get_by_test_id("citation").is_visible()
    pdf = printed.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    (Path(settings.BASE_DIR) / "artifacts").mkdir(exist_ok=True)
    (Path(settings.BASE_DIR) / "artifacts" / "library-document-a4.pdf").write_bytes(pdf)


def test_review_page_and_progress_board_fit_a_phone_in_arabic(
    window, settings, in_review, coach, facilitator
):
    from library import services
    from library.models import Cohort, Milestone

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    services.review_comment_add(
        document=in_review, author=coach, section="ما فعلناه", body="أضيفوا أرقام النتائج."
    )
    cohort = Cohort.objects.create(
        name_ar="فوج التوثيق",
        name_en="Documentation cohort",
        topic=in_review.topics.first(),
        starts_on="2026-10-01",
        ends_on="2027-02-01",
    )
    cohort.coaches.add(coach)
    for kind, due in (
        ("outline", "2026-11-01"),
        ("first_draft", "2026-12-01"),
        ("final", "2027-01-15"),
    ):
        Milestone.objects.create(cohort=cohort, kind=kind, due_on=due)
    for index in range(3):
        person = UserFactory(name_arabic=f"مشارك رقم {index}")
        services.participant_admit(cohort=cohort, member=person, by=facilitator)
    phone = window(locale="ar", viewport={"width": 360, "height": 800}, is_mobile=True)
    browser_login(phone, coach, language="ar")
    phone.goto(f"{phone.base_url}/ar/library/{in_review.pk}/review/")
    assert phone.get_by_test_id("comment").count() == 1
    _no_sideways_scroll(phone)
    screenshot(phone, "library-review-ar-360")
    phone.goto(f"{phone.base_url}/ar/library/cohorts/{cohort.pk}/")
    assert phone.get_by_test_id("board-row").count() == 3
    _no_sideways_scroll(phone)
    screenshot(phone, "library-board-ar-360")
