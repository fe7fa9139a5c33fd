"""Sign-in limits: kept while Redis works, skipped (never a 500) while it is away, per client
address behind the proxy, and applied to the admin's sign-in too."""

import logging
import shutil
import time
import uuid

import pytest
from django.contrib.auth import SESSION_KEY

from cop.cache import OutageTolerantRedisCache
from cop.models import OutboundEmail
from members.models import User

from ..conftest import redis_url, require
from .brokers import closed_port, redis_server, silent_server

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def use_redis_cache(settings, location: str) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "cop.cache.OutageTolerantRedisCache",
            "LOCATION": location,
            # A fresh prefix: nothing left by another test or run is counted.
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    OutageTolerantRedisCache.forget_outages()


@pytest.fixture(autouse=True)
def _fresh_breaker():
    OutageTolerantRedisCache.forget_outages()
    yield
    OutageTolerantRedisCache.forget_outages()


def signup_data(email, country):
    return {
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "name_latin": "Nour Haddad",
        "country": country.pk,
        "organisation": "Ministry of Social Development",
        "position": "Researcher",
        "preferred_language": "en",
    }


def signs_in(client, email, password=PASSWORD, url="/en/accounts/login/", **extra) -> bool:
    client.logout()
    response = client.post(url, {"login": email, "password": password}, **extra)
    assert response.status_code in (200, 302, 429), response.status_code
    return SESSION_KEY in client.session


def assert_account_flows_work(client, member, country, django_capture_on_commit_callbacks):
    started = time.monotonic()
    assert signs_in(client, member.email)
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302
    assert OutboundEmail.objects.filter(to=member.email).exists()
    response = client.post("/en/accounts/signup/", signup_data("new@example.org", country))
    assert response.status_code == 302
    assert User.objects.filter(email="new@example.org").exists()
    return time.monotonic() - started


@pytest.mark.parametrize("outage", ["closed port", "server that never answers"])
def test_sign_in_signup_and_password_reset_work_while_redis_is_down(
    client, settings, member, country, caplog, django_capture_on_commit_callbacks, outage
):
    caplog.set_level(logging.WARNING, logger="cop.cache")
    if outage == "closed port":
        use_redis_cache(settings, f"redis://127.0.0.1:{closed_port()}/0")
        seconds = assert_account_flows_work(
            client, member, country, django_capture_on_commit_callbacks
        )
    else:
        with silent_server() as port:
            use_redis_cache(settings, f"redis://127.0.0.1:{port}/0")
            seconds = assert_account_flows_work(
                client, member, country, django_capture_on_commit_callbacks
            )
    # One timeout at most, then the breaker answers at once.
    assert seconds < 8
    outage_logs = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(outage_logs) == 1
    assert "rate limits are not applied" in outage_logs[0].getMessage()


def test_many_sign_ins_while_redis_is_down_log_the_outage_once(client, settings, member, caplog):
    caplog.set_level(logging.WARNING, logger="cop.cache")
    use_redis_cache(settings, f"redis://user:secret@127.0.0.1:{closed_port()}/0")
    for _ in range(15):
        assert not signs_in(client, member.email, password="wrong")
    assert signs_in(client, member.email)
    messages = [r.getMessage() for r in caplog.records if r.name == "cop.cache"]
    assert len(messages) == 1
    assert "secret" not in messages[0]


@pytest.mark.redis
def test_limits_apply_when_redis_answers(client, settings, member):
    use_redis_cache(settings, redis_url())
    for _ in range(5):
        assert not signs_in(client, member.email, password="wrong")
    # The sixth try within five minutes is refused, right password or not.
    assert not signs_in(client, member.email)


def test_limits_come_back_with_redis(client, settings, member, monkeypatch):
    require(shutil.which("redis-server") is not None, "redis-server")
    monkeypatch.setattr(OutageTolerantRedisCache, "OUTAGE_RETRY_SECONDS", 0.2)
    with redis_server() as port:
        use_redis_cache(settings, f"redis://127.0.0.1:{port}/0")
        assert not signs_in(client, member.email, password="wrong")
    # Redis is down: tries are neither counted nor refused.
    for _ in range(8):
        assert not signs_in(client, member.email, password="wrong")
    assert signs_in(client, member.email)
    with redis_server(port):
        time.sleep(0.3)
        for _ in range(5):
            assert not signs_in(client, member.email, password="wrong")
        # Redis kept nothing: five failures in its new life, and the limit holds again.
        assert not signs_in(client, member.email)
        assert not signs_in(client, member.email)


# --- The client address behind the proxy --------------------------------------------------
PROXY = {"REMOTE_ADDR": "10.0.0.2"}


def fail_ten_times(client, country, **meta):
    # Ten different accounts, so only the per-address limit (10 a minute) is reached.
    for number in range(10):
        assert not signs_in(client, f"nobody{number}@example.org", password="wrong", **meta)


def test_two_clients_behind_the_proxy_are_limited_separately(client, settings, member, country):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    fail_ten_times(client, country, HTTP_X_FORWARDED_FOR="198.51.100.7", **PROXY)
    assert not signs_in(client, member.email, HTTP_X_FORWARDED_FOR="198.51.100.7", **PROXY)
    assert signs_in(client, member.email, HTTP_X_FORWARDED_FOR="203.0.113.9", **PROXY)


def test_the_proxy_appends_the_client_address_and_only_that_entry_counts(
    client, settings, member, country
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # A client sending its own X-Forwarded-For cannot pick the entry that counts:
    # the proxy appends the address it saw, and that last entry is the one read.
    for number in range(10):
        spoof = f"192.0.2.{number}, 198.51.100.7"
        assert not signs_in(
            client, f"nobody{number}@example.org", "wrong", HTTP_X_FORWARDED_FOR=spoof, **PROXY
        )
    assert not signs_in(client, member.email, HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.7")


def test_a_trusted_client_ip_header_names_the_client(client, settings, member, country):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    fail_ten_times(client, country, HTTP_X_REAL_IP="198.51.100.7", **PROXY)
    assert not signs_in(client, member.email, HTTP_X_REAL_IP="198.51.100.7", **PROXY)
    assert signs_in(client, member.email, HTTP_X_REAL_IP="203.0.113.9", **PROXY)


def test_a_spoofed_header_is_ignored_when_no_proxy_is_configured(client, settings, member, country):
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0
    assert settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER is None
    for number in range(10):
        assert not signs_in(
            client,
            f"nobody{number}@example.org",
            "wrong",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
            HTTP_X_REAL_IP=f"192.0.2.{number}",
        )
    assert not signs_in(
        client, member.email, HTTP_X_FORWARDED_FOR="203.0.113.9", HTTP_X_REAL_IP="203.0.113.9"
    )


def test_production_settings_use_the_tolerant_cache_and_the_proxy_from_the_environment(
    monkeypatch,
):
    import importlib

    from cop import settings as settings_module

    monkeypatch.setenv("REDIS_URL", "redis://redis.internal:6379/0")
    monkeypatch.setenv("COP_TRUSTED_PROXY_COUNT", "1")
    monkeypatch.setenv("COP_CLIENT_IP_HEADER", "X-Real-IP")
    try:
        reloaded = importlib.reload(settings_module)
        assert reloaded.CACHES["default"]["BACKEND"] == "cop.cache.OutageTolerantRedisCache"
        assert reloaded.ALLAUTH_TRUSTED_PROXY_COUNT == 1
        assert reloaded.ALLAUTH_TRUSTED_CLIENT_IP_HEADER == "X-Real-IP"
    finally:
        monkeypatch.undo()
        importlib.reload(settings_module)


# --- The admin's sign-in ------------------------------------------------------------------
def test_admin_sign_in_goes_through_the_sites_sign_in_with_next(client):
    response = client.get("/en/admin/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/en/admin/"


def test_posting_a_password_to_the_admin_login_signs_nobody_in(client, facilitator):
    response = client.post(
        "/en/admin/login/?next=/en/admin/", {"username": facilitator.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert SESSION_KEY not in client.session


def test_the_eleventh_wrong_password_through_the_admin_url_is_refused_even_when_right(
    client, facilitator
):
    login_url = client.get("/en/admin/login/?next=/en/admin/")["Location"]
    for number in range(10):
        assert not signs_in(client, f"nobody{number}@example.org", "wrong", url=login_url)
    assert not signs_in(client, facilitator.email, url=login_url)
    assert client.get("/en/admin/").status_code == 302


def test_a_facilitator_signs_in_to_the_admin(client, facilitator):
    login_url = client.get("/en/admin/login/?next=/en/admin/")["Location"]
    response = client.post(login_url, {"login": facilitator.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].endswith("/admin/")
    assert client.get("/en/admin/").status_code == 200


def test_a_signed_in_member_is_refused_the_admin_with_a_reason(client, member):
    client.force_login(member)
    response = client.get("/en/admin/login/?next=/en/admin/")
    assert response.status_code == 403
    assert "facilitators" in response.content.decode()
