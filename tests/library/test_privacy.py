"""The library's part of a member's data export, and of closing their account."""

import json

import pytest

from library import privacy
from library.models import Document, PublicationNotice
from members.services.account import account_close

pytestmark = pytest.mark.django_db


def test_the_export_holds_what_they_wrote_and_did(published, author, coach):
    data = privacy.member_data(author)
    json.dumps(data)  # JSON-able
    [document] = data["documents"]
    assert document["title"] == published.title and document["text"] == published.body
    assert data["published_versions_of_your_documents"] == [(published.pk, 1)]
    assert privacy.member_data(coach)["documents_coached"] == [published.pk]


def test_closing_an_account_keeps_the_document_under_former_member(
    client, published, author, coach, topic
):
    PublicationNotice.objects.create(version=published.current_version, member=author)
    account_close(member=author)
    document = Document.objects.get(pk=published.pk)
    assert document.authors.filter(pk=author.pk).exists()  # what they wrote stays
    version = document.current_version
    assert "Rana Khatib" not in json.dumps(version.author_names)
    assert {"id": None, "ar": "عضو سابق", "en": "former member"} in version.author_names
    assert not PublicationNotice.objects.filter(member=author).exists()
    html = client.get(f"/en/library/{published.pk}/").content.decode()
    assert "Rana Khatib" not in html and "former member" in html
    account_close(member=coach)
    document.refresh_from_db()
    assert document.coach is None
