"""The facilitator role is one definition that the site and admin both obey, and nobody
below a superuser can raise anyone's privileges through the user admin."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from members import permissions, services
from members.models import MembershipAction, MembershipEvent, MembershipStatus, User
from members.roles import facilitator_permissions

from ..factories import FacilitatorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(email="root@example.org", password="x" * 20)


def change_form_data(person, **changes) -> dict:
    """What the user change form posts for `person` as it is, plus `changes`."""
    data = {
        "email": person.email,
        "name_arabic": person.name_arabic,
        "name_latin": person.name_latin,
        "country": person.country_id or "",
        "organisation": person.organisation,
        "position": person.position,
        "preferred_language": person.preferred_language,
        "timezone": person.timezone,
        "expertise": person.expertise,
        "notification_mode": person.notification_mode,
        "digest_frequency": person.digest_frequency,
        "is_active": "on",
        "membership_events-TOTAL_FORMS": "0",
        "membership_events-INITIAL_FORMS": "0",
        "membership_events-MIN_NUM_FORMS": "0",
        "membership_events-MAX_NUM_FORMS": "0",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- One definition --------------------------------------------------------------------------
def test_the_facilitators_group_exists_on_a_freshly_migrated_database():
    group = Group.objects.get(name=permissions.FACILITATORS_GROUP)
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert {("discussions", "change_thread"), ("members", "change_user")} <= codenames
    assert ("members", "delete_user") not in codenames  # accounts are closed, not deleted
    assert not {pair for pair in codenames if pair[0] == "auth"}  # nobody edits groups


def test_a_facilitator_is_active_staff_in_the_group_or_a_superuser(superuser):
    staff_only = UserFactory(is_staff=True)
    group_only = FacilitatorFactory(is_staff=False)
    facilitator = FacilitatorFactory()
    inactive = FacilitatorFactory(is_active=False)
    assert permissions.is_facilitator(facilitator)
    assert permissions.is_facilitator(superuser)
    for person in (staff_only, group_only, inactive):
        assert not permissions.is_facilitator(person)
    # The filter the selectors use agrees with the function, person by person.
    chosen = set(User.objects.filter(permissions.facilitators_q()).values_list("pk", flat=True))
    assert chosen == {facilitator.pk, superuser.pk}


def test_staff_outside_the_group_do_not_moderate_or_see_rosters(client, thread_kit):
    staff_only = UserFactory(is_staff=True, country=None)
    client.force_login(staff_only)
    assert client.get("/en/members/roster/").status_code == 403
    response = client.post(f"/en/discussions/threads/{thread_kit.pk}/moderate/", {"action": "pin"})
    assert response.status_code == 403
    thread_kit.refresh_from_db()
    assert not thread_kit.is_pinned


@pytest.fixture
def thread_kit(member):
    from discussions import services as discussions
    from discussions.models import Topic

    topic = Topic.objects.create(slug="kit", name_ar="موضوع", name_en="Topic")
    return discussions.thread_create(
        author=member, topic=topic, kind="discussion", title="Hello", body="Body"
    )


def test_the_group_is_kept_in_step_by_migrate():
    group = Group.objects.get(name=permissions.FACILITATORS_GROUP)
    group.permissions.clear()
    group.permissions.add(Permission.objects.get(codename="delete_user"))
    call_command("migrate", verbosity=0)
    assert set(group.permissions.all()) == set(facilitator_permissions())


# --- The service -------------------------------------------------------------------------------
def test_a_superuser_appoints_and_removes_a_facilitator_with_an_audit_row(superuser, member):
    services.facilitator_appoint(member=member, by=superuser, reason="Joins the team")
    member = User.objects.get(pk=member.pk)
    assert member.is_staff and permissions.is_facilitator(member)
    services.facilitator_remove(member=member, by=superuser)
    member = User.objects.get(pk=member.pk)
    assert not member.is_staff and not permissions.is_facilitator(member)
    assert list(
        MembershipEvent.objects.order_by("pk").values_list("action", "actor", "reason")
    ) == [
        (MembershipAction.FACILITATOR_APPOINTED, superuser.pk, "Joins the team"),
        (MembershipAction.FACILITATOR_REMOVED, superuser.pk, ""),
    ]


def test_facilitators_cannot_appoint_facilitators(facilitator, member):
    with pytest.raises(PermissionDenied):
        services.facilitator_appoint(member=member, by=facilitator)
    member.refresh_from_db()
    assert not member.is_staff and not MembershipEvent.objects.exists()


# --- The user admin ---------------------------------------------------------------------------
def test_a_facilitator_posting_the_user_form_cannot_raise_anyones_privileges(
    client, facilitator, member
):
    group = Group.objects.get(name=permissions.FACILITATORS_GROUP)
    permission = Permission.objects.get(codename="delete_user")
    client.force_login(facilitator)
    response = client.post(
        f"/en/admin/members/user/{member.pk}/change/",
        change_form_data(
            member,
            organisation="Ministry of Social Development",
            is_superuser="on",
            is_staff="on",
            facilitator="on",
            groups=[group.pk],
            user_permissions=[permission.pk],
            status=MembershipStatus.SUSPENDED,
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    member = User.objects.get(pk=member.pk)
    assert member.organisation == "Ministry of Social Development"  # the rest was saved
    assert not member.is_superuser and not member.is_staff
    assert not member.groups.exists() and not member.user_permissions.exists()
    assert member.status == MembershipStatus.MEMBER
    assert not permissions.is_facilitator(member)
    assert not MembershipEvent.objects.exists()


def test_a_facilitator_cannot_change_their_own_or_a_superusers_account(
    client, facilitator, superuser
):
    client.force_login(facilitator)
    for person in (facilitator, superuser):
        response = client.post(
            f"/en/admin/members/user/{person.pk}/change/",
            change_form_data(person, is_superuser="on", email="taken@example.org"),
        )
        assert response.status_code == 403
        person.refresh_from_db()
        assert person.email != "taken@example.org"
    facilitator.refresh_from_db()
    assert not facilitator.is_superuser
    # Nor set anyone's password (that is signing in as them).
    url = f"/en/admin/members/user/{superuser.pk}/password/"
    assert client.get(url).status_code == 403


def test_the_user_form_offers_a_facilitator_no_role_fields(client, facilitator, member):
    client.force_login(facilitator)
    html = client.get(f"/en/admin/members/user/{member.pk}/change/").content.decode()
    for name in ("is_superuser", "is_staff", "groups", "user_permissions", "facilitator", "status"):
        assert f'name="{name}"' not in html, name


def test_a_superuser_appoints_a_facilitator_from_the_user_form(client, superuser, member):
    client.force_login(superuser)
    html = client.get(f"/en/admin/members/user/{member.pk}/change/").content.decode()
    assert 'name="facilitator"' in html and 'name="is_staff"' not in html
    response = client.post(
        f"/en/admin/members/user/{member.pk}/change/",
        change_form_data(member, facilitator="on"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    member = User.objects.get(pk=member.pk)
    assert permissions.is_facilitator(member)
    event = MembershipEvent.objects.get()
    assert (event.action, event.actor) == (MembershipAction.FACILITATOR_APPOINTED, superuser)


def test_moving_a_member_to_another_country_in_admin_leaves_an_audit_row(
    client, facilitator, member, country, other_country, other_focal_point, mailoutbox
):
    client.force_login(facilitator)
    response = client.post(
        f"/en/admin/members/user/{member.pk}/change/",
        change_form_data(member, country=other_country.pk),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    member.refresh_from_db()
    assert member.country == other_country
    event = MembershipEvent.objects.get()
    assert (event.action, event.actor, event.from_country, event.country) == (
        MembershipAction.COUNTRY_CHANGED,
        facilitator,
        country,
        other_country,
    )
    # The new focal point now manages them, the old one no longer does.
    assert permissions.can_manage_member(other_focal_point, member)
    page = client.get(f"/en/admin/members/user/{member.pk}/change/").content.decode()
    assert "Moved to another country" in page


def test_the_country_service_refuses_focal_points_and_those_who_do_not_manage(
    facilitator, focal_point, member, other_country, other_focal_point
):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.member_country_change(member=focal_point, country=other_country, by=facilitator)
    with pytest.raises(PermissionDenied):
        services.member_country_change(member=member, country=other_country, by=other_focal_point)
    member.refresh_from_db()
    assert member.country != other_country and not MembershipEvent.objects.exists()
