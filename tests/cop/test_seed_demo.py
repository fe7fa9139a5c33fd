import io

import pytest
from django.apps import apps
from django.core.management import call_command

from members.models import Country, User


def counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"members", "discussions", "events", "surveys", "account"}
    }


@pytest.mark.django_db
def test_seed_demo_fills_the_region_and_prints_logins_and_running_twice_changes_nothing():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = counts()

    assert Country.objects.filter(is_founding=True).count() == 7
    morocco = Country.objects.get(code="MA")
    assert (morocco.name_ar, morocco.name_en) == ("المغرب", "Morocco")
    assert Country.objects.filter(is_international=True).exists()
    assert "facilitator@example.org" in out.getvalue()
    assert User.objects.filter(is_staff=True).exists()
    assert morocco.focal_point is not None

    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first


@pytest.mark.django_db
def test_demo_accounts_can_sign_in(client):
    call_command("seed_demo", stdout=io.StringIO())
    from members.demo import DEMO_PASSWORD

    response = client.post(
        "/en/accounts/login/",
        {"login": "member.jordan@example.org", "password": DEMO_PASSWORD},
    )
    assert response.status_code == 302
