"""The email base: one way to send, rendered for its recipient, queued after commit.

Every assertion reads the email that was actually sent (`mailoutbox`) or the
stored row, never a second rendering.
"""

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.db import transaction

from cop.mail import Recipient, send_templated_email, send_templated_emails, unsubscribe_read
from cop.models import OutboundEmail
from members import services as member_services
from tests.factories import UserFactory

QUEUED_AT = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def arabic_member(member):
    member.preferred_language = "ar"
    member.save()
    return member


def header_url(message) -> str:
    return message.extra_headers["List-Unsubscribe"].strip("<>")


@pytest.mark.django_db(transaction=True)
def test_nothing_is_queued_when_the_transaction_rolls_back(arabic_member, mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_templated_email(template="email/test_message", user=arabic_member)
        raise RuntimeError("the request failed after queueing")
    assert OutboundEmail.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.django_db
def test_email_is_queued_on_commit_and_sent_in_arabic_right_to_left(
    arabic_member, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_templated_email(template="email/test_message", user=arabic_member)
    assert mailoutbox == [], "nothing leaves before the transaction commits"
    assert len(callbacks) == 1

    callbacks[0]()

    [message] = mailoutbox
    html = message.alternatives[0][0]
    assert message.subject == "رسالة تجريبية من مجتمع الممارسة"
    assert 'lang="ar" dir="rtl"' in html
    assert "مجتمع الممارسة" in message.body
    assert "List-Unsubscribe" not in message.extra_headers, "no scope, no unsubscribe link"
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT


@pytest.mark.django_db
def test_english_recipient_gets_english_left_to_right_whatever_the_senders_language(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    member.preferred_language = "en"
    member.save()
    from django.utils import translation

    with translation.override("ar"), django_capture_on_commit_callbacks(execute=True):
        send_templated_email(template="email/test_message", user=member)

    [message] = mailoutbox
    assert message.subject == "A test message from the community of practice"
    assert 'lang="en" dir="ltr"' in message.alternatives[0][0]
    assert message.body.startswith("This message checks that email")
    assert OutboundEmail.objects.get().language == "en"


@pytest.mark.django_db
def test_times_in_an_email_are_in_the_recipients_time_zone(
    country, mailoutbox, django_capture_on_commit_callbacks
):
    baghdad = UserFactory(country=country, preferred_language="en", timezone="Asia/Baghdad")
    casablanca = UserFactory(country=country, preferred_language="en", timezone="Africa/Casablanca")
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_emails(
            template="email/test_message",
            recipients=[baghdad, casablanca],
            context={"queued_at": QUEUED_AT},
        )

    by_address = {message.to[0]: message for message in mailoutbox}
    assert "15 January 2026, 12:00 (Baghdad time)" in by_address[baghdad.email].body
    assert "15 January 2026, 10:00 (Casablanca time)" in by_address[casablanca.email].body
    assert "(Baghdad time)" in by_address[baghdad.email].alternatives[0][0]


@pytest.mark.django_db
def test_an_address_without_an_account_gets_the_community_time_zone(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(
            template="email/test_message",
            to="guest@example.org",
            language="ar",
            context={"queued_at": QUEUED_AT},
        )
    [message] = mailoutbox
    assert "12:00" in message.body, "Amman is UTC+3 all year"
    assert "عمّان" in message.body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("scope", "label"),
    [
        ("notifications", "Stop emails about new posts"),
        ("messages", "Stop emails about private messages"),
        ("digest", "Stop the digest"),
        ("event_reminders", "Stop event reminders"),
        ("survey_reminders", "Stop survey reminders"),
    ],
)
def test_an_email_with_a_scope_carries_a_link_to_exactly_that_preference(
    member, mailoutbox, django_capture_on_commit_callbacks, scope, label
):
    member.preferred_language = "en"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(template="email/test_message", user=member, unsubscribe=scope)

    [message] = mailoutbox
    url = header_url(message)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url.startswith("http://testserver/en/members/unsubscribe/")
    token = url.rstrip("/").rsplit("/", 1)[-1]
    assert unsubscribe_read(token) == (member.pk, scope)
    html = message.alternatives[0][0]
    assert f'<a href="{url}" style="color:#0b6e4f;">{label}</a>' in html
    assert url in message.body.split("\n-- \n")[-1], "the text part ends with the link"
    assert OutboundEmail.objects.get().unsubscribe == scope


@pytest.mark.django_db
def test_a_member_who_turned_a_scope_off_gets_no_such_email(member, mailoutbox):
    member.event_reminders = False
    member.save()
    assert (
        send_templated_email(
            template="email/test_message", user=member, unsubscribe="event_reminders"
        )
        is None
    )
    assert send_templated_email(template="email/test_message", user=member) is not None
    assert OutboundEmail.objects.count() == 1


@pytest.mark.django_db
def test_a_sensitive_email_cannot_carry_an_unsubscribe_link(member):
    with pytest.raises(ValueError):
        send_templated_email(
            template="email/test_message", user=member, sensitive=True, unsubscribe="digest"
        )


@pytest.mark.django_db
def test_bulk_sending_renders_each_recipient_compiles_once_and_queues_in_batches(
    country, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.COP_EMAIL_BATCH_SIZE = 2
    people = [
        UserFactory(country=country, preferred_language=language, timezone="Asia/Amman")
        for language in ("ar", "en", "ar")
    ]
    recipients = [
        *people[:2],
        Recipient(user=people[2], context={"queued_at": QUEUED_AT}),
        Recipient(to="guest@example.org", language="en"),
    ]
    from django.template import loader

    with (
        mock.patch("cop.mail.get_template", wraps=loader.get_template) as compiled,
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        rows = send_templated_emails(
            template="email/test_message",
            recipients=recipients,
            unsubscribe=None,
            attachments=[{"filename": "a.bin", "content": b"\x00\xff", "mimetype": "x/y"}],
        )
    assert compiled.call_count == 3, "subject, text and HTML templates compiled once"
    assert len(rows) == 4
    assert len(callbacks) == 2, "one task per batch of COP_EMAIL_BATCH_SIZE"
    for callback in callbacks:
        callback()

    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [p.email for p in people] + ["guest@example.org"]
    )
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects[people[0].email] == "رسالة تجريبية من مجتمع الممارسة"
    assert subjects[people[1].email] == "A test message from the community of practice"
    third = next(m for m in mailoutbox if m.to[0] == people[2].email)
    assert "12:00" in third.body, "its own context, in Amman time"
    assert third.attachments[0][1] == b"\x00\xff"


@pytest.mark.django_db
def test_password_reset_is_a_sensitive_account_email_without_unsubscribe(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password/reset/", {"email": member.email})

    [message] = mailoutbox
    assert "/accounts/password/reset/key/" in message.body
    assert "List-Unsubscribe" not in message.extra_headers
    row = OutboundEmail.objects.get()
    assert row.sensitive
    assert row.status == OutboundEmail.Status.SENT
    assert row.body_text == row.body_html == ""


@pytest.mark.django_db
def test_signup_confirmation_is_sensitive(
    client, country, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/accounts/signup/",
            {
                "email": "new.person@example.org",
                "password1": "a long and unusual passphrase",
                "password2": "a long and unusual passphrase",
                "name_latin": "New Person",
                "country": country.pk,
                "organisation": "Agency",
                "position": "Director",
                "preferred_language": "en",
            },
        )
    row = OutboundEmail.objects.get(to="new.person@example.org")
    assert row.kind.startswith("account/email/email_confirmation")
    assert row.sensitive
    assert row.body_text == ""
    assert "/accounts/confirm-email/" in mailoutbox[0].body


@pytest.mark.django_db
def test_membership_decisions_and_invitations_have_no_unsubscribe_link(
    applicant, focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        member_services.membership_approve(member=applicant, by=focal_point)
        member_services.invitation_create(
            email="colleague@example.org",
            country=focal_point.country,
            by=focal_point,
            language="ar",
        )
    assert len(mailoutbox) == 2
    assert all("List-Unsubscribe" not in m.extra_headers for m in mailoutbox)
    invitation = OutboundEmail.objects.get(to="colleague@example.org")
    assert invitation.sensitive, "the invitation link signs someone up pre-approved"


@pytest.mark.django_db
def test_the_test_email_command_queues_a_message(mailoutbox, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    with time_machine.travel(QUEUED_AT), django_capture_on_commit_callbacks(execute=True):
        call_command("send_test_email", "admin@example.org", "--language", "en")
    [message] = mailoutbox
    assert "15 January 2026, 12:00 (Amman time)" in message.body
