"""Every page, walked from the project's URL patterns, answers hostile query parameters
(NUL bytes, huge values, non-integers, negative pages, arrays) with a page or a clear
refusal, never a server error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from discussions import services
from tests.discussions.factories import TopicFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Every parameter a view of the project reads, and the admin's own.
PARAMETERS = [
    "page", "country", "q", "status", "topic", "show", "branch", "expertise", "experts",
    "next", "action", "o", "p", "e", "follow", "language", "kind", "year",
]  # fmt: skip
HOSTILE_VALUES = [
    "\x00",
    "JO\x00",
    "x" * 5000,
    "-1",
    "abc",
    "9" * 40,
    "1.5%' OR 1=1 --<script>",
    "invoice\u202egpj.exe\ufeff",
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            yield from walk(
                pattern.url_patterns,
                f"{namespace}:{inner}" if namespace and inner else inner or namespace,
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, list(pattern.pattern.regex.groupindex)


def url_names():
    names = []
    for name, arguments in walk(get_resolver().url_patterns):
        # The admin's lists and home take the hostile parameters; its object pages
        # are reached with ids only.
        admin_page = name == "admin:index" or name.endswith("_changelist")
        if name.startswith("admin:") and (arguments or not admin_page):
            continue
        names.append((name, tuple(arguments)))
    return names


URL_NAMES = url_names()


@pytest.fixture
def world(member, facilitator, country, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    topic = TopicFactory(slug="cash-transfers", is_public=True)
    thread = services.thread_create(
        author=member,
        topic=topic,
        kind="question",
        title="How do you update household data?",
        body="We visit every household once a year.",
        files=[SimpleUploadedFile("m.pdf", PDF)],
    )
    reply = services.post_reply(author=member, parent=thread.opening_post, body="Yearly.")
    return {
        "member": member,
        "facilitator": facilitator,
        "focal_point": UserFactory(country=country, email="focal.hostile@example.org"),
        "thread": thread,
        "reply": reply,
        "topic": topic,
        "attachment": thread.opening_post.attachments.get(),
    }


def arguments_for(name, arguments, world):
    values = {"slug": world["topic"].slug, "token": "abc", "key": "abc", "uidb36": "1"}
    # Events: a month of the calendar, ids of things that need not exist, a feed token's shape.
    values |= {"year": 2027, "month": 4, "material_pk": 1, "nomination_pk": 1}
    # Survey results: a chart of a question that need not exist.
    values["question_pk"] = 1
    # Library: a version number, a milestone that need not exist, the thread to quote.
    values |= {"number": 1, "milestone_pk": 1, "thread_pk": world["thread"].pk}
    if name == "events:feed":
        values["token"] = "a" * 32
    if name.startswith("discussions:thread"):
        values["pk"] = world["thread"].pk
    elif name.startswith("discussions:post"):
        values["pk"] = world["reply"].pk
    elif name == "discussions:attachment":
        values["pk"] = world["attachment"].pk
    else:
        values["pk"] = world["member"].pk
    return {argument: values[argument] for argument in arguments}


def queries(*, one_at_a_time: bool):
    for value in HOSTILE_VALUES:
        yield dict.fromkeys(PARAMETERS, value)
    # Arrays, the plain repeated way and the way PHP and Rails spell them.
    yield {name: ["1", "abc", "-1"] for name in PARAMETERS}
    yield {f"{name}[]": ["1", "2"] for name in PARAMETERS}
    if one_at_a_time:
        # So that no parameter hides another's handling.
        for name in PARAMETERS:
            for value in ("\x00", "abc"):
                yield {name: value}


@pytest.mark.parametrize(("name", "arguments"), URL_NAMES, ids=[name for name, _ in URL_NAMES])
def test_no_hostile_query_parameter_causes_a_server_error(client, world, name, arguments):
    with translation.override("en"):
        url = reverse(name, kwargs=arguments_for(name, arguments, world))
    for role in (None, "member", "focal_point", "facilitator"):
        client.logout()
        if role:
            client.force_login(world[role])
        for query in queries(one_at_a_time=role == "facilitator"):
            response = client.get(url, query)
            assert response.status_code < 500, (role, url, query)


def test_the_walk_covers_the_pages_named_in_the_report():
    names = {name for name, _ in URL_NAMES}
    assert {
        "members:roster",
        "members:directory",
        "members:profile",
        "discussions:index",
        "discussions:topic",
        "discussions:thread",
        "discussions:search",
        "discussions:topic_feed",
        "admin:index",
        "admin:members_user_changelist",
    } <= names


@pytest.mark.parametrize("url", ["/en/members/roster/", "/en/search/"])
def test_a_nul_byte_gets_a_clear_refusal_in_the_visitors_language(facilitator_client, url):
    response = facilitator_client.get(url, {"country": "JO\x00", "q": "a\x00"})
    assert response.status_code == 400
    assert "We could not understand this request" in response.content.decode()
    response = facilitator_client.get(url.replace("/en/", "/ar/"), {"country": "JO\x00"})
    assert response.status_code == 400
    assert 'lang="ar"' in response.content.decode()
