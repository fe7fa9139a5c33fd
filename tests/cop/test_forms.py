"""Every form of the site: one field layout, and one answer to a refused POST (400)."""

import re

import pytest

from discussions import services as discussions
from discussions.models import Flag, Post, PostRevision, Thread, ThreadKind
from members.models import Invitation, MembershipStatus, User
from tests.discussions.factories import TopicFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(member, focal_point, country):
    topic = TopicFactory(slug="public-works")
    other = UserFactory(country=country, email="other@example.org")
    thread = discussions.thread_create(
        author=member, topic=topic, kind=ThreadKind.QUESTION, title="Q", body="Body"
    )
    reply = discussions.post_reply(author=other, parent=thread.opening_post, body="Reply")
    applicant = UserFactory(country=country, status=MembershipStatus.APPLICANT)
    return {"topic": topic, "thread": thread, "reply": reply, "applicant": applicant}


def saved_state():
    return (
        Thread.objects.count(),
        Post.objects.count(),
        PostRevision.objects.count(),
        Flag.objects.count(),
        Invitation.objects.count(),
        sorted(User.objects.values_list("pk", "status", "name_latin", "is_active")),
    )


# (who posts, url, data): each a form refused for what it holds.
REFUSED = {
    "profile": ("member", "/en/members/profile/", {"name_latin": ""}),
    "close account": ("member", "/en/members/profile/close/", {"password": "wrong"}),
    "invite": ("focal_point", "/en/members/roster/invite/", {"email": "not an address"}),
    "decline": ("focal_point", "/en/members/{applicant}/membership/", {"action": "decline"}),
    "new thread": ("member", "/en/discussions/topics/{topic}/new/", {"title": "No body"}),
    "reply": ("member", "/en/discussions/posts/{opening}/reply/", {"body": ""}),
    "edit": ("member", "/en/discussions/posts/{opening}/edit/", {"body": ""}),
    "translate": ("member", "/en/discussions/posts/{opening}/translate/", {"translation": "x" * 20001}),
    "flag": ("member", "/en/discussions/posts/{reply}/flag/", {"reason": "nonsense"}),
}  # fmt: skip


@pytest.mark.parametrize("name", REFUSED)
def test_a_refused_post_answers_400_with_the_form_and_saves_nothing(
    client, world, member, focal_point, name
):
    who, url, data = REFUSED[name]
    client.force_login({"member": member, "focal_point": focal_point}[who])
    url = url.format(
        applicant=world["applicant"].pk,
        topic=world["topic"].slug,
        opening=world["thread"].opening_post.pk,
        reply=world["reply"].pk,
    )
    assert client.get(url).status_code == 200
    before = saved_state()
    response = client.post(url, data)
    assert response.status_code == 400, name
    html = response.content.decode()
    assert 'class="errorlist' in html and "<form" in html
    assert saved_state() == before


def test_lists_of_choices_are_fieldsets_and_help_is_tied_to_its_field(client, member, world):
    client.force_login(member)
    html = client.get("/en/members/profile/").content.decode()
    fieldset = re.search(r'<fieldset class="field field--group">\s*<legend>([^<]+)</legend>', html)
    assert fieldset and fieldset.group(1) == "Topics of interest"
    assert 'id="id_timezone_helptext"' in html
    assert re.search(r'<select name="timezone"[^>]*aria-describedby="id_timezone_helptext"', html)


def test_a_single_checkbox_comes_before_its_label(client, member):
    client.force_login(member)
    html = client.get("/en/members/").content.decode()
    assert re.search(
        r'<div class="field field--check">\s*<input type="checkbox" name="experts"[^>]*>\s*<label',
        html,
    )


def test_every_form_page_uses_the_one_field_template():
    from pathlib import Path

    from django.conf import settings

    names = {p.name for p in Path(settings.BASE_DIR).glob("*/templates/**/_field*.html")}
    names |= {p.name for p in Path(settings.BASE_DIR).glob("*/templates/**/_form_fields.html")}
    assert names == set()
    assert (Path(settings.BASE_DIR) / "templates/partials/_field.html").exists()


@pytest.mark.parametrize("value", ["", "JO", "<b>", None])
def test_the_quick_select_writes_what_djangos_select_templates_write(value):
    from django import forms as django_forms

    from cop.forms import QuickSelect

    choices = [
        ("", "All countries"),
        ("JO", "الأردن"),
        ("<b>", '<script>alert("x")</script> & co'),
        ("Region", [("MA", "المغرب"), ("TN", "Tunisia")]),
    ]
    attrs = {"id": "id_country", "dir": "auto", "required": True, "disabled": False}
    expected = django_forms.Select(choices=choices).render("country", value, attrs=attrs)
    written = QuickSelect(choices=choices).render("country", value, attrs=attrs)
    assert written == expected
    assert "<script>" not in written
