"""The discussions part of a member's data export, and what closing an account leaves."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from discussions import services
from discussions.models import (
    Attachment,
    Flag,
    Notification,
    Post,
    PostRevision,
    ThreadFollow,
    ThreadKind,
    TopicFollow,
)
from members import services as members
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def active_member(member, other_member, facilitator, topic, django_capture_on_commit_callbacks):
    """A member with a row in every table where discussions keeps something about them."""
    # Notification rows are written only for immediate emails (digests read, not write).
    member.notification_mode = "immediate"
    member.save(update_fields=["notification_mode"])
    services.topic_set_followed(member=member, topic=topic, follow=True)
    thread = services.thread_create(
        author=member,
        topic=topic,
        kind=ThreadKind.QUESTION,
        title="How do you update household data?",
        body="Every year, by visits.",
        files=[SimpleUploadedFile("survey.pdf", PDF, content_type="application/pdf")],
    )
    services.post_edit(post=thread.opening_post, editor=member, body="Every year, by home visits.")
    services.post_translate(post=thread.opening_post, by=member, translation="كل سنة")
    reply = services.post_reply(
        author=member,
        parent=thread.opening_post,
        body="Our terms of reference.",
        files=[SimpleUploadedFile("terms.pdf", PDF, content_type="application/pdf")],
    )
    services.post_set_hidden(post=reply, by=facilitator, hidden=True, reason="Advertising")
    others = services.thread_create(
        author=other_member, topic=topic, kind=ThreadKind.DISCUSSION, title="Payments", body="Hi"
    )
    old = services.post_flag(post=others.opening_post, reporter=member, reason="spam", note="Pens")
    services.flags_resolve(flags=Flag.objects.filter(pk=old.pk), by=facilitator)
    services.post_flag(post=others.opening_post, reporter=member, reason="off_topic", note="Again")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(author=other_member, parent=thread.opening_post, body="Thanks!")
    return member


def test_the_export_lists_everything_discussions_keeps_about_the_member(
    client, active_member, other_member
):
    client.force_login(active_member)
    data = json.loads(client.get("/en/members/profile/data.json").content)["discussions"]
    assert data["topics_of_interest"] == ["social-registries"]
    followed = {f["thread"] for f in data["threads_followed"]}
    assert "How do you update household data?" in followed
    assert followed == set(
        ThreadFollow.objects.filter(member=active_member).values_list("thread__title", flat=True)
    )
    assert [p["text"] for p in data["posts"]] == [
        "Every year, by home visits.",
        "Our terms of reference.",
    ]
    assert [p["hidden_by_facilitators"] for p in data["posts"]] == [False, True]
    [earlier] = data["earlier_versions"]
    assert earlier["text"] == "Every year, by visits." and earlier["replaced_by_you"]
    files = {a["name"]: a for a in data["attachments"]}
    assert set(files) == {"survey.pdf", "terms.pdf"}
    assert files["survey.pdf"]["type"] == "application/pdf" and files["survey.pdf"]["size"]
    link = files["survey.pdf"]["download"]
    assert link.startswith("http://testserver/en/discussions/attachments/")
    assert client.get(link.removeprefix("http://testserver")).status_code == 200
    assert files["terms.pdf"]["download"] is None  # on a hidden post: no link they could not use
    flags = {f["reason"]: f for f in data["flags_raised"]}
    assert (flags["spam"]["note"], flags["spam"]["status"]) == ("Pens", "resolved")
    assert (flags["off_topic"]["note"], flags["off_topic"]["status"]) == ("Again", "open")
    notified = [n["thread"] for n in data["notifications"]]
    assert "How do you update household data?" in notified  # the reply to their question
    assert len(notified) == Notification.objects.filter(member=active_member).count()
    assert len(data["translations_added"]) == 1
    assert other_member.email not in json.dumps(data)


def test_closing_the_account_forgets_follows_notifications_and_flags_and_keeps_the_posts(
    active_member,
):
    posts = Post.objects.filter(author=active_member).count()
    members.account_close(member=active_member)
    assert not TopicFollow.objects.filter(member=active_member).exists()
    assert not ThreadFollow.objects.filter(member=active_member).exists()
    assert not Notification.objects.filter(member=active_member).exists()
    # Open flags still ask the facilitators to look, without the reporter's words.
    remaining = Flag.objects.filter(reporter=active_member)
    assert {(f.status, f.note) for f in remaining} == {("open", "")}
    assert Post.objects.filter(author=active_member).count() == posts
    assert Attachment.objects.filter(post__author=active_member).count() == 2
    assert PostRevision.objects.filter(post__author=active_member).count() == 1


def test_the_export_reads_a_fixed_number_of_queries_however_much_was_written(
    member, topic, django_assert_max_num_queries
):
    from discussions.privacy import member_data

    def write(count):
        for n in range(count):
            thread = services.thread_create(
                author=member, topic=topic, kind=ThreadKind.DISCUSSION, title=f"T{n}", body="b"
            )
            services.post_flag(
                post=thread.opening_post, reporter=UserFactory(country=member.country),
                reason="spam",
            )  # fmt: skip

    write(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        member_data(member)
    write(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        member_data(member)


def test_read_markers_and_helpful_marks_are_exported_and_forgotten_on_closing(
    client, thread, reply, member
):
    from discussions import privacy
    from discussions.models import Post, Reaction, ThreadRead

    services.post_set_helpful(member=member, post=reply, helpful=True)
    services.thread_mark_read(member=member, thread=thread)
    data = privacy.member_data(member)
    assert data["found_helpful"][0]["post"] == reply.pk
    assert data["threads_read"][0]["thread"] == thread.pk
    privacy.member_closed(member)
    assert not Reaction.objects.filter(member=member).exists()
    assert not ThreadRead.objects.filter(member=member).exists()
    assert Post.objects.get(pk=reply.pk).helpful_count == 1  # the count stays, anonymous
