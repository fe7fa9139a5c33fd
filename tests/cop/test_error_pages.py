import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [("ar", "لا نستطيع العثور على هذه الصفحة"), ("en", "We cannot find this page")],
)
def test_not_found_page_is_in_the_layout_and_language(client, language, heading):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert heading in html
    assert 'class="site-header"' in html


@pytest.mark.django_db
def test_forbidden_page_offers_a_visitor_to_sign_in_and_come_back(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.utils import translation
    from django.views.defaults import permission_denied

    request = rf.get("/en/discussions/threads/1/edit/")
    request.user = AnonymousUser()
    with translation.override("en"):
        response = permission_denied(request, PermissionDenied())
    html = response.content.decode()
    assert response.status_code == 403
    assert "This page is not open to you" in html
    assert 'href="/en/accounts/login/?next=/en/discussions/threads/1/edit/"' in html


@pytest.mark.django_db
def test_forbidden_page_explains_the_wait_to_an_applicant(client, applicant):
    client.force_login(applicant)
    response = client.get("/ar/members/")
    assert response.status_code == 403
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "نقطة الاتصال" in html
