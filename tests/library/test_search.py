"""The library in the site search (`library.search`): the shared analyser (Arabic folding
and light stemming, English stems), only what the reader may read, the library's own
search box on the same analyser, a reindexing migration, and a constant query count."""

import importlib
import re

import pytest
from django.db import connection

from cop.search import db as search_db
from cop.search.glossary import query_from
from library import services
from library.models import DocumentKind, Visibility
from tests.factories import UserFactory

from .conftest import publish

pytestmark = pytest.mark.django_db


def _doc(author, facilitator, *, title, body, visibility=Visibility.PUBLIC, **extra):
    document = services.document_create(
        author=author, kind=DocumentKind.GOOD_PRACTICE, title=title, body=body, **extra
    )
    services.document_submit(document=document, by=author)
    publish(document, facilitator, visibility)
    document.refresh_from_db()
    return document


def library_tab(client, query, ui="en", **params):
    response = client.get(f"/{ui}/search/", {"q": query, "in": "library", **params})
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def titles(html):
    return [
        re.sub(r"\s+", " ", title).strip()
        for title in re.findall(r'class="result__title"[^>]*>([^<]*)</a>', html)
    ]


@pytest.fixture(params=["full_text", "fallback"])
def engine(request, monkeypatch):
    if request.param == "fallback":
        monkeypatch.setattr(search_db, "full_text", lambda: False)
    return request.param


@pytest.fixture
def shelf(author, facilitator):
    return {
        "grievances": _doc(
            author,
            facilitator,
            title="إدارة الشكاوى في برامج الحماية",
            body="آلية تلقي الشكاوى ومعالجتها في السجلات الاجتماعية للمناطق الريفية.",
        ),
        "registry": _doc(
            author,
            facilitator,
            title="Registering households",
            body="Registration of poor households in the social registry.",
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("اداره الشكاوي", "إدارة الشكاوى في برامج الحماية"),  # hamza and alif maqsura forgiven
        ("السجل الاجتماعي", "إدارة الشكاوى في برامج الحماية"),  # sound plural, adjective
        ("والشكاوى", "إدارة الشكاوى في برامج الحماية"),  # prefix و
        ("registered", "Registering households"),  # English stem
        ("household", "Registering households"),
    ],
)
def test_the_library_tab_forgives_inflection_and_stems_english(
    engine, client, shelf, query, expected
):
    assert expected in titles(library_tab(client, query))


def test_the_glossary_widens_arabic_words_to_english_documents(engine, client, shelf):
    # "السجل الاجتماعي" is "social registry" in the glossary: both documents are found.
    assert set(titles(library_tab(client, "السجل الاجتماعي"))) == {
        "إدارة الشكاوى في برامج الحماية",
        "Registering households",
    }


def test_the_library_tab_finds_nothing_for_unrelated_words(engine, client, shelf):
    html = library_tab(client, "pension")
    assert titles(html) == []
    assert 'data-testid="no-results"' in html


def test_a_draft_or_a_revision_in_review_is_never_found_by_another_member(
    engine, client, draft, published, author, co_author, facilitator
):
    other = UserFactory(name_latin="Other Member")
    client.force_login(other)
    # `draft` (the fixture) is published now; a second one stays a draft.
    services.document_create(
        author=author,
        kind=DocumentKind.REPORT,
        title="Confidential evaluation of cash transfers",
        body="Working notes on cash transfers.",
    )
    assert titles(library_tab(client, "evaluation")) == []
    # A revision's working text is not searchable; the published text still is.
    services.document_revise(document=published, by=author)
    published.refresh_from_db()
    services.document_edit(
        document=published,
        editor=author,
        revision=published.revision,
        title_translation="Secret restructuring plan",
    )
    assert titles(library_tab(client, "restructuring")) == []
    assert titles(library_tab(client, "targeting")) == [
        "Targeting cash transfers with a social registry"
    ]
    # Not even its authors find working texts through the site search.
    client.force_login(author)
    assert titles(library_tab(client, "evaluation")) == []


def test_a_visitor_finds_a_public_document_s_english_translation_never_a_members_one(
    engine, client, published, author, facilitator
):
    _doc(
        author,
        facilitator,
        title="تقرير داخلي عن الاستهداف",
        body="للأعضاء فقط.",
        title_translation="Internal targeting report",
        visibility=Visibility.MEMBERS,
    )
    # The Arabic original, found by words of its English translation, shown in English.
    html = library_tab(client, "targeted")
    assert titles(html) == ["Targeting cash transfers with a social registry"]
    assert "<mark>" in html
    # The Arabic reader sees the original title for the same words.
    assert titles(library_tab(client, "targeted", ui="ar")) == [
        "استهداف التحويلات النقدية بالسجل الاجتماعي"
    ]


def test_a_member_finds_members_only_documents(engine, member_client, members_only):
    assert titles(library_tab(member_client, "السجلات")) == [
        "Targeting cash transfers with a social registry"
    ]


def test_the_discussions_tab_counts_library_documents(client, shelf):
    html = client.get("/en/search/", {"q": "households"}).content.decode()
    tabs = html.split('data-testid="search-tabs"', 1)[1].split("</nav>", 1)[0]
    assert re.search(r"in=library[^>]*>Library <span[^>]*>\(1\)</span>", tabs), tabs


def test_filters_and_hostile_values(engine, client, shelf, topic):
    assert titles(library_tab(client, "households", kind="report")) == []
    assert titles(library_tab(client, "households", kind="good_practice")) == [
        "Registering households"
    ]
    assert titles(library_tab(client, "households", language="ar")) == []
    for params in ({"kind": "<script>"}, {"topic": "x" * 300}, {"page": "zz"}):
        response = client.get("/en/search/", {"q": "households", "in": "library", **params})
        assert response.status_code in (400, 404)
        assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_the_library_s_own_search_box_uses_the_same_analyser(client, shelf):
    html = client.get("/en/library/", {"q": "اداره الشكاوي"}).content.decode()
    assert "إدارة الشكاوى" in html
    html = client.get("/en/library/", {"q": "registered"}).content.decode()
    assert "Registering households" in html
    html = client.get("/en/library/", {"q": "household"}).content.decode()
    assert "<mark>households</mark>" in html


def test_the_library_tab_costs_the_same_queries_for_2_or_20_documents(
    client, author, facilitator, django_assert_max_num_queries
):
    from django.test.utils import CaptureQueriesContext

    def cost():
        with CaptureQueriesContext(connection) as queries:
            library_tab(client, "registry")
        return len(queries)

    for index in range(2):
        _doc(author, facilitator, title=f"Registry note {index}", body="Social registry.")
    few = cost()
    for index in range(18):
        _doc(author, facilitator, title=f"Registry case {index}", body="Social registry.")
    assert cost() == few
    with django_assert_max_num_queries(12):
        library_tab(client, "registry")


def test_the_migration_reindexes_documents_with_the_shared_analyser(shelf):
    """A document indexed the old way (or not at all) is found again after 0003 runs."""
    from django.apps import apps as django_apps

    from library.models import Document

    reindex = importlib.import_module("library.migrations.0003_search_stems").reindex
    Document.objects.update(search_document="", search_vector=None)
    assert not Document.objects.filter(search_db.matches(query_from("registered"))).exists()

    class SchemaEditor:
        connection = connection

    reindex(django_apps, SchemaEditor())
    document = Document.objects.get(pk=shelf["registry"].pk)
    assert "household" in document.search_document.split()
    assert list(Document.objects.filter(search_db.matches(query_from("registered")))) == [document]
