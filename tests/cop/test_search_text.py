"""The shared analyser of search: Arabic folding and light stemming, English stemming, and
the glossary's widening of a query. Pure functions: no database."""

import pytest

from cop.search.query import notions_from, parse
from cop.search.text import analyse, highlight, index_text, normalise


def test_normalise_folds_arabic_variants_and_strips_diacritics_and_tatweel():
    assert normalise("الأُسْرَةِ") == "الاسره"
    assert normalise("إلى آخر الـــمساعدة") == "الي اخر المساعده"
    assert normalise("Cash TRANSFERS") == "cash transfers"


def finds(query: str, document: str) -> bool:
    """Whether a search for `query` finds `document`: every group of the query has an
    alternative all of whose stems the document's index holds (as PostgreSQL decides)."""
    stems = set(index_text(document).split())
    groups = parse(query).groups
    return bool(groups) and all(
        any(set(alternative) <= stems for alternative in group.alternatives) for group in groups
    )


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # The issue's own case: plural and adjective endings.
        ("السجلات الاجتماعية", "السجل الاجتماعي"),
        # Sound plurals, feminine and nisba endings.
        ("التحويلات النقدية", "التحويل النقدي"),
        ("المستفيدين", "المستفيد"),
        ("المستفيدون", "مستفيد"),
        ("الأسرة", "أسر"),
        ("الاجتماعيين", "اجتماعي"),
        ("مستويات", "مستوى"),
        # Attached articles and prepositions.
        ("للأسرة", "الأسرة"),
        ("والبرامج", "برامج"),
        ("بالسجل", "سجل"),
        ("كالسجل", "سجل"),
        ("فالسجل", "سجل"),
        # A bare conjunction or preposition on a long word.
        ("وبرنامج", "برنامج"),
        ("لبرنامج", "برنامج"),
        # Spelling variants still meet, with their endings.
        ("الأُسْرَةُ", "اسره"),
        ("التَّحْوِيلَاتُ", "تحويل"),
        # English: Snowball stems.
        ("targeted households", "Targeting household"),
        ("transfers", "transfer"),
    ],
)
def test_inflected_forms_find_each_other(one, other):
    assert finds(one, other)
    assert finds(other, one)


@pytest.mark.parametrize(
    ("word", "unrelated"),
    [
        ("تأمين", "تام"),  # insurance is not "complete": a masculine plural needs 4 letters left
        ("التأمين", "التام"),
        ("قانون", "قان"),
        ("تعاون", "تعا"),
        ("ضمان", "ضم"),  # no dual ending is cut
        ("سجن", "سجل"),
        ("برنامج", "نامج"),
        ("لجنة", "جنة"),  # committee is not paradise: a four-letter word keeps its ل
        ("العمل", "العمال"),
        ("عامل", "عالم"),
        ("household", "house"),
        ("poverty", "poor"),
    ],
)
def test_unrelated_words_do_not_find_each_other(word, unrelated):
    assert finds(word, word) and finds(unrelated, unrelated)
    assert not finds(word, unrelated)
    assert not finds(unrelated, word)


def test_the_issue_s_english_example():
    assert finds("targeted household", "Targeting the poorest households")
    assert not finds("targeted household", "Targeting the poorest families")


def test_short_words_keep_their_letters():
    # Stems keep three letters: "وجه" is not "و" + "جه", "دول" keeps its ل.
    assert analyse("وجه") == ["وجه"]
    assert analyse("أسرة") == ["اسر"]
    assert analyse("صحي") == ["صحي"]


def test_common_words_of_both_languages_are_dropped():
    assert analyse("the households in the region") == ["household", "region"]
    assert analyse("البرامج في الأردن من أجل الأسر") == ["برامج", "اردن", "اجل", "اسر"]


def test_index_text_is_the_stems_separated_by_spaces():
    assert index_text("Targeting the poorest households") == "target poorest household"


def test_highlight_escapes_text_and_marks_inflected_forms():
    text = "دعم الأسرة <script>alert(1)</script> and cash transfers to households"
    html = highlight(text, set(analyse("الاسر transfer household")))
    assert "<mark>الأسرة</mark>" in html
    assert "<mark>transfers</mark>" in html and "<mark>households</mark>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


class Term:
    def __init__(self, *names):
        self._names = names

    def names(self):
        return list(self._names)


GLOSSARY = notions_from(
    [
        Term("cash transfer", "التحويلات النقدية", "cash assistance"),
        Term("social registry", "السجل الاجتماعي", "unified social registry"),
        Term("targeting", "الاستهداف"),
    ]
)


def test_a_glossary_term_in_the_query_also_looks_for_its_other_names():
    query = parse("السجلات الاجتماعية في الأردن", GLOSSARY)
    first, second = query.groups
    assert set(first.alternatives) == {("social", "registri"), ("سجل", "اجتماع")}
    assert "social registry" in first.also
    assert second.alternatives == (("اردن",),)
    assert query.tsquery() == "(('social' & 'registri') | ('سجل' & 'اجتماع')) & (('اردن'))"


def test_the_longest_glossary_term_wins_and_english_inflections_reach_it():
    query = parse("Cash Transfers targeted", GLOSSARY)
    assert [group.typed for group in query.groups] == ["cash transfers", "targeted"]
    assert ("تحويل", "نقد") in query.groups[0].alternatives
    assert ("استهداف",) in query.groups[1].alternatives


def test_a_query_of_common_words_only_is_empty():
    assert not parse("the of في من", GLOSSARY)
    assert not parse("!!! ''' &&&", GLOSSARY)


def test_query_syntax_cannot_be_injected():
    query = parse("cash' | !x & (y:*) <-> z", GLOSSARY)
    # Only word characters reach the tsquery, each quoted.
    assert query.tsquery().count("'") % 2 == 0
    assert ":*" not in query.tsquery() and "<->" not in query.tsquery()
