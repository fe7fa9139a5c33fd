"""The glossary: seeded with the field's terms in both languages, kept by facilitators in
admin, and used by every search at once."""

import importlib
import re

import pytest
from django.apps import apps as django_apps

from cop.search.glossary import query_from
from cop.search.models import GlossaryTerm
from cop.search.query import notions_from
from cop.search.text import words

pytestmark = pytest.mark.django_db

ARABIC = re.compile(r"[\u0600-\u06FF]")
seed = importlib.import_module("cop.search.migrations.0002_glossary_seed").seed


def test_a_migrated_database_has_forty_terms_or_more_in_both_languages():
    terms = list(GlossaryTerm.objects.all())
    assert len(terms) >= 40
    for term in terms:
        assert ARABIC.search(term.arabic) and not ARABIC.search(term.english), term
        assert words(term.english) and words(term.arabic), term
    named = {term.english: term.arabic for term in terms}
    assert named["cash transfer"] == "التحويلات النقدية"
    assert named["social registry"] == "السجل الاجتماعي"
    assert named["targeting"] == "الاستهداف"
    assert named["public works"] == "الأشغال العامة"
    for english in (
        "proxy means test",
        "grievance mechanism",
        "conditional cash transfer",
        "social insurance",
        "active labour market programmes",
        "unemployment benefits",
    ):
        assert english in named


def test_no_two_terms_share_a_name_once_analysed():
    """A query naming one term must not be taken for another."""
    seen = {}
    for notion in notions_from(GlossaryTerm.objects.all()):
        for name, form in zip(notion.names, notion.forms, strict=True):
            assert seen.setdefault(form, notion) is notion, (name, seen[form].names[0])


def test_the_seed_fills_gaps_and_keeps_facilitators_edits():
    GlossaryTerm.objects.filter(english="targeting").update(arabic_synonyms="انتقاء الأسر")
    GlossaryTerm.objects.filter(english="public works").delete()
    count = GlossaryTerm.objects.count()
    seed(django_apps, None)
    seed(django_apps, None)
    assert GlossaryTerm.objects.get(english="targeting").arabic_synonyms == "انتقاء الأسر"
    assert GlossaryTerm.objects.count() == count + 1


def test_a_query_naming_a_term_also_looks_for_the_other_language():
    query = query_from("برامج الأشغال العامة في الأردن")
    names = {name for group in query.expansions for name in group.also}
    assert "public works" in names
    assert "public works" not in query_from("public works").expansions[0].also
    assert "الأشغال العامة" in query_from("Public Works").expansions[0].also


def test_facilitators_keep_the_glossary_in_admin(facilitator_client):
    listing = facilitator_client.get("/en/admin/search/glossaryterm/")
    assert listing.status_code == 200 and "social registry" in listing.content.decode()
    response = facilitator_client.post(
        "/en/admin/search/glossaryterm/add/",
        {
            "english": "school feeding",
            "arabic": "التغذية المدرسية",
            "english_synonyms": "school meals\nschool lunches",
            "arabic_synonyms": "الوجبات المدرسية",
        },
    )
    assert response.status_code == 302
    term = GlossaryTerm.objects.get(english="school feeding")
    (group,) = query_from("school meals").groups
    assert group.also == ("school feeding", "التغذية المدرسية")
    assert ("وجب", "مدرس") in group.alternatives  # الوجبات المدرسية, searched, not listed
    assert term.names()[:2] == ["school feeding", "التغذية المدرسية"]


@pytest.mark.parametrize(
    ("english", "arabic"),
    [("the", "السجل"), ("housing", "في"), ("cash transfer", "منحة")],
)
def test_admin_refuses_terms_search_could_never_reach_or_duplicates(
    facilitator_client, english, arabic
):
    before = GlossaryTerm.objects.count()
    response = facilitator_client.post(
        "/en/admin/search/glossaryterm/add/", {"english": english, "arabic": arabic}
    )
    assert response.status_code == 200  # the form again, with its error
    assert 'class="errorlist' in response.content.decode()
    assert GlossaryTerm.objects.count() == before


@pytest.mark.parametrize("who", ["member", "focal_point", "expert"])
def test_only_facilitators_reach_the_glossary_in_admin(client, request, who):
    client.force_login(request.getfixturevalue(who))
    for url in ("/en/admin/search/glossaryterm/", "/en/admin/search/glossaryterm/add/"):
        assert client.get(url).status_code in (302, 403)
    client.post("/en/admin/search/glossaryterm/add/", {"english": "x y", "arabic": "س ص"})
    assert not GlossaryTerm.objects.filter(english="x y").exists()
