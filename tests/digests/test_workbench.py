"""Facilitators' view of digests in admin, the data export, closing an account, the command,
beat, and hostile links."""

import json
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core import signing
from django.core.management import call_command

from cop.celery import app as celery_app
from cop.models import OutboundEmail
from digests import services
from digests.models import DigestDelivery
from discussions import services as discussions
from members import services as members
from members.tokens import ADDRESS_SALT, address_token

from .conftest import at, reader, start_thread

pytestmark = pytest.mark.django_db
MORNING = at("2026-11-26 07:05", "Asia/Amman")


@pytest.fixture
def delivered(jordan, topic):
    person = reader(jordan, email="reader@example.org")
    discussions.topic_set_followed(member=person, topic=topic, follow=True)
    start_thread(reader(jordan, frequency="none"), topic, when=at("2026-11-25 12:00"))
    services.digest_batch_send(member_ids=[person.pk], now=MORNING)
    return person


def test_facilitators_see_what_digest_went_to_whom_and_how_it_fared(client, facilitator, delivered):
    email = OutboundEmail.objects.get(to=delivered.email)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.FAILED, last_error="Recipient refused: 550 5.1.1 no mailbox"
    )
    client.force_login(facilitator)
    page = client.get("/en/admin/digests/digestdelivery/")
    assert page.status_code == 200
    text = page.content.decode()
    assert delivered.display_name in text
    assert "550 5.1.1 no mailbox" in text and "Failed" in text
    delivery = DigestDelivery.objects.get(member=delivered)
    detail = client.get(f"/en/admin/digests/digestdelivery/{delivery.pk}/change/")
    assert detail.status_code == 200
    assert f"/admin/cop/outboundemail/{email.pk}/change/" in detail.content.decode()
    # Read only: nobody edits or adds delivery records by hand.
    assert client.get("/en/admin/digests/digestdelivery/add/").status_code == 403


def test_members_and_focal_points_do_not_reach_the_digest_admin(client, delivered, focal_point):
    for person in (delivered, focal_point):
        client.force_login(person)
        response = client.get("/en/admin/digests/digestdelivery/")
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_week_start_is_editable_in_the_country_admin(client, facilitator, jordan):
    client.force_login(facilitator)
    page = client.get(f"/en/admin/members/country/{jordan.pk}/change/").content.decode()
    assert 'name="week_starts_on"' in page


def test_the_data_export_lists_the_digests_and_closing_forgets_them(client, delivered):
    client.force_login(delivered)
    data = json.loads(client.get("/en/members/profile/data.json").content)["digests"]
    assert [(d["frequency"], d["period"], d["status"]) for d in data["digests"]] == [
        ("daily", "2026-11-26", "queued")
    ]
    members.account_close(member=delivered)
    assert not DigestDelivery.objects.filter(member=delivered).exists()


def test_the_command_builds_what_is_due_and_refuses_a_bad_batch(delivered, jordan, topic):
    other = reader(jordan, email="second@example.org")
    discussions.topic_set_followed(member=other, topic=topic, follow=True)
    out = StringIO()
    with time_machine.travel(MORNING, tick=False):
        call_command("send_digests", stdout=out)
        assert "1 member(s) due" in out.getvalue()
        assert OutboundEmail.objects.filter(to=other.email).count() == 1
        call_command("send_digests", stdout=out)
    assert "0 member(s) due" in out.getvalue()
    err = StringIO()
    call_command("send_digests", "--batch", "0", stderr=err)
    assert "at least 1" in err.getvalue()


def test_beat_runs_the_digest_scanner_often_enough_for_a_morning_window():
    from digests import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["send-digests"]
    assert entry["task"] == tasks.send_due.name
    assert entry["task"] in celery_app.tasks
    start, end = settings.DIGEST_HOURS
    assert entry["schedule"] < (end - start) * 3600 / 4


@pytest.mark.parametrize(
    "token",
    [
        "x",
        "x" * 400,
        "../../admin/",
        "%00",
        "eyJ1IjoxfQ:1:forged",
    ],
)
def test_forged_or_mangled_confirmation_links_change_nothing(client, delivered, token):
    delivered.email_failing_since = MORNING
    delivered.save()
    response = client.post(f"/en/members/address/{token}/")
    assert response.status_code in (400, 404)
    delivered.refresh_from_db()
    assert delivered.email_failing_since is not None


def test_a_confirmation_link_for_an_old_address_or_another_salt_changes_nothing(client, delivered):
    delivered.email_failing_since = MORNING
    delivered.save()
    old = address_token(delivered)
    delivered.email = "new@example.org"
    delivered.save()
    assert client.post(f"/en/members/address/{old}/").status_code == 400
    other_salt = signing.dumps({"u": delivered.pk, "e": delivered.email}, salt="cop.unsubscribe")
    assert client.post(f"/en/members/address/{other_salt}/").status_code == 400
    delivered.refresh_from_db()
    assert delivered.email_failing_since is not None
    assert ADDRESS_SALT != "cop.unsubscribe"


def test_asking_for_a_confirmation_link_needs_a_signed_in_post(client, delivered):
    assert client.post("/en/members/profile/address/").status_code == 302
    assert not OutboundEmail.objects.filter(kind="members/email/address_confirm").exists()
    client.force_login(delivered)
    assert client.get("/en/members/profile/address/").status_code == 405


def test_the_region_starts_its_weeks_as_its_weekends_say():
    from members.models import Country

    starts = dict(Country.objects.values_list("code", "week_starts_on"))
    sunday, monday = 6, 0
    assert {code: starts[code] for code in ("JO", "IQ", "EG", "SA", "PS", "YE")} == dict.fromkeys(
        ("JO", "IQ", "EG", "SA", "PS", "YE"), sunday
    )
    assert {code: starts[code] for code in ("MA", "TN", "LB", "AE")} == dict.fromkeys(
        ("MA", "TN", "LB", "AE"), monday
    )


def test_the_admin_list_and_the_scan_take_a_fixed_number_of_queries(
    client, facilitator, jordan, topic, django_assert_max_num_queries
):
    from .test_scale import many_readers

    people = many_readers(150, jordan, prefix="admin")
    from discussions.models import TopicFollow

    TopicFollow.objects.bulk_create(TopicFollow(member=u, topic=topic) for u in people)
    start_thread(reader(jordan, frequency="none"), topic, when=at("2026-11-25 12:00"))
    with django_assert_max_num_queries(2):
        assert len(services.due_member_ids(now=MORNING)) == 150
    services.digest_batch_send(member_ids=[p.pk for p in people], now=MORNING)
    client.force_login(facilitator)
    with django_assert_max_num_queries(16):  # 100 rows a page, however many there are
        assert client.get("/en/admin/digests/digestdelivery/").status_code == 200
