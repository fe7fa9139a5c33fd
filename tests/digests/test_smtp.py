"""Digests through a real SMTP server (aiosmtpd) and Django's SMTP backend, read as they arrived."""

import re

import pytest

from cop.devtools.smtp_sink import SmtpSink
from cop.mail import send_templated_email
from cop.models import OutboundEmail
from digests import services
from digests.models import DigestDelivery
from discussions import services as discussions
from events.models import Registration, RegistrationStatus
from members.models import DigestFrequency, User
from tests.events.factories import EventFactory

from .conftest import at, reader, reply_to, start_thread

pytestmark = pytest.mark.django_db
Status = OutboundEmail.Status


@pytest.fixture
def sink(settings):
    with SmtpSink(refuse={"gone@example.org": (550, "5.1.1 no such mailbox")}) as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = server.host
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5
        yield server


def run(now, capture):
    with capture(execute=True):
        return services.digests_send_due(now=now, inline=True)


def test_an_arabic_digest_arrives_right_to_left_with_both_parts_and_a_working_unsubscribe(
    client, jordan, topic, sink, django_capture_on_commit_callbacks
):
    arabic = reader(jordan, language="ar", email="amal@example.org", name_arabic="أمل")
    english = reader(jordan, language="en", email="john@example.org")
    author = reader(jordan, name_arabic="سامي", name_latin="Sami")
    for person in (arabic, english):
        discussions.topic_set_followed(member=person, topic=topic, follow=True)
    thread = start_thread(
        author, topic, when=at("2026-11-25 18:00", "Asia/Amman"), title="Reaching informal workers"
    )
    thread.title_translation = "الوصول إلى العمال غير المنظمين"
    thread.save()
    for n in range(5):
        reply_to(thread, author, when=at(f"2026-11-25 19:0{n}", "Asia/Amman"), body=f"Reply {n}")
    event = EventFactory(
        start=at("2026-12-01 10:00", "Asia/Amman"), end=at("2026-12-01 11:30", "Asia/Amman")
    )
    Registration.objects.create(event=event, member=arabic, status=RegistrationStatus.REGISTERED)

    run(at("2026-11-26 07:03", "Asia/Amman"), django_capture_on_commit_callbacks)
    sink.wait_for(2)
    messages = {m["To"]: m for m in sink.messages}
    assert set(messages) == {"amal@example.org", "john@example.org"}

    message = messages["amal@example.org"]
    assert "ملخّصك اليومي" in message["Subject"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="ar" dir="rtl">' in html
    # The title in the reader's language, the author, the first lines, links to the posts.
    assert "الوصول إلى العمال غير المنظمين" in html and "الوصول إلى العمال غير المنظمين" in text
    assert "سامي" in html
    assert "We register them through" in text
    assert re.search(r"http://testserver/ar/discussions/posts/\d+/", html)
    assert "3 مشاركات أخرى في هذا الموضوع" in text and "3 مشاركات أخرى في هذا الموضوع" in html
    # Her registered event rides along; no external images, inline styles only.
    assert event.title_ar in html
    assert "<img" not in html and "<style" not in html and "<link" not in html

    english_text = messages["john@example.org"].get_body(preferencelist=("plain",)).get_content()
    assert "Reaching informal workers" in english_text
    assert "3 more in this thread" in english_text
    assert (
        'dir="ltr"' in messages["john@example.org"].get_body(preferencelist=("html",)).get_content()
    )

    # One-click unsubscribe, as a mail client does it, turns off the digest only.
    link = message["List-Unsubscribe"].strip().strip("<>")
    assert link in text and link in html
    response = client.post(
        link.removeprefix("http://testserver"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    arabic.refresh_from_db()
    assert arabic.digest_frequency == DigestFrequency.NONE
    assert arabic.event_reminders is True
    # The page offers to undo it, and undoing restores daily.
    assert 'name="undo" value="daily"' in response.content.decode()
    client.post(link.removeprefix("http://testserver"), {"undo": "daily"})
    arabic.refresh_from_db()
    assert arabic.digest_frequency == DigestFrequency.DAILY


def test_a_refused_address_is_marked_failing_and_gets_no_more_mail_until_confirmed(
    client, jordan, topic, sink, django_capture_on_commit_callbacks, focal_point
):
    gone = reader(jordan, email="gone@example.org")
    discussions.topic_set_followed(member=gone, topic=topic, follow=True)
    start_thread(reader(jordan), topic, when=at("2026-11-25 18:00", "Asia/Amman"))
    run(at("2026-11-26 07:03", "Asia/Amman"), django_capture_on_commit_callbacks)

    email = OutboundEmail.objects.get(to=gone.email)
    assert email.status == Status.FAILED and "550" in email.last_error
    gone.refresh_from_db()
    assert gone.email_failing_since is not None and "5.1.1" in gone.email_failing_reason
    assert DigestDelivery.objects.get(member=gone).email_id == email.pk  # admin shows why

    # Nothing more is queued to it: the next digest, a reminder, an account email.
    start_thread(reader(jordan), topic, when=at("2026-11-26 18:00", "Asia/Amman"), title="Two")
    run(at("2026-11-27 07:03", "Asia/Amman"), django_capture_on_commit_callbacks)
    assert send_templated_email(template="email/test_message", user=gone) is None
    assert OutboundEmail.objects.filter(to=gone.email).count() == 1

    # The member and their focal point see it on the profile; another member does not.
    client.force_login(gone)
    assert (
        "Emails to this address are refused" in client.get("/en/members/profile/").content.decode()
    )
    client.force_login(focal_point)
    page = client.get(f"/en/members/{gone.pk}/").content.decode()
    assert "Emails to this address are refused" in page
    client.force_login(reader(jordan))
    assert (
        "Emails to this address are refused"
        not in client.get(f"/en/members/{gone.pk}/").content.decode()
    )

    # The member asks for a confirmation link (an account email: it does go out).
    client.force_login(gone)
    sink.refuse.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/members/profile/address/")
    assert response.status_code == 302
    sink.wait_for(1)
    confirmation = [m for m in sink.messages if m["To"] == gone.email][-1]
    link = re.search(
        r"http://testserver(/en/members/address/[^/\s]+/)",
        confirmation.get_body(preferencelist=("plain",)).get_content(),
    ).group(1)
    client.logout()
    assert client.get(link).status_code == 200
    gone.refresh_from_db()
    assert gone.email_failing_since is not None  # a GET (a link scanner) changes nothing
    assert client.post(link).status_code == 200
    gone.refresh_from_db()
    assert gone.email_failing_since is None
    assert client.post(link.replace("/address/", "/address/x")).status_code == 400
    # Digests flow again.
    now = at("2026-11-28 07:03", "Asia/Amman")
    start_thread(reader(jordan), topic, when=at("2026-11-27 18:00", "Asia/Amman"), title="Three")
    run(now, django_capture_on_commit_callbacks)
    assert (
        OutboundEmail.objects.filter(
            to=gone.email, kind="digests/email/digest", status=Status.SENT
        ).count()
        == 1
    )


def test_a_temporary_refusal_is_retried_not_marked(
    jordan, topic, sink, django_capture_on_commit_callbacks
):
    busy = reader(jordan, email="busy@example.org")
    sink.refuse["busy@example.org"] = (451, "4.3.0 try later")
    discussions.topic_set_followed(member=busy, topic=topic, follow=True)
    start_thread(reader(jordan), topic, when=at("2026-11-25 18:00", "Asia/Amman"))
    run(at("2026-11-26 07:03", "Asia/Amman"), django_capture_on_commit_callbacks)
    email = OutboundEmail.objects.get(to=busy.email)
    assert email.status == Status.RETRY and email.retry_after is not None
    assert User.objects.get(pk=busy.pk).email_failing_since is None
