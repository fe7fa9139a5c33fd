"""Reading the library: index filters and search, the document page, versions, the feed."""

import pytest

from library import services
from library.models import DocumentKind, Visibility
from tests.factories import UserFactory

from .conftest import BODY_AR, publish

pytestmark = pytest.mark.django_db


def test_the_document_page_shows_the_translation_to_english_readers(client, published):
    response = client.get(f"/en/library/{published.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="en" dir="ltr" data-testid="title">Targeting cash transfers' in html
    assert "Translated from Arabic" in html
    assert 'data-testid="original">' in html and "السجل الاجتماعي" in html
    assert "Policy note No. 1" in html


def test_the_document_page_shows_the_original_to_arabic_readers(client, published):
    html = client.get(f"/ar/library/{published.pk}/").content.decode()
    assert 'lang="ar" dir="rtl" data-testid="title">استهداف التحويلات' in html
    assert 'data-testid="translation-note"' not in html


def test_the_citation_names_authors_series_version_and_stable_address(
    client, published, author, facilitator
):
    html = client.get(f"/en/library/{published.pk}/").content.decode()
    assert "Rana Khatib, Youssef Benali" in html
    assert "Policy note No. 1, version 1" in html
    assert f'<bdi dir="ltr">http://testserver/en/library/{published.pk}/v1/</bdi>' in html
    services.document_revise(document=published, by=author)
    published.refresh_from_db()
    services.document_edit(
        document=published, editor=author, revision=published.revision, body=BODY_AR + "\nمزيد"
    )
    services.document_submit(document=published, by=author)
    publish(published, facilitator)
    html = client.get(f"/en/library/{published.pk}/").content.decode()
    assert "Policy note No. 1, version 2" in html
    old = client.get(f"/en/library/{published.pk}/v1/").content.decode()
    assert "Policy note No. 1, version 1" in old
    assert 'data-testid="older-version"' in old
    changes = client.get(f"/en/library/{published.pk}/v2/changes/").content.decode()
    assert "<ins>مزيد</ins>" in changes


def test_readers_see_the_published_version_while_a_revision_is_under_way(client, published, author):
    services.document_revise(document=published, by=author)
    published.refresh_from_db()
    services.document_edit(
        document=published, editor=author, revision=published.revision, body="Half-written draft"
    )
    html = client.get(f"/en/library/{published.pk}/").content.decode()
    assert "Half-written draft" not in html
    assert "social registry" in html


def _doc(
    author,
    facilitator,
    *,
    title,
    body,
    kind=DocumentKind.GOOD_PRACTICE,
    topics=(),
    countries=(),
    visibility=Visibility.PUBLIC,
):
    document = services.document_create(
        author=author, kind=kind, title=title, body=body, topics=topics, countries=countries
    )
    services.document_submit(document=document, by=author)
    publish(document, facilitator, visibility)
    return document


def test_index_filters_by_kind_topic_country_language_and_year(
    client, author, facilitator, topic, country, other_country
):
    _doc(
        author,
        facilitator,
        title="Public works in Tunisia",
        body="Labour-intensive works.",
        topics=[topic],
        countries=[country],
    )
    _doc(
        author,
        facilitator,
        title="Grievance mechanisms",
        body="Set up a desk.",
        kind=DocumentKind.TRAINING,
        countries=[other_country],
    )
    _doc(author, facilitator, title="الأشغال العامة", body="نص عربي عن الأشغال.")

    def titles(**params):
        html = client.get("/en/library/", params).content.decode()
        return {
            t
            for t in ("Public works in Tunisia", "Grievance mechanisms", "الأشغال العامة")
            if t in html
        }

    assert titles() == {"Public works in Tunisia", "Grievance mechanisms", "الأشغال العامة"}
    assert titles(kind="training") == {"Grievance mechanisms"}
    assert titles(topic=topic.slug) == {"Public works in Tunisia"}
    assert titles(country=other_country.code) == {"Grievance mechanisms"}
    assert titles(language="ar") == {"الأشغال العامة"}
    from django.utils import timezone

    year = timezone.now().year
    assert len(titles(year=year)) == 3
    # A hostile or unknown value of one filter is ignored, the page still answers.
    response = client.get("/en/library/", {"kind": "<script>", "year": "1e9", "topic": "x" * 500})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1].split("</main>")[
        0
    ].replace("&lt;script&gt;", "")


@pytest.mark.postgres
def test_search_forgives_arabic_spelling_variants_and_finds_english_stems(
    client, author, facilitator
):
    _doc(
        author,
        facilitator,
        title="إدارة الشكاوى في برامج الحماية",
        body="آلية تلقي الشكاوى ومعالجتها في المدرسة.",
    )
    _doc(
        author, facilitator, title="Registering households", body="Registration of poor households."
    )
    html = client.get("/en/library/", {"q": "اداره الشكاوي"}).content.decode()
    assert "إدارة الشكاوى" in html
    html = client.get("/en/library/", {"q": "المدرسه"}).content.decode()
    assert "إدارة الشكاوى" in html
    html = client.get("/en/library/", {"q": "registered"}).content.decode()
    assert "Registering households" in html
    assert (
        "No document matches your search."
        in client.get("/en/library/", {"q": "zzzz"}).content.decode()
    )


def test_the_atom_feed_lists_public_documents_only(client, author, facilitator):
    _doc(author, facilitator, title="Open to the world", body="Public.")
    _doc(
        author,
        facilitator,
        title="Members read this",
        body="Private.",
        visibility=Visibility.MEMBERS,
    )
    response = client.get("/en/library/feed/")
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Open to the world" in body and "Members read this" not in body


def test_the_index_and_document_pages_keep_a_query_budget(
    client, django_assert_max_num_queries, author, facilitator, topic, country
):
    for index in range(12):
        _doc(
            author,
            facilitator,
            title=f"Case {index}",
            body="Text",
            topics=[topic],
            countries=[country],
        )
    with django_assert_max_num_queries(12):
        assert client.get("/en/library/").status_code == 200
    member = UserFactory()
    client.force_login(member)
    with django_assert_max_num_queries(16):
        assert client.get("/en/library/").status_code == 200
    document = author.library_documents.first()
    with django_assert_max_num_queries(16):
        assert client.get(f"/en/library/{document.pk}/").status_code == 200


def test_two_authors_saving_at_once_keep_both_texts(client, draft, author, co_author):
    def form(text, revision):
        return {"title": draft.title, "body": text, "revision": revision, "language": "ar"}

    opened = draft.revision
    client.force_login(author)
    assert client.post(f"/en/library/{draft.pk}/edit/", form("نص رنا", opened)).status_code == 302
    client.force_login(co_author)
    response = client.post(f"/en/library/{draft.pk}/edit/", form("نص يوسف", opened))
    html = response.content.decode()
    assert response.status_code == 409
    assert 'data-testid="conflict-body"' in html and "نص رنا" in html  # theirs, shown
    assert "نص يوسف" in html  # mine, still in the form
    draft.refresh_from_db()
    assert draft.body == "نص رنا"
    # Saving again from the conflict page (which carries the new revision) is a conscious choice.
    assert f'name="revision" value="{opened + 1}"' in html
    assert (
        client.post(
            f"/en/library/{draft.pk}/edit/", form("نص رنا ونص يوسف", opened + 1)
        ).status_code
        == 302
    )
    draft.refresh_from_db()
    assert draft.body == "نص رنا ونص يوسف"


def test_the_review_page_keeps_a_query_budget_however_many_comments(
    client, django_assert_max_num_queries, in_review, coach, author
):
    for index in range(15):
        parent = services.review_comment_add(
            document=in_review, author=coach, section="ما فعلناه", body=f"Comment {index}"
        )
        services.review_comment_add(
            document=in_review, author=author, body=f"Answer {index}", parent=parent
        )
    client.force_login(coach)
    with django_assert_max_num_queries(14):
        response = client.get(f"/en/library/{in_review.pk}/review/")
    html = response.content.decode()
    assert html.count('data-testid="comment"') == 30
    assert "comment--depth-1" in html


def test_facilitators_see_what_waits_for_publication_and_members_do_not(
    client, in_review, facilitator, member
):
    client.force_login(facilitator)
    html = client.get("/en/library/").content.decode()
    assert 'data-testid="review-queue"' in html and in_review.title in html
    client.force_login(member)
    html = client.get("/en/library/").content.decode()
    assert 'data-testid="review-queue"' not in html and in_review.title not in html
