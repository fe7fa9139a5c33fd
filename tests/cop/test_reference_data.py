"""A production database starts complete: countries and topics come with the migrations."""

import importlib
import io
import re

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from cop.timezones import known_zone
from discussions.models import Topic
from members.models import Country, MembershipStatus, User

pytestmark = pytest.mark.django_db

FOUNDING = {"MA", "TN", "JO", "IQ", "LB", "PS", "YE"}


def test_a_migrated_database_has_the_regions_countries_and_international():
    countries = {c.code: c for c in Country.objects.all()}
    assert len(countries) == 22
    assert {code for code, c in countries.items() if c.is_founding} == FOUNDING
    international = countries.pop("XX")
    assert international.is_international and international.name_en == "International"
    for country in countries.values():
        assert country.name_ar and country.name_en and known_zone(country.timezone), country.code
        assert re.search(r"[\u0600-\u06FF]", country.name_ar), country.code
    assert (countries["MA"].name_ar, countries["MA"].name_en) == ("المغرب", "Morocco")
    assert countries["IQ"].timezone == "Asia/Baghdad"


def test_a_migrated_database_has_the_discussion_topics_in_both_languages():
    topics = list(Topic.objects.order_by("position"))
    assert len(topics) == 10
    assert topics[0].slug == "cash-transfers"
    assert all(t.name_ar and t.name_en and t.description_ar and t.description_en for t in topics)
    assert {t.slug for t in topics if t.is_public} == {
        "cash-transfers",
        "targeting-poverty-maps",
        "youth-employment",
    }


def test_signup_works_on_a_fresh_database_without_seed_demo(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    assert not User.objects.exists()
    signup = client.get("/ar/accounts/signup/").content.decode()
    assert "المغرب" in signup and "التحويلات النقدية" in signup
    with django_capture_on_commit_callbacks(execute=True):
        response = post_signup(client)
    assert response.status_code == 302
    person = User.objects.get(email="salma@example.org")
    assert person.status == MembershipStatus.APPLICANT
    assert person.timezone == "Africa/Casablanca"
    assert list(person.topic_follows.values_list("topic__slug", flat=True)) == ["cash-transfers"]
    assert [m.to for m in mailoutbox] == [["salma@example.org"]]  # the address to confirm


def post_signup(client):
    return client.post(
        "/ar/accounts/signup/",
        {
            "email": "salma@example.org",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
            "name_arabic": "سلمى بناني",
            "country": Country.objects.get(code="MA").pk,
            "organisation": "التعاون الوطني",
            "position": "مسؤولة برامج",
            "preferred_language": "ar",
            "timezone": "",
            "topics": [Topic.objects.get(slug="cash-transfers").pk],
        },
    )


@pytest.mark.parametrize(
    ("migration", "function"),
    [("members.migrations.0008_countries", "create_countries"),
     ("discussions.migrations.0007_topics", "create_topics")],
)  # fmt: skip
def test_the_reference_data_migrations_fill_gaps_and_keep_facilitators_edits(migration, function):
    create = getattr(importlib.import_module(migration), function)
    Country.objects.filter(code="MA").update(name_en="Kingdom of Morocco")
    Topic.objects.filter(slug="financing").update(is_public=True)
    Country.objects.filter(code="DJ").delete()
    Topic.objects.filter(slug="procurement-reform").delete()
    create(django_apps, None)
    create(django_apps, None)
    assert Country.objects.get(code="MA").name_en == "Kingdom of Morocco"
    assert Topic.objects.get(slug="financing").is_public
    restored = Country if function == "create_countries" else Topic
    assert restored.objects.count() == (22 if restored is Country else 10)


def test_seed_demo_only_adds_the_demo_community():
    before = (Country.objects.count(), Topic.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Country.objects.count(), Topic.objects.count()) == before
    assert User.objects.filter(email="facilitator@example.org").exists()


def test_seed_demo_restores_reference_data_a_flush_removed():
    Topic.objects.all().delete()
    User.objects.update(country=None)
    Country.objects.all().delete()
    call_command("seed_demo", stdout=io.StringIO())
    assert (Country.objects.count(), Topic.objects.count()) == (22, 10)
