"""The library's panels on the member's home and the visitors' landing page."""

import pytest

from library import services
from library.models import DocumentKind

from .conftest import publish

pytestmark = pytest.mark.django_db


def _published(author, facilitator, title, visibility):
    document = services.document_create(
        author=author, kind=DocumentKind.GOOD_PRACTICE, title=title, body="Text"
    )
    services.document_submit(document=document, by=author)
    publish(document, facilitator, visibility)
    return document


def test_members_see_new_documents_and_visitors_only_public_ones(
    client, author, facilitator, member, draft
):
    _published(author, facilitator, "Open case study", "public")
    _published(author, facilitator, "Members case study", "members")
    landing = client.get("/en/").content.decode()
    assert 'data-panel="library"' in landing
    assert "Open case study" in landing and "Members case study" not in landing
    client.force_login(member)
    home = client.get("/en/").content.decode()
    assert "Open case study" in home and "Members case study" in home
    assert draft.title not in home
    client.force_login(author)
    home = client.get("/en/").content.decode()
    assert "Your documents in progress:" in home and draft.title in home
