"""Shared fixtures. Real components: PostgreSQL, Redis, Chromium and a Celery worker.

Locally, a test that needs a component that is not there is skipped with the
reason. In CI (CI=true) a missing component fails the run instead.
"""

import os
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings as django_settings

from cop.celery import app as celery_app

from .factories import CountryFactory, FacilitatorFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
ARTIFACTS = django_settings.BASE_DIR / "artifacts"

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# refuses to run "inside" it unless told that this thread is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def require(condition: bool, what: str) -> None:
    """Skip locally when a real component is missing; fail in CI."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI and is not available", pytrace=False)
    pytest.skip(f"{what} is not available")


def redis_url() -> str:
    return os.environ.get("REDIS_URL", "")


def redis_answers(url: str) -> bool:
    if not url:
        return False
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


# pytest-timeout: 120 s for any test (pyproject), more for those driving real processes.
SLOW_TEST_TIMEOUT = 300


def pytest_collection_modifyitems(config, items):
    browser_only = os.environ.get("COP_SKIP_BROWSER", "") == "1" and not IN_CI
    for item in items:
        if browser_only and "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="COP_SKIP_BROWSER=1 (local iteration)"))
        slow = item.get_closest_marker("worker") or item.get_closest_marker("browser")
        if slow and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(SLOW_TEST_TIMEOUT))


@pytest.fixture(autouse=True)
def _requirements(request):
    if request.node.get_closest_marker("postgres") or request.node.get_closest_marker("worker"):
        require(
            django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
            "PostgreSQL (set DATABASE_URL)",
        )
    if request.node.get_closest_marker("redis") or request.node.get_closest_marker("worker"):
        require(redis_answers(redis_url()), "Redis (set REDIS_URL)")


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Tasks run in the test process unless a test starts a real worker."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SITE_URL = "http://testserver"
    # Factories hash a password per person: the real hasher costs about a second each on a
    # loaded machine, and no test is about the hash's strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test starts with an empty cache (allauth keeps rate limits there).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}
    }
    from django.core.cache import cache

    cache.clear()
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def country(db):
    return CountryFactory(code="JO", name_ar="الأردن", name_en="Jordan", timezone="Asia/Amman")


@pytest.fixture
def other_country(db):
    return CountryFactory(
        code="MA", name_ar="المغرب", name_en="Morocco", timezone="Africa/Casablanca"
    )


@pytest.fixture
def public_topic(db):
    from .discussions.factories import TopicFactory

    return TopicFactory(
        slug="cash-transfers", name_ar="التحويلات النقدية", name_en="Cash transfers", is_public=True
    )


@pytest.fixture
def member(country):
    return UserFactory(country=country, email="member@example.org")


@pytest.fixture
def applicant(country):
    from members.models import MembershipStatus

    return UserFactory(
        country=country, email="applicant@example.org", status=MembershipStatus.APPLICANT
    )


@pytest.fixture
def focal_point(country):
    user = UserFactory(country=country, email="focal@example.org")
    country.focal_point = user
    country.save(update_fields=["focal_point"])
    return user


@pytest.fixture
def other_focal_point(other_country):
    user = UserFactory(country=other_country, email="focal.other@example.org")
    other_country.focal_point = user
    other_country.save(update_fields=["focal_point"])
    return user


@pytest.fixture
def expert(db):
    international = CountryFactory(code="XX", name_ar="دولي", name_en="International")
    return UserFactory(country=international, email="expert@example.org", is_expert=True)


@pytest.fixture
def facilitator(db):
    """A facilitator as the platform defines one: active staff in the Facilitators group."""
    return FacilitatorFactory(email="facilitator@example.org")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def facilitator_client(client, facilitator):
    client.force_login(facilitator)
    return client


# --- Browser ---------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def _playwright():
    require(os.path.exists(CHROMIUM), f"Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - declared in the dev extra
        require(False, "the playwright package")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def new_page(browser, live_server, **context_options):
    """A fresh browser context (own cookies) and page on the live server."""
    context = browser.new_context(**context_options)
    context.set_default_timeout(15000)
    page = context.new_page()
    page.base_url = live_server.url
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = new_page(
        browser, live_server, locale="en-US", viewport={"width": 1200, "height": 900}
    )
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context, page = new_page(
        browser,
        live_server,
        locale="ar",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    """Save the final state of a journey as a test artifact."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def browser_login(page, user, password="correct horse battery staple", language="en"):
    page.goto(f"{page.base_url}/{language}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", password)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.fixture
def glossary(db):
    """The glossary as its migration seeds it: transactional tests start from an emptied
    database, and search results in one language depend on it for the other."""
    import importlib

    from django.apps import apps as django_apps

    importlib.import_module("cop.search.migrations.0002_glossary_seed").seed(django_apps, None)
