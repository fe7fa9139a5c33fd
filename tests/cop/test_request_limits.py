"""A request body larger than anything the platform accepts is refused before it is read."""

import io
import socket
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cop.wsgi import application
from discussions.models import Attachment, Post

pytestmark = pytest.mark.django_db

MiB = 1024 * 1024
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class EndlessBody(io.RawIOBase):
    """A request body that is never really there: counts what is read, and fails the
    test rather than produce more than one mebibyte of it."""

    def __init__(self):
        self.read_bytes = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        if self.read_bytes > MiB:
            raise AssertionError("the oversized body is being read")
        size = len(buffer)
        buffer[:size] = b"\0" * size
        self.read_bytes += size
        return size


def call_wsgi(path, *, length, csrf_cookie="W" * 32, referer=""):
    body = EndlessBody()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "CONTENT_TYPE": "multipart/form-data; boundary=xyz",
        "CONTENT_LENGTH": str(length),
        "HTTP_COOKIE": f"csrftoken={csrf_cookie}",
        "wsgi.input": body,
        "wsgi.errors": io.StringIO(),
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if referer:
        environ["HTTP_REFERER"] = referer
    status = []
    chunks = application(environ, lambda code, headers, exc_info=None: status.append(code))
    html = b"".join(chunks).decode()
    return status[0], html, body


@pytest.fixture
def thread(member):
    from discussions import services
    from tests.discussions.factories import TopicFactory

    return services.thread_create(
        author=member,
        topic=TopicFactory(slug="social-registries"),
        kind="question",
        title="How do you update household data?",
        body="We visit every household once a year.",
    )


@pytest.fixture
def temp_dir(settings, tmp_path):
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return folder


def test_a_200_mib_body_from_a_visitor_with_a_wrong_csrf_token_is_refused_unread(thread, temp_dir):
    path = f"/en/discussions/posts/{thread.opening_post.pk}/reply/"
    status, html, body = call_wsgi(path, length=200 * MiB)
    assert status.startswith("413")
    assert body.read_bytes == 0
    assert list(temp_dir.iterdir()) == []
    assert "What you sent is too large" in html
    assert "up to 5 attachments, each of up to 10.0\xa0MB" in html


def test_the_refusal_is_in_the_visitors_language_and_leads_back(thread, temp_dir):
    path = f"/ar/discussions/topics/{thread.topic.slug}/new/"
    back = f"http://testserver/ar/discussions/topics/{thread.topic.slug}/new/"
    status, html, _ = call_wsgi(path, length=60 * MiB, referer=back)
    assert status.startswith("413")
    assert '<html lang="ar" dir="rtl"' in html
    assert "ما أرسلته أكبر من المسموح به" in html
    assert f'href="{back}"' in html
    _, html, _ = call_wsgi(path, length=60 * MiB, referer="https://evil.example/")
    assert "evil.example" not in html


def test_a_body_within_the_limit_is_read_as_usual(thread, temp_dir, settings):
    # Declared within the limit: the request goes on to the CSRF check, which reads it.
    path = f"/en/discussions/posts/{thread.opening_post.pk}/reply/"
    status, _, body = call_wsgi(path, length=512 * 1024)
    assert status.startswith(("400", "403"))  # a body of zeros, and no valid token
    assert body.read_bytes > 0


def test_over_http_the_server_answers_413_without_waiting_for_the_body(live_server, thread):
    address = urlsplit(live_server.url)
    path = f"/en/discussions/posts/{thread.opening_post.pk}/reply/"
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(
            (
                f"POST {path} HTTP/1.1\r\nHost: {address.netloc}\r\n"
                "Content-Type: multipart/form-data; boundary=xyz\r\n"
                f"Content-Length: {200 * MiB}\r\nCookie: csrftoken={'W' * 32}\r\n\r\n"
            ).encode()
            + b"--xyz\r\n" * 1000
        )
        answer = connection.recv(4096).decode(errors="replace")
    assert answer.startswith("HTTP/1.1 413")


def test_a_normal_attachment_upload_still_works(member_client, thread, temp_dir):
    response = member_client.post(
        f"/en/discussions/posts/{thread.opening_post.pk}/reply/",
        {"body": "The manual.", "attachments": [SimpleUploadedFile("m.pdf", PDF)]},
    )
    assert response.status_code == 302
    assert Attachment.objects.get().original_name == "m.pdf"


def test_a_file_over_the_limit_inside_an_accepted_body_is_not_stored_past_the_limit(
    member_client, thread, temp_dir, settings
):
    settings.COP_UPLOAD_MAX_BYTES = 64 * 1024
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every file would go to a temporary file
    big = SimpleUploadedFile("big.pdf", PDF + b"\0" * (3 * MiB))
    stored = []
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    original = TemporaryFileUploadHandler.receive_data_chunk

    def counting(self, raw_data, start):
        stored.append(len(raw_data))
        return original(self, raw_data, start)

    TemporaryFileUploadHandler.receive_data_chunk = counting
    try:
        response = member_client.post(
            f"/en/discussions/posts/{thread.opening_post.pk}/reply/",
            {"body": "Too big.", "attachments": [big]},
        )
    finally:
        TemporaryFileUploadHandler.receive_data_chunk = original
    assert response.status_code == 400  # a refused form, as every form of the site answers
    assert "big.pdf is too large: the limit is 64.0\xa0KB." in response.content.decode()
    assert sum(stored) <= settings.COP_UPLOAD_MAX_BYTES
    assert Post.objects.count() == 1  # the opening post only: nothing half-saved
