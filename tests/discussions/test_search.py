"""Search: Arabic spelling variants forgiven on both sides, English stemmed, ranked, highlighted."""

import pytest
from django.db import connection

from discussions import services
from discussions.text import highlight, normalise

pytestmark = pytest.mark.django_db


def test_normalise_folds_arabic_variants_and_strips_diacritics_and_tatweel():
    assert normalise("الأُسْرَةِ") == "الاسره"
    assert normalise("إلى آخر الـــمساعدة") == "الي اخر المساعده"
    assert normalise("Cash TRANSFERS") == "cash transfers"


def test_search_folding_also_drops_attached_articles():
    from discussions.text import fold_for_search

    assert fold_for_search("للأسرة والأسرة بالمدارس التي إلى") == "اسره اسره مدارس التي الي"


def test_highlight_escapes_text_and_marks_variants():
    text = "دعم الأسرة <script>alert(1)</script> and cash transfers"
    html = highlight(text, "الاسره transfer")
    assert "<mark>الأسرة</mark>" in html and "<mark>transfers</mark>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.fixture
def corpus(member, topic, public_topic, facilitator):
    def thread(title, body, topic=topic):
        return services.thread_create(
            author=member, topic=topic, kind="discussion", title=title, body=body
        )

    return {
        "family": thread("دعم الأسرة الفقيرة", "برنامج لدعم الأسر في المناطق الريفية"),
        "aid": thread("طلب مساعدة", "نحتاج إلى مساعدة تقنية في تصميم السجل"),
        "vowelled": thread("سؤال", "التَّحْوِيلَاتُ النَّقْدِيَّةُ المَشْرُوطَةُ فِي الأُرْدُنِّ"),
        "english": thread(
            "Mobile payments", "Cash transfers reached 40,000 households.", topic=public_topic
        ),
        "other": thread("Youth employment", "Apprenticeships for young women."),
    }


def search(client, query, language="en"):
    response = client.get(f"/{language}/discussions/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def hits(client, query):
    html = search(client, query)
    return html.count('class="result"')


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("الاسره", "دعم <mark>الأسرة</mark> الفقيرة"),
        ("مساعده", "طلب <mark>مساعدة</mark>"),
        ("التحويلات النقدية", "<mark>التَّحْوِيلَاتُ</mark> <mark>النَّقْدِيَّةُ</mark>"),
        ("transfer", "Cash <mark>transfers</mark> reached"),
        ("الأسرة", "<mark>الأسرة</mark>"),
        ("الأُسرة", "<mark>الأسرة</mark>"),
        ("اسرة", "دعم <mark>الأسرة</mark> الفقيرة"),
        ("للأسر", "لدعم <mark>الأسر</mark>"),
        ("مساعدة تقنية", "إلى <mark>مساعدة</mark> <mark>تقنية</mark>"),
    ],
)
def test_postgres_search_forgives_spelling_variants_and_stems_english(
    member_client, corpus, query, expected
):
    html = search(member_client, query)
    assert expected in html


@pytest.mark.postgres
def test_search_ranks_title_matches_first_and_skips_other_subjects(
    member_client, corpus, member, topic
):
    body_only = services.thread_create(
        author=member, topic=topic, kind="discussion", title="Registries", body="Youth matter too."
    )
    html = search(member_client, "youth")
    assert html.index("Youth employment") < html.index("Registries")
    assert "Mobile payments" not in html
    assert body_only


@pytest.mark.postgres
def test_search_uses_a_gin_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'post_search_vector'")
        (definition,) = cursor.fetchone()
    assert "USING gin (search_vector)" in definition


def test_search_respects_what_the_reader_may_see(client, corpus, member, facilitator):
    reply = services.post_reply(
        author=member, parent=corpus["english"].opening_post, body="Secret transfers"
    )
    services.post_set_hidden(post=reply, by=facilitator, hidden=True, reason="Spam")
    # Visitors: public topics only, hidden posts never.
    html = search(client, "transfers")
    assert "Mobile payments" in html and "Secret" not in html
    assert "الأسرة" not in search(client, "الاسره")


def test_search_finds_translations(member_client, corpus, facilitator):
    services.post_translate(
        post=corpus["family"].opening_post,
        by=facilitator,
        translation="A programme supporting rural families",
        title_translation="Supporting poor families",
    )
    assert "Supporting poor" in search(member_client, "families")


@pytest.mark.parametrize("query", ["", "   ", "<script>", "a" * 500, "' OR 1=1 --", "&&&", "!!"])
def test_odd_queries_never_fail(member_client, corpus, query):
    response = member_client.get("/en/discussions/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_bad_search_page_is_404(member_client, corpus):
    assert member_client.get("/en/discussions/search/", {"q": "x", "page": "zz"}).status_code == 404


@pytest.mark.postgres
def test_the_search_query_is_answered_from_the_gin_index(member, corpus):
    """The query's shape lets PostgreSQL use the index (the planner would pick a scan on a
    table this small, so scans are priced out, as they are by size on a real table)."""
    from discussions.selectors import SEARCH_PER_PAGE, search

    page = search(member, "الاسره", page_number=1, language="en")
    assert page.object_list
    queryset = page.paginator.object_list
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = queryset[:SEARCH_PER_PAGE].explain()
    assert "post_search_vector" in plan


def test_excerpts_show_ampersands_and_brackets_as_typed_never_escaped_twice(
    member_client, member, topic
):
    services.thread_create(
        author=member,
        topic=topic,
        kind="discussion",
        title="Budgets",
        body='R&D spending > 5% and 1 < 2, said "she" <script>alert(1)</script>',
    )
    html = search(member_client, "spending")
    assert "R&amp;D <mark>spending</mark> &gt; 5% and 1 &lt; 2" in html
    assert "&amp;amp;" not in html and "&amp;gt;" not in html and "&amp;lt;" not in html
    assert "<script>alert" not in html
