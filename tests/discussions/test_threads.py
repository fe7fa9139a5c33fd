import pytest
from django.urls import reverse

from discussions import services
from discussions.models import Notification, Post, Thread, ThreadFollow, ThreadKind, TopicFollow
from members.models import NotificationMode
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def thread_url(thread, language="en"):
    return f"/{language}/discussions/threads/{thread.pk}/"


def test_member_starts_a_thread_and_the_language_is_detected_from_the_script(member_client, topic):
    response = member_client.post(
        f"/en/discussions/topics/{topic.slug}/new/",
        {"kind": "question", "title": "كيف نحدّث السجل؟", "body": "نحتاج إلى **تجربتكم**."},
    )
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    assert thread.language == "ar"
    assert thread.opening_post.body_html == '<p dir="auto">نحتاج إلى <strong>تجربتكم</strong>.</p>'
    assert ThreadFollow.objects.filter(thread=thread, member__email="member@example.org").exists()


def test_the_original_language_can_be_chosen(member, topic):
    thread = services.thread_create(
        author=member,
        topic=topic,
        kind="discussion",
        title="SSN",
        body="Mostly English",
        language="ar",
    )
    assert thread.language == "ar" and thread.opening_post.language == "ar"


def test_a_reply_can_answer_a_reply_and_the_tree_is_read_in_order(thread, member, other_member):
    first = services.post_reply(author=other_member, parent=thread.opening_post, body="First")
    second = services.post_reply(author=member, parent=thread.opening_post, body="Second")
    nested = services.post_reply(author=member, parent=first, body="Answer to first")
    deeper = services.post_reply(author=other_member, parent=nested, body="Deeper")
    order = list(Post.objects.filter(thread=thread).order_by("path").values_list("pk", flat=True))
    assert order == [thread.opening_post.pk, first.pk, nested.pk, deeper.pk, second.pk]
    assert (nested.depth, nested.branch_id, deeper.branch_id) == (2, first.pk, first.pk)
    thread.refresh_from_db()
    assert thread.reply_count == 4


def test_thread_page_shows_an_indented_tree(client, member, thread, other_member):
    first = services.post_reply(author=other_member, parent=thread.opening_post, body="First")
    nested = services.post_reply(author=member, parent=first, body="Nested")
    client.force_login(member)
    html = client.get(thread_url(thread)).content.decode()
    assert f'id="post-{first.pk}" class="post post--indent-0' in html
    assert f'id="post-{nested.pk}" class="post post--indent-1' in html


def test_indentation_is_capped_and_deep_posts_say_whom_they_answer(client, member, thread):
    parent = thread.opening_post
    chain = []
    for depth in range(1, 8):
        parent = services.post_reply(author=member, parent=parent, body=f"Level {depth}")
        chain.append(parent)
    client.force_login(member)
    html = client.get(f"{thread_url(thread)}?branch={chain[0].pk}").content.decode()
    assert f'id="post-{chain[6].pk}" class="post post--indent-4' in html
    # Every nested reply says whom it answers, with a link to that post (issue 10, item 10).
    for child, parent in zip(chain[1:], chain, strict=False):
        assert (
            f'<a class="post__reply-to" href="#post-{parent.pk}" data-testid="reply-to">in reply to'
            in html
        ), child.pk


def test_long_branches_collapse_behind_a_link_that_works_without_javascript(client, member, thread):
    top = services.post_reply(author=member, parent=thread.opening_post, body="Top")
    for number in range(12):
        services.post_reply(author=member, parent=top, body=f"Child {number}")
    client.force_login(member)
    response = client.get(thread_url(thread))
    html = response.content.decode()
    assert "Show 8 more replies" in html
    assert "Child 3" in html and "Child 4" not in html
    branch = client.get(f"{thread_url(thread)}?branch={top.pk}").content.decode()
    assert "Child 11" in branch


def test_a_permalink_opens_the_slice_that_holds_its_post(client, member, thread):
    from discussions.selectors import BRANCH_PREVIEW, BRANCHES_PER_PAGE

    tops = [
        services.post_reply(author=member, parent=thread.opening_post, body=f"Top {n}")
        for n in range(BRANCHES_PER_PAGE + 1)
    ]
    client.force_login(member)
    last = client.get(f"/en/discussions/posts/{tops[-1].pk}/")
    assert last["Location"] == f"{thread_url(thread)}?page=2#post-{tops[-1].pk}"
    assert tops[-1].body in client.get(last["Location"].split("#")[0]).content.decode()
    children = [
        services.post_reply(author=member, parent=tops[0], body=f"c{n}")
        for n in range(BRANCH_PREVIEW + 2)
    ]
    collapsed = client.get(f"/en/discussions/posts/{children[-1].pk}/")
    assert (
        collapsed["Location"] == f"{thread_url(thread)}?branch={tops[0].pk}#post-{children[-1].pk}"
    )


@pytest.mark.parametrize(
    "query", ["?page=abc", "?page=0", "?branch=abc", "?branch=999999", "?page=-1"]
)
def test_bad_parameters_are_404_not_500(member_client, thread, query):
    assert member_client.get(thread_url(thread) + query).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/en/discussions/threads/999999/",
        "/en/discussions/posts/999999/",
        "/en/discussions/posts/999999/reply/",
        "/en/discussions/attachments/999999/",
        "/en/discussions/topics/no-such-topic/",
        "/en/discussions/threads/abc/",
        "/en/discussions/topics/no-such-topic/feed/",
        "/en/discussions/?page=abc",
        "/en/discussions/threads/99999999999999999999/",
        "/en/discussions/posts/99999999999999999999/",
        "/en/discussions/attachments/99999999999999999999/",
    ],
)
def test_unknown_ids_are_404(member_client, url):
    assert member_client.get(url).status_code == 404


def test_members_cannot_edit_or_translate_others_posts(client, thread, other_member):
    client.force_login(other_member)
    post = thread.opening_post
    edit = client.post(f"/en/discussions/posts/{post.pk}/edit/", {"body": "Defaced"})
    translate = client.post(f"/en/discussions/posts/{post.pk}/translate/", {"translation": "x"})
    assert edit.status_code == 403 and translate.status_code == 403
    post.refresh_from_db()
    assert post.body == "We visit every household once a year." and post.translation == ""


def test_an_author_edits_and_the_earlier_text_is_kept(member_client, thread):
    post = thread.opening_post
    response = member_client.post(
        f"/en/discussions/posts/{post.pk}/edit/",
        {"title": "How do you refresh household data?", "body": "Twice a year now."},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.body == "Twice a year now." and post.edited_at is not None
    assert thread.title == "How do you refresh household data?"
    revision = post.revisions.get()
    assert revision.body == "We visit every household once a year."
    assert revision.title == "How do you update household data?"


def test_locked_threads_refuse_replies_from_members(member_client, thread, facilitator):
    services.thread_moderate(thread=thread, by=facilitator, action="lock")
    response = member_client.post(
        f"/en/discussions/posts/{thread.opening_post.pk}/reply/", {"body": "Still here?"}
    )
    assert response.status_code == 403
    assert Post.objects.filter(thread=thread).count() == 1
    page = member_client.get(thread_url(thread)).content.decode()
    assert "This thread is locked" in page and 'data-testid="reply-form"' not in page


def test_applicants_and_visitors_cannot_post(client, applicant, public_topic):
    thread = services.thread_create(
        author=UserFactory(), topic=public_topic, kind="discussion", title="Open", body="Public"
    )
    reply_url = f"/en/discussions/posts/{thread.opening_post.pk}/reply/"
    new_url = f"/en/discussions/topics/{public_topic.slug}/new/"
    visitor = client.post(reply_url, {"body": "hello"})
    assert visitor.status_code == 302 and "/accounts/login/" in visitor["Location"]
    assert client.post(new_url, {"kind": "question", "title": "t", "body": "b"}).status_code == 302
    client.force_login(applicant)
    assert client.get(thread_url(thread)).status_code == 200  # can read public content
    assert client.post(reply_url, {"body": "hello"}).status_code == 403
    assert client.post(new_url, {"kind": "question", "title": "t", "body": "b"}).status_code == 403
    assert Post.objects.count() == 1


def test_members_only_topics_send_visitors_to_sign_in(client, thread, topic, public_topic):
    for url in (
        f"/en/discussions/topics/{topic.slug}/",
        thread_url(thread),
        f"/en/discussions/posts/{thread.opening_post.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/?next=" in response["Location"]
    index = client.get("/en/discussions/").content.decode()
    assert "Cash transfers" in index and "Social registries" not in index
    assert thread.title not in index


def test_visitors_read_public_topics(client, member, public_topic):
    thread = services.thread_create(
        author=member, topic=public_topic, kind="practice", title="Mobile payments", body="Lessons"
    )
    assert client.get(f"/en/discussions/topics/{public_topic.slug}/").status_code == 200
    page = client.get(thread_url(thread)).content.decode()
    assert "Lessons" in page and "Sign in to take part" in page


def test_asker_or_facilitator_accepts_an_answer_and_others_cannot(
    client, thread, reply, expert, facilitator, member
):
    answer = services.post_reply(author=expert, parent=thread.opening_post, body="Use admin data.")
    client.force_login(reply.author)
    assert client.post(f"/en/discussions/posts/{answer.pk}/accept/").status_code == 403
    client.force_login(member)
    client.post(f"/en/discussions/posts/{answer.pk}/accept/")
    thread.refresh_from_db()
    assert thread.accepted_answer == answer
    client.force_login(facilitator)
    client.post(f"/en/discussions/posts/{reply.pk}/accept/")
    thread.refresh_from_db()
    assert thread.accepted_answer == reply
    html = client.get(thread_url(thread)).content.decode()
    assert 'data-testid="accepted"' in html and 'data-testid="expert-badge"' in html


def test_unanswered_questions_are_easy_to_find(member_client, member, topic, thread):
    answered = services.thread_create(
        author=member, topic=topic, kind=ThreadKind.QUESTION, title="Answered one", body="?"
    )
    services.post_reply(author=member, parent=answered.opening_post, body="Yes")
    html = member_client.get("/en/discussions/?show=unanswered").content.decode()
    assert thread.title in html and "Answered one" not in html


def test_readers_see_the_translation_marked_and_the_original_one_click_away(
    client, member, thread, facilitator
):
    services.post_translate(
        post=thread.opening_post,
        by=facilitator,
        translation="نزور كل أسرة مرة في السنة.",
        title_translation="كيف تحدّثون بيانات الأسر؟",
    )
    client.force_login(member)
    arabic = client.get(thread_url(thread, "ar")).content.decode()
    assert (
        '<h1 lang="ar" dir="rtl" data-testid="thread-title">كيف تحدّثون بيانات الأسر؟</h1>' in arabic
    )
    assert 'lang="ar" dir="rtl" data-testid="post-body"><p dir="auto">نزور كل أسرة' in arabic
    assert 'data-testid="translation-note"' in arabic
    assert (
        '<div class="prose" lang="en" dir="ltr" data-testid="original-body"><p dir="auto">We visit'
        in arabic
    )
    english = client.get(thread_url(thread, "en")).content.decode()
    assert 'data-testid="translation-note"' not in english
    assert 'lang="en" dir="ltr" data-testid="post-body"><p dir="auto">We visit' in english


def test_translating_via_the_form(client, facilitator, thread):
    client.force_login(facilitator)
    response = client.post(
        f"/en/discussions/posts/{thread.opening_post.pk}/translate/",
        {"title_translation": "كيف", "translation": "نص"},
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert (
        thread.title_translation == "كيف"
        and thread.opening_post.translation_html == '<p dir="auto">نص</p>'
    )


def test_replying_follows_the_thread_and_followers_are_notified_by_preference(
    thread, other_member, country, mailoutbox, django_capture_on_commit_callbacks
):
    immediate = thread.author
    immediate.notification_mode = NotificationMode.IMMEDIATE
    immediate.preferred_language = "en"
    immediate.save()
    digest = UserFactory(country=country, notification_mode=NotificationMode.DIGEST)
    never = UserFactory(country=country, notification_mode=NotificationMode.NONE)
    for follower in (digest, never):
        services.thread_set_followed(member=follower, thread=thread, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.post_reply(author=other_member, parent=thread.opening_post, body="Hello")
    assert ThreadFollow.objects.filter(thread=thread, member=other_member).exists()
    statuses = dict(Notification.objects.filter(post=reply).values_list("member_id", "status"))
    # Digest readers and those who want nothing get no row: the digest reads the thread.
    assert statuses == {immediate.pk: Notification.Status.SENT}
    assert [m.to for m in mailoutbox] == [[immediate.email]]
    assert "New reply in" in mailoutbox[0].subject
    # Running the job again sends nothing twice.
    services.post_notify_followers(post_id=reply.pk)
    assert len(mailoutbox) == 1


def test_topic_followers_hear_about_new_threads(
    member, topic, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    other_member.notification_mode = NotificationMode.IMMEDIATE
    other_member.preferred_language = "ar"
    other_member.save()
    services.topic_set_followed(member=other_member, topic=topic, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_create(
            author=member, topic=topic, kind="discussion", title="Registries", body="Hi"
        )
    assert len(mailoutbox) == 1 and "Registries" in mailoutbox[0].subject
    assert Notification.objects.get().reason == Notification.Reason.TOPIC


def test_follow_and_unfollow_from_the_page(client, other_member, thread, topic):
    client.force_login(other_member)
    client.post(f"/en/discussions/threads/{thread.pk}/follow/", {"follow": "1"})
    assert ThreadFollow.objects.filter(member=other_member, thread=thread).exists()
    client.post(f"/en/discussions/threads/{thread.pk}/follow/", {"follow": "0"})
    assert not ThreadFollow.objects.filter(member=other_member, thread=thread).exists()
    client.post(f"/en/discussions/topics/{topic.slug}/follow/", {"follow": "1"})
    assert TopicFollow.objects.filter(member=other_member, topic=topic).exists()


def test_topics_set_followed_keeps_exactly_the_chosen_topics(member, topic, public_topic):
    services.topics_set_followed(member=member, topics=[topic])
    services.topics_set_followed(member=member, topics=[public_topic])
    assert list(member.topic_follows.values_list("topic__slug", flat=True)) == ["cash-transfers"]


def test_home_panel_lists_new_activity_in_what_the_member_follows(member_client, thread):
    html = member_client.get("/en/").content.decode()
    assert "New in what you follow" in html and thread.title in html


def test_atom_feed_for_public_topics_only(client, member, topic, public_topic):
    services.thread_create(
        author=member, topic=public_topic, kind="discussion", title="Open <b>", body="x"
    )
    feed = client.get(f"/en/discussions/topics/{public_topic.slug}/feed/")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    assert b"Open &lt;b&gt;" in feed.content
    assert client.get(f"/en/discussions/topics/{topic.slug}/feed/").status_code == 404


def test_topic_list_is_sorted_by_latest_activity_with_pinned_first(
    member_client, member, topic, facilitator
):
    old = services.thread_create(
        author=member, topic=topic, kind="discussion", title="Old one", body="x"
    )
    new = services.thread_create(
        author=member, topic=topic, kind="discussion", title="New one", body="x"
    )
    pinned = services.thread_create(
        author=member, topic=topic, kind="discussion", title="Rules", body="x"
    )
    services.thread_moderate(thread=pinned, by=facilitator, action="pin")
    services.post_reply(author=member, parent=old.opening_post, body="bump")
    html = member_client.get(reverse("discussions:topic", args=[topic.slug])).content.decode()
    assert html.index("Rules") < html.index("Old one") < html.index("New one")
    assert new  # listed last: least recent activity


def test_deep_replies_collapse_behind_a_link(client, member, thread, monkeypatch):
    from discussions import selectors
    from discussions.selectors import PREVIEW_DEPTH

    monkeypatch.setattr(selectors, "BRANCH_PREVIEW", 50)  # only depth cuts here

    parent = thread.opening_post
    for depth in range(1, PREVIEW_DEPTH + 3):
        parent = services.post_reply(author=member, parent=parent, body=f"Level {depth}")
    client.force_login(member)
    html = client.get(thread_url(thread)).content.decode()
    assert f"Level {PREVIEW_DEPTH}" in html and f"Level {PREVIEW_DEPTH + 1}" not in html
    assert "Show 2 more replies" in html


def test_only_facilitators_post_announcements(client, member, facilitator, topic):
    url = f"/en/discussions/topics/{topic.slug}/new/"
    data = {"kind": "announcement", "title": "Call for papers", "body": "Send them."}
    client.force_login(member)
    assert client.post(url, data).status_code == 400  # form error, nothing written
    assert not Thread.objects.exists()
    client.force_login(facilitator)
    assert client.post(url, data).status_code == 302


def test_an_empty_submission_shows_errors(member_client, thread):
    response = member_client.post(f"/en/discussions/posts/{thread.opening_post.pk}/reply/", {})
    assert response.status_code == 400 and "This field is required." in response.content.decode()


def test_notifications_are_written_in_the_recipients_language(
    thread, other_member, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    services.post_translate(
        post=thread.opening_post,
        by=facilitator,
        translation="",
        title_translation="كيف تحدّثون البيانات؟",
    )
    follower = thread.author
    follower.notification_mode = NotificationMode.IMMEDIATE
    follower.preferred_language = "ar"
    follower.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(author=other_member, parent=thread.opening_post, body="Hello")
    (email,) = mailoutbox
    assert email.subject == "ردّ جديد في «كيف تحدّثون البيانات؟»"
    assert "/ar/discussions/posts/" in email.body


def test_applicants_do_not_see_members_only_topics(client, applicant, thread, topic):
    client.force_login(applicant)
    assert client.get(thread_url(thread)).status_code == 403  # "once your membership is approved"
    assert client.get(f"/en/discussions/topics/{topic.slug}/").status_code == 403
    assert thread.title not in client.get("/en/search/?q=household").content.decode()


def test_hidden_posts_notify_nobody(thread, other_member, facilitator, mailoutbox):
    follower = thread.author
    follower.notification_mode = NotificationMode.IMMEDIATE
    follower.save()
    reply = services.post_reply(author=other_member, parent=thread.opening_post, body="Spam")
    services.post_set_hidden(post=reply, by=facilitator, hidden=True, reason="Spam")
    assert services.post_notify_followers(post_id=reply.pk) == 0
    assert mailoutbox == []
    # The delivery rows come with the post; those of a post hidden before its send are skipped.
    assert set(Notification.objects.values_list("status", flat=True)) == {"skipped"}


def test_the_service_also_keeps_announcements_for_facilitators(member, facilitator, topic):
    from django.core.exceptions import PermissionDenied

    for kind in ("announcement", "not-a-kind"):
        with pytest.raises(PermissionDenied):
            services.thread_create(author=member, topic=topic, kind=kind, title="t", body="b")
    assert not Thread.objects.exists()
    thread = services.thread_create(
        author=facilitator, topic=topic, kind="announcement", title="Call", body="Send papers."
    )
    assert thread.kind == ThreadKind.ANNOUNCEMENT


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("راجعوا التقرير: https://www.example.org/reports/social-protection-annual-2024.pdf", "ar"),
        ("راجعوا [التقرير](https://www.example.org/reports/social-protection-2024.pdf) هنا", "ar"),
        ("نستخدم الأمر `python manage.py export_households --format csv` شهريا", "ar"),
        ("اكتبوا إلى registry.helpdesk@example.org", "ar"),
        ("See https://example.org/التقرير for the Jordan figures", "en"),
    ],
)
def test_links_addresses_and_code_do_not_make_an_arabic_post_english(
    thread, other_member, body, language
):
    post = services.post_reply(author=other_member, parent=thread.opening_post, body=body)
    assert post.language == language


def test_unmarking_from_a_stale_page_does_not_withdraw_a_newer_accepted_answer(
    member_client, thread, reply, expert
):
    better = services.post_reply(author=expert, parent=thread.opening_post, body="Use admin data.")
    member_client.post(f"/en/discussions/posts/{reply.pk}/accept/")
    member_client.post(f"/en/discussions/posts/{better.pk}/accept/")
    # The asker's other tab still shows `reply` as accepted and unmarks it.
    member_client.post(f"/en/discussions/posts/{reply.pk}/accept/", {"accept": "0"})
    thread.refresh_from_db()
    assert thread.accepted_answer == better
    member_client.post(f"/en/discussions/posts/{better.pk}/accept/", {"accept": "0"})
    thread.refresh_from_db()
    assert thread.accepted_answer is None
