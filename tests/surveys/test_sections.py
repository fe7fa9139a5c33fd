"""The results sections, built in Python (surveys.results.sections), escape all text."""

from surveys.models import Question, QuestionKind
from surveys.results import sections
from surveys.results.selectors import OptionResult, QuestionResult, TextAnswer

HOSTILE = '<script>alert(1)</script> & "quotes"'


def test_option_labels_written_answers_and_names_are_escaped():
    result = QuestionResult(
        question=Question(kind=QuestionKind.SINGLE),
        n=10,
        suppressed=False,
        options=[OptionResult(label=HOSTILE, count=3, share=0.3)],
        texts=[TextAnswer(text="<img src=x onerror=alert(1)>\nsecond line", author="<b>Rana</b>")],
    )
    table = sections.table_html(result)
    assert "<script>" not in table
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;" in table
    assert "<td>3</td><td>30%</td>" in table
    texts = sections.texts_html(result)
    assert "<img" not in texts and "&lt;img src=x onerror=alert(1)&gt;<br>second line" in texts
    assert "<b>" not in texts and "<bdi>&lt;b&gt;Rana&lt;/b&gt;</bdi>" in texts


def test_a_number_question_without_a_summary_shows_dashes():
    result = QuestionResult(question=Question(kind=QuestionKind.NUMBER), n=6, suppressed=False)
    table = sections.table_html(result)
    assert table.count("<td>–</td>") == 3


def test_a_question_text_and_a_hidden_country_are_escaped_in_the_section():
    question = Question(pk=7, kind=QuestionKind.SINGLE, text=HOSTILE)
    result = QuestionResult(
        question=question,
        n=10,
        suppressed=False,
        options=[OptionResult(label="Yes", count=10, share=1.0)],
        hidden_rows=["<i>Yemen</i>"],
    )
    html = sections.section_html(
        result, "", number=1, chart_url="/en/surveys/1/results/chart/7/", query="", downloads=True
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<i>" not in html and "&lt;i&gt;Yemen&lt;/i&gt;" in html
    assert '<section class="survey-result" id="q7"' in html and "10 answers" in html


def test_counts_and_line_breaks_are_written_as_the_template_filters_wrote_them(settings):
    from django.template.defaultfilters import linebreaksbr
    from django.utils.formats import localize

    text = "first\r\nsecond\rthird\n<fourth> & “fifth”"
    assert sections._lines(text) == linebreaksbr(text, autoescape=True)
    for number in (0, 7, 1234567):
        assert sections._count(number) == localize(number)
    settings.USE_THOUSAND_SEPARATOR = True
    assert sections._count(1234567) == localize(1234567) == "1,234,567"
