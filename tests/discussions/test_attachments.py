"""Attachments: type from the bytes, size limit, permission-checked downloads, never inline."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from discussions import services
from discussions.models import Attachment, Post

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def start(client, topic, *files):
    return client.post(
        f"/en/discussions/topics/{topic.slug}/new/",
        {
            "kind": "practice",
            "title": "Our manual",
            "body": "Attached.",
            "attachments": list(files),
        },
    )


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("manual.pdf", PDF, "application/pdf"),
        ("chart.png", PNG, "image/png"),
        (
            "terms.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_pdf_images_and_office_documents_are_accepted(member_client, topic, name, content, mime):
    response = start(member_client, topic, upload(name, content))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.content_type) == (name, mime)
    assert name not in attachment.file.name  # stored under a random name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"<html><script>alert(1)</script></html>"),
        ("photo.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("tool.docx", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),
        ("empty.pdf", b""),
    ],
)
def test_files_whose_content_is_not_allowed_are_refused_whatever_their_name(
    member_client, topic, name, content
):
    response = start(member_client, topic, upload(name, content))
    assert response.status_code == 400
    assert Attachment.objects.count() == 0 and Post.objects.count() == 0


def test_an_html_file_renamed_pdf_is_refused_with_a_message(member_client, topic):
    response = start(member_client, topic, upload("report.pdf", b"<!DOCTYPE html><h1>hi</h1>"))
    assert "report.pdf is not a PDF, Office document or image." in response.content.decode()


def test_files_over_the_size_limit_are_refused(member_client, topic, settings):
    settings.COP_UPLOAD_MAX_BYTES = 100
    response = start(member_client, topic, upload("big.pdf", PDF + b"0" * 200))
    assert response.status_code == 400 and "too large" in response.content.decode()
    assert Attachment.objects.count() == 0


def test_service_refuses_bad_files_too(member, topic):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.thread_create(
            author=member,
            topic=topic,
            kind="discussion",
            title="t",
            body="b",
            files=[upload("x.pdf", b"<html></html>")],
        )


@pytest.fixture
def attachment(member, topic):
    thread = services.thread_create(
        author=member,
        topic=topic,
        kind="practice",
        title="Manual",
        body="See the file.",
        files=[upload('my "manual".pdf', PDF)],
    )
    return thread.opening_post.attachments.get()


def test_readers_download_as_an_attachment_never_inline(member_client, attachment):
    response = member_client.get(f"/en/discussions/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_downloads_are_refused_to_those_who_cannot_read_the_thread(
    client, applicant, attachment, facilitator
):
    url = f"/en/discussions/attachments/{attachment.pk}/"
    response = client.get(url)  # visitor, members-only topic: sign in first
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(applicant)
    assert client.get(url).status_code == 403  # once approved
    services.thread_moderate(
        thread=attachment.post.thread, by=facilitator, action="hide", reason="Spam"
    )
    client.force_login(attachment.post.author)
    assert client.get(url).status_code == 404  # hidden thread


def test_thread_page_links_the_file(member_client, attachment):
    html = member_client.get(attachment.post.thread.get_absolute_url()).content.decode()
    assert f'href="/en/discussions/attachments/{attachment.pk}/" download' in html


def test_files_of_a_hidden_reply_are_for_facilitators_only(
    client, member, other_member, facilitator, topic
):
    thread = services.thread_create(
        author=member, topic=topic, kind="discussion", title="Manuals", body="Share yours."
    )
    reply = services.post_reply(
        author=other_member,
        parent=thread.opening_post,
        body="Mine.",
        files=[upload("mine.pdf", PDF)],
    )
    url = f"/en/discussions/attachments/{reply.attachments.get().pk}/"
    services.post_set_hidden(post=reply, by=facilitator, hidden=True, reason="Spam")
    for reader in (member, other_member):  # even its author, once it is hidden
        client.force_login(reader)
        assert client.get(url).status_code == 404
    client.force_login(facilitator)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("name", "offered"),
    [
        ("minutes.hta", "minutes.hta.pdf"),  # would run under mshta if saved as .hta
        ("minutes\u202efdp.exe", "minutesfdp.exe.pdf"),  # displays as "minutesexe.pdf"
        ("report.PDF", "report.PDF"),
        ("no-extension", "no-extension.pdf"),
    ],
)
def test_files_are_offered_under_an_extension_that_matches_their_content(
    member_client, topic, name, offered
):
    start(member_client, topic, upload(name, PDF))
    attachment = Attachment.objects.get()
    assert attachment.original_name == offered
    response = member_client.get(f"/en/discussions/attachments/{attachment.pk}/")
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'hta"' not in response["Content-Disposition"]
    assert "\u202e" not in response["Content-Disposition"]
    assert response["Content-Disposition"].lower().rstrip('"').endswith(".pdf")


def test_files_stored_before_names_were_cleaned_are_still_offered_safely(member_client, attachment):
    Attachment.objects.filter(pk=attachment.pk).update(original_name="old\u202efdp.hta")
    response = member_client.get(f"/en/discussions/attachments/{attachment.pk}/")
    assert response["Content-Disposition"] == 'attachment; filename="oldfdp.hta.pdf"'
