"""The library in the email digest (`library.digest`): documents newly published in the
topics a member follows, in their language, once, never their own, a fixed query count."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cop.digest import DigestBatch
from cop.models import OutboundEmail
from digests import services as digests
from discussions import services as discussions
from library import digest, services
from library.models import DocumentKind, Visibility
from tests.digests.conftest import at, jordan, reader

__all__ = ["jordan"]  # the digests' country fixture

pytestmark = pytest.mark.django_db


def publish_doc(author, facilitator, topic, *, when, title, translation=""):
    with time_machine.travel(when, tick=False):
        document = services.document_create(
            author=author,
            kind=DocumentKind.GOOD_PRACTICE,
            title=title,
            title_translation=translation,
            body="نص الوثيقة.",
            topics=[topic],
        )
        services.document_submit(document=document, by=author)
        services.document_publish(document=document, by=facilitator, visibility=Visibility.MEMBERS)
    return document


def run(now):
    with time_machine.travel(now, tick=False):
        return digests.digests_send_due(now=now, inline=True)


def digest_of(person):
    return OutboundEmail.objects.filter(to=person.email, kind="digests/email/digest")


def test_a_follower_gets_a_new_document_in_their_language_once(jordan, topic, facilitator):
    arabic = reader(jordan, email="ar@example.org", language="ar")
    english = reader(jordan, email="en@example.org", language="en")
    stranger = reader(jordan, email="other@example.org")  # follows nothing
    author = reader(jordan, email="author@example.org")
    for person in (arabic, english, author):
        discussions.topic_set_followed(member=person, topic=topic, follow=True)
    document = publish_doc(
        author,
        facilitator,
        topic,
        when=at("2026-11-25 20:00", "Asia/Amman"),
        title="الدفع عبر الهاتف المحمول",
        translation="Mobile payments",
    )
    run(at("2026-11-26 07:05", "Asia/Amman"))
    arabic_mail, english_mail = digest_of(arabic).get(), digest_of(english).get()
    assert "الدفع عبر الهاتف المحمول" in arabic_mail.body_text
    assert f"/ar/library/{document.pk}/" in arabic_mail.body_text
    assert "Mobile payments" in english_mail.body_text
    assert f"/en/library/{document.pk}/" in english_mail.body_text
    assert "Mobile payments" in english_mail.body_html
    assert not digest_of(stranger).exists()
    # The author knows their own document: no digest goes out for it.
    assert not digest_of(author).exists()
    # The next morning it is no longer new.
    run(at("2026-11-27 07:05", "Asia/Amman"))
    assert digest_of(english).count() == 1


def test_drafts_and_documents_outside_followed_topics_stay_out(jordan, topic, facilitator):
    from tests.discussions.factories import TopicFactory

    person = reader(jordan, email="p@example.org")
    author = reader(jordan, email="a@example.org")
    discussions.topic_set_followed(member=person, topic=topic, follow=True)
    with time_machine.travel(at("2026-11-25 20:00", "Asia/Amman"), tick=False):
        draft = services.document_create(
            author=author,
            kind=DocumentKind.REPORT,
            title="Unfinished draft",
            body="Not ready.",
            topics=[topic],
        )
        services.document_submit(document=draft, by=author)
    publish_doc(
        author,
        facilitator,
        TopicFactory(slug="elsewhere"),
        when=at("2026-11-25 20:00", "Asia/Amman"),
        title="Another topic entirely",
    )
    batch = DigestBatch(
        members=[person],
        since={person.pk: at("2026-11-25 07:00", "Asia/Amman")},
        until=at("2026-11-26 07:00", "Asia/Amman"),
        cache={},
    )
    assert digest.digest_sections(batch) == {}


def test_only_the_current_version_is_news_and_the_list_is_cut(jordan, topic, facilitator):
    person = reader(jordan, email="p@example.org")
    author = reader(jordan, email="a@example.org")
    discussions.topic_set_followed(member=person, topic=topic, follow=True)
    when = at("2026-11-25 20:00", "Asia/Amman")
    documents = [
        publish_doc(author, facilitator, topic, when=when, title=f"Case {n}") for n in range(7)
    ]
    with time_machine.travel(at("2026-11-25 21:00", "Asia/Amman"), tick=False):
        services.document_revise(document=documents[0], by=author)
        documents[0].refresh_from_db()
        services.document_submit(document=documents[0], by=author)
        services.document_publish(
            document=documents[0], by=facilitator, visibility=Visibility.MEMBERS
        )
    batch = DigestBatch(
        members=[person],
        since={person.pk: at("2026-11-25 07:00", "Asia/Amman")},
        until=at("2026-11-26 07:00", "Asia/Amman"),
        cache={},
    )
    [section] = digest.digest_sections(batch)[person.pk]
    assert section.news and section.key == "library"
    assert len(section.items) == 5 and section.more == 2
    with translation.override("en"):
        texts = [item.text for item in section.items]
    assert "Case 0" in texts[0] and "version 2" in texts[0]  # newest first, once
    assert sum("Case 0" in text for text in texts) == 1
    assert section.more_link.endswith("/library/")


def test_the_same_queries_for_2_or_40_members(jordan, topic, facilitator):
    author = reader(jordan, email="a@example.org")
    for n in range(3):
        publish_doc(
            author, facilitator, topic, when=at("2026-11-25 20:00", "Asia/Amman"), title=f"N{n}"
        )
    people = [reader(jordan, email=f"r{n}@example.org") for n in range(40)]
    for person in people:
        discussions.topic_set_followed(member=person, topic=topic, follow=True)

    def cost(members):
        batch = DigestBatch(
            members=members,
            since={m.pk: at("2026-11-25 07:00", "Asia/Amman") for m in members},
            until=at("2026-11-26 07:00", "Asia/Amman"),
            cache={},
        )
        with CaptureQueriesContext(connection) as queries:
            sections = digest.digest_sections(batch)
        assert len(sections) == len(members)
        return len(queries)

    assert cost(people[:2]) == cost(people) <= 3
