"""Who sees and does what, over every library URL: drafts and reviews stay invisible
whatever the id, members-only documents stay away from visitors and applicants, and a
refused write changes nothing."""

import pytest
from django.urls import reverse

from library.models import Document, DocumentStep, DocumentVersion, ReviewComment

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "applicant", "member", "author", "co_author", "coach", "facilitator"]
TEAM = {"author", "co_author", "coach", "facilitator"}


@pytest.fixture
def people(applicant, member, author, co_author, coach, facilitator):
    return {
        "visitor": None,
        "applicant": applicant,
        "member": member,
        "author": author,
        "co_author": co_author,
        "coach": coach,
        "facilitator": facilitator,
    }


def as_(client, people, role):
    client.logout()
    if people[role] is not None:
        client.force_login(people[role])
    return client


def _status(client, url, method="get", data=None):
    response = getattr(client, method)(url, data or {})
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_is_seen_only_by_its_team(client, people, role, draft):
    client = as_(client, people, role)
    for name in ("document", "review"):
        status = _status(client, reverse(f"library:{name}", args=[draft.pk]))
        if role in TEAM:
            assert status == 200, (name, role)
        elif role == "visitor" and name == "review":
            assert status == 302  # to sign in; nothing said about the document
        else:
            assert status == 404, (name, role)
    # Never listed, never found.
    index = client.get(reverse("library:index"), {"q": "السجل"})
    assert draft.title not in index.content.decode() or role in TEAM


@pytest.mark.parametrize("role", ROLES)
def test_a_review_is_seen_only_by_its_team(client, people, role, in_review, coach):
    from library import services

    services.review_comment_add(document=in_review, author=coach, body="Secret remark 7731")
    client = as_(client, people, role)
    response = client.get(reverse("library:review", args=[in_review.pk]))
    if role in TEAM:
        assert response.status_code == 200
        assert "Secret remark 7731" in response.content.decode()
    else:
        assert response.status_code in (302, 404)
        assert "Secret remark 7731" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_a_members_only_document_is_hidden_from_visitors_and_applicants(
    client, people, role, members_only
):
    client = as_(client, people, role)
    status = _status(client, reverse("library:document", args=[members_only.pk]))
    version = _status(client, reverse("library:version", args=[members_only.pk, 1]))
    listed = "Targeting cash transfers" in client.get("/en/library/").content.decode()
    if role in ("visitor", "applicant"):
        assert (status, version, listed) == (404, 404, False)
    else:
        assert (status, version) == (200, 200)
    assert "Targeting cash transfers" not in client.get("/en/library/feed/").content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_a_public_document_is_read_by_everyone(client, people, role, published):
    client = as_(client, people, role)
    assert _status(client, reverse("library:document", args=[published.pk])) == 200
    assert _status(client, reverse("library:version", args=[published.pk, 1])) == 200


@pytest.mark.parametrize("role", ROLES)
def test_edit_publish_and_submit_are_refused_to_all_but_their_roles(
    client, people, role, in_review
):
    client = as_(client, people, role)
    edit = _status(client, reverse("library:edit", args=[in_review.pk]))
    publish = _status(client, reverse("library:publish", args=[in_review.pk]))
    expected_edit = {"author": 200, "co_author": 200, "facilitator": 200, "coach": 403}
    expected_publish = {"facilitator": 200, "author": 403, "co_author": 403, "coach": 403}
    anonymous = 302 if role == "visitor" else 404
    assert edit == expected_edit.get(role, anonymous)
    assert publish == expected_publish.get(role, anonymous)


@pytest.mark.parametrize("role", ["visitor", "applicant", "member", "coach"])
def test_refused_writes_change_nothing(client, people, role, in_review):
    before = (
        Document.objects.filter(pk=in_review.pk).values().get(),
        list(in_review.authors.order_by("pk").values_list("pk", flat=True)),
        DocumentStep.objects.count(),
        DocumentVersion.objects.count(),
        ReviewComment.objects.count(),
    )
    client = as_(client, people, role)
    pk = in_review.pk
    statuses = [
        _status(
            client,
            reverse("library:edit", args=[pk]),
            "post",
            {"title": "Hijacked", "body": "x", "revision": in_review.revision},
        ),
        _status(client, reverse("library:publish", args=[pk]), "post", {"visibility": "public"}),
        _status(client, reverse("library:submit", args=[pk]), "post"),
        _status(client, reverse("library:authors", args=[pk]), "post", {"add": "Rana Khatib"}),
        _status(client, reverse("library:revise", args=[pk]), "post"),
    ]
    if role != "coach":
        statuses.append(
            _status(client, reverse("library:review", args=[pk]), "post", {"body": "Hijack"})
        )
    assert all(status in (302, 403, 404) for status in statuses), statuses
    after = (
        Document.objects.filter(pk=in_review.pk).values().get(),
        list(in_review.authors.order_by("pk").values_list("pk", flat=True)),
        DocumentStep.objects.count(),
        DocumentVersion.objects.count(),
        ReviewComment.objects.count(),
    )
    assert after == before


def test_an_unknown_or_absurd_id_is_a_404_not_an_error(member_client):
    for url in ("/en/library/999999/", "/en/library/999999/v1/", "/en/library/999999/review/"):
        assert member_client.get(url).status_code == 404
    assert member_client.get("/en/library/files/999999/").status_code == 404
    assert member_client.get("/en/library/cohorts/999999/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_draft_attachments_are_downloaded_only_by_the_team(client, people, role, draft, author):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from library import services

    pdf = SimpleUploadedFile("note.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "application/pdf")
    [attachment] = services.attachments_add(document=draft, by=author, files=[pdf])
    client = as_(client, people, role)
    response = client.get(reverse("library:attachment", args=[attachment.pk]))
    assert response.status_code == (200 if role in TEAM else 404)
    if role in TEAM:
        assert response["Content-Disposition"].startswith("attachment")
