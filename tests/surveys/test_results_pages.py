"""The results pages, SVG and CSV as the facilitator and the focal point get them."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from surveys.models import QuestionKind
from surveys.results.synthetic import answer_all, make_members, make_survey

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def survey(country, other_country):
    survey = make_survey()
    answer_all(survey=survey, members=make_members(country=country, count=12))
    answer_all(survey=survey, members=make_members(country=other_country, count=8), start=12)
    return survey


def page_url(survey, language="en", name="surveys:results", *args):
    url = reverse(name, args=[survey.pk, *args])
    return f"/{language}/" + url.split("/", 2)[2]


def charts_in(html: str) -> list[ET.Element]:
    found = []
    for part in html.split("<svg ")[1:]:
        found.append(ET.fromstring("<svg " + part.split("</svg>")[0] + "</svg>"))
    return found


def test_facilitator_sees_every_question_with_chart_and_table(client, facilitator, survey):
    client.force_login(facilitator)
    response = client.get(page_url(survey))
    html = response.content.decode()
    assert response.status_code == 200
    assert "20 respondents" in html and "Answers from all countries" in html
    assert "The survey is still open" in html
    svgs = charts_in(html)
    # Six charted kinds (texts have none); each chart carries its title and n.
    assert len(svgs) == 6
    assert all(svg.get("direction") == "ltr" for svg in svgs)
    assert svgs[0].find(f"{SVG}title").text == "Question 1: Single choice"
    # The numbers as a table beside the chart.
    assert "<td>5</td><td>25%</td>" in html  # Cash transfers: 5 of 20
    assert "Download the chart (SVG)" in html
    # Response rates: both countries, 12 and 8 respondents of 12 and 8 members.
    assert html.count("<td>100%</td>") == 2
    assert "12 / 12" in html and "8 / 8" in html
    # Free text with names for facilitators.
    assert "Respondent 0" in html


def test_arabic_page_has_right_to_left_charts(client, facilitator, survey):
    client.force_login(facilitator)
    html = client.get(page_url(survey, "ar")).content.decode()
    svgs = charts_in(html)
    assert svgs and all(svg.get("direction") == "rtl" for svg in svgs)
    bars = [r for r in svgs[0].iter(f"{SVG}rect") if r.get("class") == "chart__bar"]
    assert all(float(r.get("x")[:-1]) + float(r.get("width")[:-1]) == 100 for r in bars)
    assert "التحويلات النقدية" in html


def test_focal_point_sees_their_country_only_and_no_names(client, focal_point, survey):
    client.force_login(focal_point)
    html = client.get(page_url(survey)).content.decode()
    assert "Answers from Jordan" in html and "12 respondents" in html
    assert "Morocco" not in html
    assert "Respondent 0" not in html and "Respondent 4" not in html  # free text without names
    assert "other 9" in html  # the "other, please say" texts, as typed (escaped)
    assert "Answer 0 to Question 7" not in html  # 3 Jordanians wrote one: too few to show
    assert 'name="country"' not in html  # no choice of country
    assert "Anonymous answers (CSV)" in html


def test_the_page_costs_the_same_queries_for_a_few_or_many_responses(
    client, facilitator, survey, country, django_assert_max_num_queries
):
    client.force_login(facilitator)
    client.get(page_url(survey))
    with django_assert_max_num_queries(16):
        client.get(page_url(survey))
    answer_all(survey=survey, members=300, country=country, start=20)
    with django_assert_max_num_queries(16):
        assert "320 respondents" in client.get(page_url(survey)).content.decode()


def test_small_groups_are_hidden_in_every_view_a_focal_point_reaches(
    client, focal_point, other_focal_point, facilitator, settings, survey
):
    settings.SURVEY_RESULTS_MIN_GROUP = 10  # Morocco has 8 respondents
    client.force_login(other_focal_point)
    single = survey.questions.get(kind=QuestionKind.SINGLE)
    for name in ("surveys:results", "surveys:results_report"):
        html = client.get(page_url(survey, "en", name)).content.decode()
        assert "Too few answers to show" in html
        assert "<svg" not in html and "Cash transfers" not in html
        assert "Answer 12 to" not in html  # nor free text
    assert client.get(page_url(survey, "en", "surveys:results_chart", single.pk)).status_code == 404
    refused = client.get(page_url(survey, "en", "surveys:results_csv"))
    assert refused.status_code == 403
    assert "Too few answers to export" in refused.content.decode()
    # The facilitator's view of all countries hides Morocco's Likert row, not the rest.
    client.force_login(facilitator)
    html = client.get(page_url(survey)).content.decode()
    assert "Too few answers to show for: Morocco" in html
    # Jordan (12) is shown to its focal point.
    client.force_login(focal_point)
    assert "<svg" in client.get(page_url(survey)).content.decode()


def test_chart_download_is_an_svg_file_in_the_page_language(client, facilitator, survey):
    client.force_login(facilitator)
    likert = survey.questions.get(kind=QuestionKind.LIKERT)
    response = client.get(
        page_url(survey, "ar", "surveys:results_chart", likert.pk) + "?country=JO"
    )
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Content-Disposition"] == (
        f'attachment; filename="survey-{survey.pk}-question-3-ar-JO.svg"'
    )
    body = response.content.decode()
    assert body.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(body.split("?>", 1)[1].strip())
    assert root.get("direction") == "rtl" and root.get("width") == "640"
    assert root.find(f"{SVG}title").text == "السؤال 3: Likert scale".replace(
        "Likert scale", likert.get_kind_display()
    ) or root.find(f"{SVG}title").text.startswith("السؤال 3")
    segments = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "chart__segment"]
    assert segments


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_facilitator_csv_has_one_row_per_response_and_a_column_per_option(
    client, facilitator, survey
):
    client.force_login(facilitator)
    response = client.get(page_url(survey, "en", "surveys:results_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    header, data = rows[0], rows[1:]
    assert header[:5] == ["Response", "Submitted", "Name", "Email", "Country"]
    assert "Q2. Question 2: Multiple choice: Cash transfers" in header
    assert "Q4. Question 4: Ranking: Targeting (rank)" in header
    assert "Q1. Question 1: Single choice: other, please say" in header
    assert len(data) == 20
    by_email = {row[3]: dict(zip(header, row, strict=True)) for row in data}
    first = by_email["respondent0.jo@example.org"]
    assert first["Name"] == "Respondent 0" and first["Country"] == "Jordan"
    assert first["Q1. Question 1: Single choice"] == "Cash transfers"
    assert first["Q6. Question 6: Number"] == "0.00"
    tenth = by_email["respondent9.jo@example.org"]
    # "other" typed as a formula is defused.
    assert tenth["Q1. Question 1: Single choice: other, please say"].startswith("'=HYPERLINK")


def test_focal_point_csv_is_their_country_without_names(client, focal_point, survey):
    client.force_login(focal_point)
    rows = read_csv(client.get(page_url(survey, "en", "surveys:results_csv")))
    assert rows[0][0] == "Country" and "Email" not in rows[0] and "Name" not in rows[0]
    assert len(rows) == 13 and {row[0] for row in rows[1:]} == {"Jordan"}
    assert "example.org" not in "".join(",".join(row) for row in rows)


def test_report_page_links_a_print_stylesheet_and_hides_tools(client, facilitator, survey):
    client.force_login(facilitator)
    html = client.get(page_url(survey, "en", "surveys:results_report")).content.decode()
    assert 'results-print.css" media="print"' in html
    assert "Download the chart (SVG)" not in html
    assert len(charts_in(html)) == 6
    assert "Report prepared on" in html


def test_figures_are_reused_until_a_response_is_submitted_or_saved_again(
    client, facilitator, survey, country, django_assert_max_num_queries
):
    from surveys import services
    from surveys.forms import Given

    client.force_login(facilitator)
    first = client.get(page_url(survey)).content.decode()
    # The same responses: the figures come from the cache, with fewer queries.
    with django_assert_max_num_queries(10):
        again = client.get(page_url(survey)).content.decode()
    assert again.count("<svg ") == first.count("<svg ") == 6
    assert 'class="chart__bar"' in again  # drawn charts, not escaped markup
    # A response saved again (an edited answer) is seen at once. (Through the service, the
    # only way answers change; "Public works" in full: yes/no/maybe also has a 6 / 30% row.)
    single = survey.questions.get(kind=QuestionKind.SINGLE)
    public_works = single.choices.get(order=3)
    answer = single.answers.exclude(chosen__choice=public_works).select_related("response")
    member = answer.first().response.member
    services.response_save(
        survey=survey, member=member, answers=[Given(single, [public_works.pk])], submit=True
    )
    html = client.get(page_url(survey)).content.decode()
    assert "Public works</th><td>6</td><td>30%</td>" in html
    # A new response too.
    answer_all(
        survey=survey, members=make_members(country=country, count=1, prefix="late"), start=3
    )
    assert "21 respondents" in client.get(page_url(survey)).content.decode()


def test_a_page_drawn_with_nothing_cached_reads_each_thing_once(
    client, facilitator, survey, django_assert_max_num_queries
):
    """Session, user, role, focal point (every page) and the survey, its respondents, the
    countries with their members, the questions, the tallies and the latest written answers."""
    from django.core.cache import cache

    client.force_login(facilitator)
    client.get(page_url(survey))
    cache.clear()
    with django_assert_max_num_queries(10):
        assert "20 respondents" in client.get(page_url(survey)).content.decode()
    with django_assert_max_num_queries(11):  # the country asked for is looked up
        assert "12 respondents" in client.get(page_url(survey) + "?country=JO").content.decode()


def test_the_country_filter_lists_every_country_in_the_readers_order(client, facilitator, survey):
    from django.utils import translation

    from members.selectors import sorted_countries

    client.force_login(facilitator)

    def options(html):
        select = html.split('<select name="country"')[1].split("</select>")[0]
        return [
            (part.split('"')[0], "selected" in part.split(">")[0])
            for part in select.split('<option value="')[1:]
        ]

    arabic = options(client.get(page_url(survey, "ar")).content.decode())
    codes = [code for code, _selected in arabic]
    with translation.override("ar"):
        assert codes == ["", *(c.code for c in sorted_countries())]
    # الأردن، تونس، المغرب، اليمن: the article "ال" does not decide the order.
    assert codes.index("JO") < codes.index("TN") < codes.index("MA") < codes.index("YE")
    assert arabic[0] == ("", True)
    english = options(client.get(page_url(survey) + "?country=MA").content.decode())
    codes = [code for code, _selected in english]
    assert codes.index("JO") < codes.index("MA") < codes.index("TN") < codes.index("YE")
    assert [code for code, selected in english if selected] == ["MA"]


def test_a_text_missing_in_english_is_shown_in_arabic(client, facilitator, survey):
    single = survey.questions.get(kind=QuestionKind.SINGLE)
    type(single).objects.filter(pk=single.pk).update(text_en="")
    first = single.choices.order_by("order").first()
    type(first).objects.filter(pk=first.pk).update(label_en=None)
    client.force_login(facilitator)
    html = client.get(page_url(survey)).content.decode()
    assert single.text_ar in html and "Question 1:" not in html
    assert f"{first.label_ar}</th><td>5</td>" in html
    arabic = client.get(page_url(survey, "ar")).content.decode()
    assert single.text_ar in arabic


def test_response_rates_are_listed_in_the_readers_alphabetical_order(client, facilitator, survey):
    from members.models import Country

    iraq = Country.objects.get(code="IQ")
    answer_all(survey=survey, members=make_members(country=iraq, count=5, prefix="iq"), start=20)
    client.force_login(facilitator)

    def rows(language):
        html = client.get(page_url(survey, language)).content.decode()
        table = html.split('class="results-rates"')[1].split("</tbody>")[0]
        return [row.split("</th>")[0] for row in table.split('<th scope="row">')[1:]]

    # الأردن، العراق، المغرب: the article "ال" set aside, as in every list of the site.
    assert rows("ar") == ["الأردن", "العراق", "المغرب"]
    assert rows("en") == ["Iraq", "Jordan", "Morocco"]


def test_after_a_deploy_no_page_reads_sections_drawn_by_the_previous_code(
    client, facilitator, survey, monkeypatch
):
    from django.core.cache import cache

    from surveys.results import selectors

    client.force_login(facilitator)
    client.get(page_url(survey))
    with translation.override("en"):
        key = selectors.survey_results(survey=survey, country=None, names=True).cache_key
    cache.set(f"{key}:sections:1", "drawn by the previous code")
    assert "drawn by the previous code" in client.get(page_url(survey)).content.decode()
    monkeypatch.setattr(selectors, "code_version", lambda: "the next version")
    html = client.get(page_url(survey)).content.decode()
    assert "drawn by the previous code" not in html and html.count("<svg ") == 6
