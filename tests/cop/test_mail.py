"""The email base: one way to send, in the recipient's language, after commit."""

import pytest
from django.core import mail
from django.db import transaction

from cop.mail import render_email, send_templated_email, unsubscribe_token
from cop.models import OutboundEmail
from cop.services import email_deliver
from members.models import NotificationMode


@pytest.fixture
def arabic_member(member):
    member.preferred_language = "ar"
    member.save()
    return member


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
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/ar/members/unsubscribe/" in message.extra_headers["List-Unsubscribe"]


@pytest.mark.django_db
def test_english_recipient_gets_english_left_to_right(member, mailoutbox):
    member.preferred_language = "en"
    member.save()
    send_templated_email(template="email/test_message", user=member)
    # Rendering happens at queue time; the language is the recipient's, not the viewer's.
    subject, _, html = render_email(template="email/test_message", context={}, language="en")
    assert subject == "A test message from the community of practice"
    assert 'lang="en" dir="ltr"' in html


@pytest.mark.django_db
def test_delivery_is_idempotent(member, mailoutbox):
    email = OutboundEmail.objects.create(
        to=member.email, language="en", kind="t", subject="s", body_text="b"
    )
    assert email_deliver(email_id=email.pk) is True
    assert email_deliver(email_id=email.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_unsubscribe_link_turns_off_notifications_and_digests(client, member):
    url = f"/en/members/unsubscribe/{unsubscribe_token(member)}/"
    assert client.get(url).status_code == 200
    member.refresh_from_db()
    assert member.notification_mode != NotificationMode.NONE, "a GET alone changes nothing"

    response = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    member.refresh_from_db()
    assert member.notification_mode == NotificationMode.NONE
    assert member.digest_frequency == "none"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "token",
    ["garbage", "eyJ1Ijo1fQ:1tampered:signature", "x" * 500, "%00", "..%2F..%2Fetc"],
)
def test_bad_unsubscribe_tokens_get_a_clear_message(client, member, token):
    response = client.post(f"/en/members/unsubscribe/{token}/")
    assert response.status_code in (400, 404)
    member.refresh_from_db()
    assert member.notification_mode != NotificationMode.NONE
