"""The results tables and written answers, built in Python (surveys.results.tables), escape all text."""

from surveys.models import Question, QuestionKind
from surveys.results import tables
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
    table = tables.table_html(result)
    assert "<script>" not in table
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;" in table
    assert "<td>3</td><td>30%</td>" in table
    texts = tables.texts_html(result)
    assert "<img" not in texts and "&lt;img src=x onerror=alert(1)&gt;<br>second line" in texts
    assert "<b>" not in texts and "<bdi>&lt;b&gt;Rana&lt;/b&gt;</bdi>" in texts


def test_a_number_question_without_a_summary_shows_dashes():
    result = QuestionResult(question=Question(kind=QuestionKind.NUMBER), n=6, suppressed=False)
    table = tables.table_html(result)
    assert table.count("<td>–</td>") == 3
