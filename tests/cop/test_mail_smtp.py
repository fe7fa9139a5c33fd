"""A real SMTP conversation with a local server (cop.devtools.smtp_sink), read as it arrived."""

import pytest

from cop.devtools.smtp_sink import SmtpSink
from cop.mail import send_templated_email, send_templated_emails
from cop.models import OutboundEmail
from tests.factories import UserFactory

Status = OutboundEmail.Status


@pytest.fixture
def sink(settings):
    with SmtpSink(
        refuse={
            "gone@example.org": (550, "5.1.1 no such mailbox"),
            "full@example.org": (452, "4.2.2 mailbox full"),
        }
    ) as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = server.host
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5
        yield server


@pytest.mark.django_db
def test_an_arabic_email_arrives_whole_and_its_unsubscribe_link_works(
    client, member, sink, django_capture_on_commit_callbacks
):
    member.preferred_language = "ar"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(template="email/test_message", user=member, unsubscribe="digest")

    sink.wait_for(1)
    [message] = sink.messages
    assert message["To"] == member.email
    # Django folds encoded headers onto a continuation line; readers drop that space.
    assert message["Subject"].strip() == "رسالة تجريبية من مجتمع الممارسة"
    assert message["Auto-Submitted"] == "auto-generated"
    # Listed in the reader's mail program as from the site, in their language.
    [sender] = message["From"].addresses
    assert sender.display_name == "مجتمع الممارسة في الشرق الأوسط وشمال أفريقيا"
    assert sender.addr_spec == "noreply@localhost"
    assert message["Message-ID"].startswith("<cop.")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "مجتمع الممارسة" in text
    assert '<html lang="ar" dir="rtl">' in html
    link = message["List-Unsubscribe"].strip().strip("<>")
    assert link in text and link in html

    # The mail client's one-click POST, to the link as it arrived.
    response = client.post(
        link.removeprefix("http://testserver"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.digest_frequency == "none"
    assert member.event_reminders is True, "only the matching preference changed"
    assert OutboundEmail.objects.get().status == Status.SENT


@pytest.mark.django_db
def test_a_batch_shares_one_connection_and_refusals_are_classified(
    country, sink, django_capture_on_commit_callbacks
):
    people = [UserFactory(country=country, email=f"p{n}@example.org") for n in range(4)]
    people.insert(1, UserFactory(country=country, email="gone@example.org"))
    people.insert(3, UserFactory(country=country, email="full@example.org"))

    with django_capture_on_commit_callbacks(execute=True):
        send_templated_emails(template="email/test_message", recipients=people)

    assert sorted(m["To"] for m in sink.messages) == [f"p{n}@example.org" for n in range(4)]
    assert sink.connections == 1
    gone = OutboundEmail.objects.get(to="gone@example.org")
    assert gone.status == Status.FAILED
    assert "550 5.1.1 no such mailbox" in gone.last_error
    full = OutboundEmail.objects.get(to="full@example.org")
    assert full.status == Status.RETRY
    assert "452" in full.last_error


@pytest.mark.django_db
def test_a_mail_server_that_is_down_leaves_the_emails_waiting(settings, make_email):
    from cop import services
    from cop.devtools.smtp_sink import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    email = make_email()

    services.emails_send(ids=[email.pk])

    email.refresh_from_db()
    assert email.status == Status.RETRY
    assert "Connection refused" in email.last_error
