"""allauth in the site layout, translated, and the member's language applied at login."""

import pytest

from cop.models import OutboundEmail


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "heading"), [("ar", "إنشاء حساب"), ("en", "Sign Up")])
def test_signup_page_is_in_the_site_layout_and_translated(client, language, heading):
    html = client.get(f"/{language}/accounts/signup/").content.decode()
    assert f'<html lang="{language}"' in html
    assert heading in html
    assert 'class="site-header"' in html


@pytest.mark.django_db
def test_login_redirects_into_the_members_preferred_language(client, member):
    member.preferred_language = "ar"
    member.save()
    response = client.post(
        "/en/accounts/login/",
        {"login": member.email, "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/ar/"
    assert response.cookies["cop_language"].value == "ar"


@pytest.mark.django_db
def test_login_keeps_the_next_page_but_in_the_preferred_language(client, member):
    member.preferred_language = "en"
    member.save()
    response = client.post(
        "/ar/accounts/login/?next=/ar/events/",
        {"login": member.email, "password": "correct horse battery staple"},
    )
    assert response["Location"] == "/en/events/"


@pytest.mark.django_db
def test_password_reset_email_goes_out_in_the_recipients_language(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    member.preferred_language = "ar"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password/reset/", {"email": member.email})
    [message] = mailoutbox
    assert OutboundEmail.objects.get().language == "ar"
    html = message.alternatives[0][0]
    assert 'dir="rtl"' in html
    assert "/ar/accounts/password/reset/key/" in message.body


@pytest.mark.django_db
def test_the_verification_sent_page_reads_correctly_in_arabic(client):
    html = client.get("/ar/accounts/confirm-email/").content.decode()
    assert "أرسلنا إليك رسالة للتحقّق من بريدك الإلكتروني" in html
    assert "غضو " not in html
