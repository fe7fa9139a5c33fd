"""Hostile Markdown and uploads: sanitised text, checked files, nothing half-saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from library.models import Document, DocumentAttachment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _form(**extra):
    return {"kind": "policy_note", "title": "A note", "body": "Text", "language": "en", **extra}


def test_hostile_markdown_is_rendered_harmless(member_client):
    body = (
        "<script>alert(1)</script>\n\n[click](javascript:alert(2))\n\n"
        '<img src=x onerror="alert(3)">\n\n![pixel](https://tracker.example/p.gif)\n\n'
        + "["
        * 20000
    )
    response = member_client.post("/en/library/new/", _form(body=body))
    assert response.status_code == 302
    document = Document.objects.get()
    html = document.body_html
    # Raw HTML reads as the characters typed; no script, no javascript: link, no picture.
    assert "<script" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html
    assert "<img" not in html
    page = member_client.get(f"/en/library/{document.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page


def test_a_disguised_executable_is_refused_and_nothing_is_saved(member_client):
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/pdf")
    response = member_client.post("/en/library/new/", _form(attachments=[fake]))
    assert response.status_code == 400
    assert "is not a PDF, Office document or image" in response.content.decode()
    assert not Document.objects.exists() and not DocumentAttachment.objects.exists()


def test_a_real_pdf_is_kept_under_a_safe_name_and_always_downloaded(member_client, member):
    upload = SimpleUploadedFile("minutes\u202efdp.exe", PDF, "application/octet-stream")
    assert member_client.post("/en/library/new/", _form(attachments=[upload])).status_code == 302
    attachment = DocumentAttachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name.endswith(".pdf") and "\u202e" not in attachment.original_name
    response = member_client.get(f"/en/library/files/{attachment.pk}/")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_overlong_or_malformed_fields_are_refused_with_a_clear_error(member_client):
    response = member_client.post("/en/library/new/", _form(title="x" * 500, kind="nonsense"))
    assert response.status_code == 400
    assert not Document.objects.exists()
    response = member_client.post("/en/library/new/", _form(title="bad\u202etitle"))
    assert response.status_code == 302
    assert Document.objects.get().title == "badtitle"


def test_a_forged_revision_or_parent_is_refused(client, in_review, author, coach):
    client.force_login(author)
    response = client.post(
        f"/en/library/{in_review.pk}/edit/",
        {"title": "x", "body": "y", "revision": "not-a-number"},
    )
    assert response.status_code == 400
    client.force_login(coach)
    response = client.post(f"/en/library/{in_review.pk}/review/", {"body": "hi", "parent": 999999})
    assert response.status_code == 404
    response = client.post(f"/en/library/{in_review.pk}/review/", {"body": "hi", "section": "Nope"})
    assert response.status_code == 400
    in_review.refresh_from_db()
    assert in_review.title != "x" and not in_review.comments.exists()
