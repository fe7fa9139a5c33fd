"""Draft, review, publish, revise: versions, series numbers, the record of steps."""

import pytest
from django.core.exceptions import PermissionDenied

from library import services
from library.models import (
    Document,
    DocumentKind,
    DocumentState,
    DocumentStep,
    DocumentVersion,
    StepAction,
    Visibility,
)

from .conftest import BODY_AR, publish

pytestmark = pytest.mark.django_db


def test_a_draft_has_its_language_detected_and_its_markdown_rendered(draft, author, co_author):
    assert draft.language == "ar"
    assert "<strong>السجل الاجتماعي</strong>" in draft.body_html
    assert "<strong>social registry</strong>" in draft.body_translation_html
    assert set(draft.authors.all()) == {author, co_author}
    assert draft.state == DocumentState.DRAFT
    assert draft.current_version is None
    assert list(draft.steps.values_list("action", flat=True)) == [StepAction.CREATED]


def test_publishing_freezes_a_version_and_numbers_policy_notes_in_one_series(
    in_review, facilitator, author, topic
):
    version = publish(in_review, facilitator)
    in_review.refresh_from_db()
    assert version.number == 1
    assert in_review.current_version == version
    assert in_review.state == DocumentState.PUBLISHED
    assert in_review.series_number == 1
    assert version.body == BODY_AR
    assert {"id": author.pk, "ar": "رنا الخطيب", "en": "Rana Khatib"} in version.author_names

    other = services.document_create(
        author=author, kind=DocumentKind.POLICY_NOTE, title="Second note", body="## One\n\nText"
    )
    services.document_submit(document=other, by=author)
    publish(other, facilitator)
    other.refresh_from_db()
    assert other.series_number == 2
    # A good-practice case is not numbered.
    case = services.document_create(
        author=author, kind=DocumentKind.GOOD_PRACTICE, title="A case", body="Text"
    )
    services.document_submit(document=case, by=author)
    publish(case, facilitator)
    case.refresh_from_db()
    assert case.series_number is None


def test_a_revision_keeps_the_earlier_version_and_numbers_the_next(published, author, facilitator):
    first = published.current_version
    services.document_revise(document=published, by=author)
    published.refresh_from_db()
    assert published.state == DocumentState.DRAFT
    assert published.current_version == first  # readers still see version 1
    services.document_edit(
        document=published,
        editor=author,
        revision=published.revision,
        body=BODY_AR + "\n## النتائج\n\nانخفضت أخطاء الإدراج بنسبة الثلث.\n",
    )
    published.refresh_from_db()
    services.document_submit(document=published, by=author)
    second = publish(published, facilitator)
    published.refresh_from_db()
    assert second.number == 2
    assert published.current_version == second
    assert published.series_number == 1  # the number stays with the note
    first.refresh_from_db()
    assert "النتائج" not in first.body  # version 1 unchanged
    assert DocumentVersion.objects.filter(document=published).count() == 2
    actions = list(published.steps.values_list("action", "version"))
    assert (StepAction.PUBLISHED, 1) in actions and (StepAction.PUBLISHED, 2) in actions
    assert (StepAction.REVISING, 1) in actions


def test_a_stale_save_is_refused_and_changes_nothing(draft, author, co_author):
    opened_at = draft.revision
    services.document_edit(document=draft, editor=author, revision=opened_at, body="Rana's text")
    with pytest.raises(services.StaleEdit) as stale:
        services.document_edit(
            document=draft, editor=co_author, revision=opened_at, body="Youssef's text"
        )
    assert stale.value.document.body == "Rana's text"
    draft.refresh_from_db()
    assert draft.body == "Rana's text"
    assert draft.revision == opened_at + 1


def test_each_step_records_who_and_when(published, author, coach, facilitator):
    steps = list(DocumentStep.objects.filter(document=published).order_by("pk"))
    assert [(s.action, s.actor) for s in steps] == [
        (StepAction.CREATED, author),
        (StepAction.SUBMITTED, author),
        (StepAction.PUBLISHED, facilitator),
    ]
    assert all(s.created_at for s in steps)


def test_review_comments_are_threaded_per_section(in_review, coach, author):
    comment = services.review_comment_add(
        document=in_review, author=coach, section="ما فعلناه", body="أضيفوا أرقاماً."
    )
    answer = services.review_comment_add(
        document=in_review, author=author, body="سنضيف النتائج.", parent=comment
    )
    assert answer.section == "ما فعلناه" and answer.parent == comment
    # Authors answer; they do not open comments of their own.
    with pytest.raises(PermissionDenied):
        services.review_comment_add(document=in_review, author=author, body="Hello")


def test_a_comment_on_a_section_that_does_not_exist_is_refused(in_review, coach):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.review_comment_add(
            document=in_review, author=coach, section="Invented", body="Hello"
        )


def test_only_facilitators_publish_and_only_what_is_in_review(draft, in_review, coach, author):
    with pytest.raises(PermissionDenied):
        services.document_publish(document=in_review, by=coach, visibility=Visibility.PUBLIC)
    with pytest.raises(PermissionDenied):
        services.document_publish(document=in_review, by=author, visibility=Visibility.PUBLIC)
    in_review.refresh_from_db()
    assert in_review.current_version is None
    assert Document.objects.get(pk=in_review.pk).series_number is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_publications_never_share_a_series_number(facilitator, author):
    from tests.concurrency import run_in_threads

    documents = []
    for index in range(4):
        doc = services.document_create(
            author=author, kind=DocumentKind.POLICY_NOTE, title=f"Note {index}", body="Text"
        )
        services.document_submit(document=doc, by=author)
        documents.append(doc)
    run_in_threads(
        4,
        lambda index: services.document_publish(
            document=documents[index], by=facilitator, visibility="public"
        ),
    )
    numbers = sorted(Document.objects.values_list("series_number", flat=True))
    assert numbers == [1, 2, 3, 4]


def test_authors_add_a_co_author_by_name_and_keep_at_least_one(client, draft, author, co_author):
    from tests.factories import UserFactory

    newcomer = UserFactory(name_latin="Leila Haddad", name_arabic="ليلى حداد")
    UserFactory(name_latin="Sami Nasser")
    UserFactory(name_latin="Sami Nasser")
    client.force_login(author)
    url = f"/en/library/{draft.pk}/authors/"
    assert client.post(url, {"add": "ليلى حداد"}).status_code == 302
    assert draft.authors.filter(pk=newcomer.pk).exists()
    response = client.post(url, {"add": "Sami Nasser"})
    assert response.status_code == 400
    assert "Several members have this name" in response.content.decode()
    response = client.post(url, {"add": "Nobody Known"})
    assert response.status_code == 400 and "No approved member has this name." in (
        response.content.decode()
    )
    everyone = [a.pk for a in draft.authors.all()]
    response = client.post(url, {"remove": everyone})
    assert response.status_code == 400
    assert draft.authors.count() == 3
    assert client.post(url, {"remove": [co_author.pk]}).status_code == 302
    assert set(draft.authors.all()) == {author, newcomer}
