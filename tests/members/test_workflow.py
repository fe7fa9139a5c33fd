"""The membership workflow: each transition is one service, audited and emailed in the
recipient's own language."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from cop.models import OutboundEmail
from members import services
from members.models import Country, MembershipAction, MembershipEvent, MembershipStatus

from ..factories import CountryFactory, FacilitatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_approval_is_audited_and_emailed_in_the_applicants_language(
    requester, focal_point, mailoutbox, committed
):
    focal_point.preferred_language = "en"
    focal_point.save()
    # The focal point works in the English interface.
    with translation.override("en"), committed():
        services.membership_approve(member=requester, by=focal_point, reason="أهلاً بك")
    requester.refresh_from_db()
    assert requester.status == MembershipStatus.MEMBER
    assert requester.member_since is not None
    event = MembershipEvent.objects.get(action=MembershipAction.APPROVED)
    assert (event.member, event.actor, event.from_status, event.to_status) == (
        requester,
        focal_point,
        "applicant",
        "member",
    )
    assert event.country == requester.country
    [message] = mailoutbox
    assert message.to == [requester.email]
    assert message.subject == "أهلاً: تمت الموافقة على عضويتك"
    assert 'dir="rtl"' in message.alternatives[0][0]
    assert "/ar/" in message.body
    assert "أهلاً بك" in message.body


def test_decline_needs_a_reason_and_sends_it(requester, focal_point, mailoutbox, committed):
    with pytest.raises(ValidationError), committed():
        services.membership_decline(member=requester, by=focal_point, reason="   ")
    requester.refresh_from_db()
    assert requester.status == MembershipStatus.APPLICANT
    assert not MembershipEvent.objects.exists()
    assert mailoutbox == []

    requester.preferred_language = "en"
    requester.save()
    with committed():
        services.membership_decline(
            member=requester, by=focal_point, reason="Please apply with your work address."
        )
    requester.refresh_from_db()
    assert requester.status == MembershipStatus.DECLINED
    event = MembershipEvent.objects.get()
    assert event.reason == "Please apply with your work address."
    [message] = mailoutbox
    assert message.subject == "Your membership request"
    assert "Please apply with your work address." in message.body


def test_suspend_and_reinstate_round_trip(member, focal_point, mailoutbox, committed):
    with committed():
        services.membership_suspend(member=member, by=focal_point, reason="Repeated spam")
    member.refresh_from_db()
    assert member.status == MembershipStatus.SUSPENDED
    with committed():
        services.membership_reinstate(member=member, by=focal_point)
    member.refresh_from_db()
    assert member.status == MembershipStatus.MEMBER
    assert list(MembershipEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        "suspended",
        "reinstated",
    ]
    assert len(mailoutbox) == 2


@pytest.mark.parametrize(
    ("status", "service"),
    [
        ("member", services.membership_approve),
        ("suspended", services.membership_decline),
        ("applicant", services.membership_suspend),
        ("member", services.membership_reinstate),
        ("closed", services.membership_approve),
    ],
)
def test_transitions_from_the_wrong_status_are_refused_and_change_nothing(
    country, facilitator, status, service, mailoutbox, committed
):
    person = UserFactory(country=country, status=status)
    with pytest.raises(ValidationError), committed():
        service(member=person, by=facilitator, reason="because")
    person.refresh_from_db()
    assert person.status == status
    assert not MembershipEvent.objects.exists()
    assert mailoutbox == []


def test_a_decision_taken_twice_at_once_is_applied_once(requester, focal_point, facilitator):
    services.membership_approve(member=requester, by=focal_point)
    stale = type(requester).objects.get(pk=requester.pk)
    stale.status = MembershipStatus.APPLICANT  # what a second, stale browser tab believes
    with pytest.raises(ValidationError):
        services.membership_decline(member=stale, by=facilitator, reason="Too late")
    assert MembershipEvent.objects.count() == 1


def test_request_emails_the_countrys_focal_point_in_their_language(
    applicant, focal_point, facilitator, mailoutbox, committed
):
    focal_point.preferred_language = "en"
    focal_point.save()
    with committed():
        services.membership_request(member=applicant)
        services.membership_request(member=applicant)  # a second confirmation changes nothing
    [message] = mailoutbox
    assert message.to == [focal_point.email]
    assert message.subject.startswith("New membership request")
    assert "/en/members/roster/?status=applicant&country=JO" in message.body
    assert MembershipEvent.objects.get().action == MembershipAction.REQUESTED
    applicant.refresh_from_db()
    assert applicant.requested_at is not None


def test_request_from_a_country_without_focal_point_goes_to_the_facilitators(
    country, facilitator, mailoutbox, committed
):
    second = FacilitatorFactory(email="second.facilitator@example.org")
    UserFactory(country=None, is_staff=True, email="staff.only@example.org")  # not a facilitator
    person = UserFactory(country=country, status=MembershipStatus.APPLICANT)
    with committed():
        services.membership_request(member=person)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([facilitator.email, second.email])


def test_focal_point_appointment_replaces_the_previous_one_and_is_audited(
    country, focal_point, member, facilitator
):
    services.focal_point_appoint(country=country, member=member, by=facilitator)
    country.refresh_from_db()
    assert country.focal_point == member
    actions = set(MembershipEvent.objects.values_list("member__email", "action"))
    assert actions == {(focal_point.email, "fp_removed"), (member.email, "fp_appointed")}


def test_focal_point_must_be_an_approved_member_of_the_country(
    country, other_country, applicant, other_focal_point, facilitator
):
    with pytest.raises(ValidationError):
        services.focal_point_appoint(country=country, member=applicant, by=facilitator)
    with pytest.raises(ValidationError):
        services.focal_point_appoint(country=country, member=other_focal_point, by=facilitator)
    country.refresh_from_db()
    assert country.focal_point is None


@pytest.mark.postgres
def test_database_allows_one_focal_point_per_country_and_one_country_per_focal_point(
    focal_point, other_country
):
    with pytest.raises(IntegrityError), transaction.atomic():
        Country.objects.filter(pk=other_country.pk).update(focal_point=focal_point)


@pytest.mark.postgres
def test_database_refuses_a_decline_without_reason(requester, focal_point):
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipEvent.objects.create(
            member=requester, actor=focal_point, action=MembershipAction.DECLINED, reason=""
        )


def test_suspending_a_focal_point_hands_their_country_to_the_facilitators(
    country, focal_point, facilitator, mailoutbox, committed
):
    services.membership_suspend(member=focal_point, by=facilitator, reason="On leave")
    country.refresh_from_db()
    assert country.focal_point is None
    with committed():
        services.membership_request(member=UserFactory(country=country, status="applicant"))
    assert [m.to[0] for m in mailoutbox] == [facilitator.email]


def test_signing_up_then_confirming_the_email_sends_the_request(
    client, country, focal_point, topic, mailoutbox, committed
):
    topic.is_public = True  # visitors choose among public topics only
    topic.save()
    with committed():
        response = client.post(
            "/ar/accounts/signup/",
            {
                "email": "laila@example.org",
                "password1": "a long and unusual passphrase",
                "password2": "a long and unusual passphrase",
                "name_arabic": "ليلى حداد",
                "name_latin": "",
                "country": country.pk,
                "organisation": "صندوق المعونة الوطنية",
                "position": "مديرة البرامج",
                "preferred_language": "ar",
                "timezone": "",
                "topics": [topic.pk],
                "expertise": "الاستهداف",
                "digest_frequency": "daily",
            },
        )
    assert response.status_code == 302
    person = type(focal_point).objects.get(email="laila@example.org")
    assert person.status == MembershipStatus.APPLICANT
    assert person.timezone == "Asia/Amman"
    assert person.digest_frequency == "daily"
    assert list(person.topic_follows.values_list("topic__slug", flat=True)) == [topic.slug]
    assert person.requested_at is None  # not before the address is confirmed
    [confirmation] = mailoutbox
    link = re.search(r"http://testserver(/ar/accounts/confirm-email/\S+/)", confirmation.body)
    mailoutbox.clear()
    with committed():
        client.post(link.group(1))
    assert EmailAddress.objects.get(email="laila@example.org").verified
    person.refresh_from_db()
    assert person.requested_at is not None
    [request] = mailoutbox
    assert request.to == [focal_point.email]


def test_closing_an_account_anonymises_it_and_keeps_the_row(
    member, country, topic, client, facilitator
):
    from discussions.services import topics_set_followed

    topics_set_followed(member=member, topics=[topic])
    services.focal_point_appoint(country=country, member=member, by=facilitator)
    services.account_close(member=member)
    member.refresh_from_db()
    assert member.status == MembershipStatus.CLOSED
    assert not member.is_active
    assert member.name_arabic == member.name_latin == member.organisation == ""
    assert member.email.endswith("@closed.invalid")
    assert not member.has_usable_password()
    assert not member.topic_follows.exists()
    assert not EmailAddress.objects.filter(user=member).exists()
    with translation.override("en"):
        assert member.display_name == "former member"
    country.refresh_from_db()
    assert country.focal_point is None
    assert OutboundEmail.objects.count() == 0


def test_a_closed_address_can_register_again(member, country):
    services.account_close(member=member)
    assert not EmailAddress.objects.filter(email="member@example.org").exists()
    UserFactory(email="member@example.org", country=country)


def test_new_country_focal_point_needs_country_membership(facilitator):
    lonely = CountryFactory(code="KW", name_ar="الكويت", name_en="Kuwait")
    with pytest.raises(ValidationError):
        services.focal_point_appoint(country=lonely, member=facilitator, by=facilitator)


def test_services_refuse_whoever_may_not_act_even_without_a_view(
    requester, member, other_focal_point, country
):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.membership_approve(member=requester, by=other_focal_point)
    with pytest.raises(PermissionDenied):
        services.membership_suspend(member=member, by=member, reason="Self")
    with pytest.raises(PermissionDenied):
        services.focal_point_appoint(country=country, member=member, by=member)
    requester.refresh_from_db()
    assert requester.status == MembershipStatus.APPLICANT
    assert not MembershipEvent.objects.exists()


def test_closing_an_account_erases_the_address_from_invitations_too(member, focal_point, country):
    from datetime import timedelta

    from django.utils import timezone

    from members.models import Invitation

    accepted = Invitation.objects.create(
        email="Member@Example.org",
        country=country,
        invited_by=focal_point,
        language="ar",
        expires_at=timezone.now() + timedelta(days=14),
        accepted_at=timezone.now(),
        accepted_by=member,
    )
    waiting = Invitation.objects.create(
        email="member@example.org",
        country=country,
        invited_by=focal_point,
        language="en",
        expires_at=timezone.now() + timedelta(days=14),
    )
    someone_else = Invitation.objects.create(
        email="colleague@example.org",
        country=country,
        invited_by=member,
        language="en",
        expires_at=timezone.now() + timedelta(days=14),
    )
    services.account_close(member=member)
    assert not Invitation.objects.filter(email__iexact="member@example.org").exists()
    for invitation in (accepted, waiting):
        invitation.refresh_from_db()
        assert invitation.email == f"closed-{member.pk}@closed.invalid"
    someone_else.refresh_from_db()
    assert someone_else.email == "colleague@example.org"


def test_a_person_who_moved_country_meanwhile_is_out_of_the_old_focal_points_reach(
    requester, focal_point, other_country
):
    from django.core.exceptions import PermissionDenied

    stale = type(requester).objects.get(pk=requester.pk)  # loaded by the focal point's page
    type(requester).objects.filter(pk=requester.pk).update(country=other_country)
    with pytest.raises(PermissionDenied):
        services.membership_approve(member=stale, by=focal_point)
    requester.refresh_from_db()
    assert requester.status == MembershipStatus.APPLICANT
    assert not MembershipEvent.objects.exists()


@pytest.mark.parametrize(
    ("service", "status"),
    [
        (services.membership_approve, MembershipStatus.APPLICANT),
        (services.membership_decline, MembershipStatus.APPLICANT),
        (services.membership_suspend, MembershipStatus.MEMBER),
        (services.membership_reinstate, MembershipStatus.SUSPENDED),
    ],
)
def test_the_persons_name_is_isolated_in_the_html_email(
    service, status, country, focal_point, mailoutbox, committed
):
    """A Latin name inside an Arabic sentence (or the reverse) must not reorder it."""
    person = UserFactory(
        country=country, status=status, name_arabic="", name_latin="Sara (UNICEF) 2"
    )
    with committed():
        service(member=person, by=focal_point, reason="Reason")
    [message] = mailoutbox
    assert "<bdi>Sara (UNICEF) 2</bdi>" in message.alternatives[0][0]


def test_closing_an_account_erases_the_emails_kept_for_it(member, facilitator):
    keep = OutboundEmail.objects.create(
        to=facilitator.email, language="en", kind="k", subject="s", body_text="b"
    )
    OutboundEmail.objects.create(
        to=member.email.upper(), language="ar", kind="k", subject="s", body_text="حول رنا"
    )
    services.account_close(member=member)
    assert list(OutboundEmail.objects.all()) == [keep]
