import pytest

from library import services
from library.models import DocumentKind, Visibility
from tests.discussions.factories import TopicFactory
from tests.factories import UserFactory

BODY_AR = (
    "## المشكلة\n\nتصل التحويلات النقدية إلى أسر غير مؤهلة.\n\n"
    "## ما فعلناه\n\nربطنا **السجل الاجتماعي** بقاعدة بيانات الضمان الاجتماعي.\n"
)
BODY_EN = (
    "## The problem\n\nCash transfers reach households that are not eligible.\n\n"
    "## What we did\n\nWe linked the **social registry** with social security data.\n"
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The factories hash a password per person; the real hasher costs ~1 s each here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def topic(db):
    return TopicFactory(
        slug="social-registries", name_ar="السجلات الاجتماعية", name_en="Social registries"
    )


@pytest.fixture
def author(country):
    return UserFactory(country=country, name_latin="Rana Khatib", name_arabic="رنا الخطيب")


@pytest.fixture
def co_author(other_country):
    return UserFactory(country=other_country, name_latin="Youssef Benali", name_arabic="يوسف بنعلي")


@pytest.fixture
def coach(country):
    return UserFactory(country=country, name_latin="Maria Gonzalez", email="coach@example.org")


@pytest.fixture
def draft(author, co_author, coach, topic, country):
    return services.document_create(
        author=author,
        co_authors=[co_author],
        coach=coach,
        kind=DocumentKind.POLICY_NOTE,
        title="استهداف التحويلات النقدية بالسجل الاجتماعي",
        title_translation="Targeting cash transfers with a social registry",
        summary="كيف نحسّن دقة الاستهداف.",
        summary_translation="How to target more accurately.",
        body=BODY_AR,
        body_translation=BODY_EN,
        topics=[topic],
        countries=[country],
    )


@pytest.fixture
def in_review(draft, author):
    return services.document_submit(document=draft, by=author)


def publish(document, facilitator, visibility=Visibility.PUBLIC):
    return services.document_publish(document=document, by=facilitator, visibility=visibility)


@pytest.fixture
def published(in_review, facilitator):
    publish(in_review, facilitator)
    in_review.refresh_from_db()
    return in_review


@pytest.fixture
def members_only(in_review, facilitator):
    publish(in_review, facilitator, Visibility.MEMBERS)
    in_review.refresh_from_db()
    return in_review
