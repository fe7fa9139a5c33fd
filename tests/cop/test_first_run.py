"""A newcomer's first run (`./dev up`): SQLite, no Redis, the demo community, every main page.

The rest of the suite runs on PostgreSQL; this test runs the embedded default
in a separate process (its own SQLite file, no REDIS_URL), so that a query
only PostgreSQL understands cannot break the platform a newcomer first sees.
It migrates, seeds the demo and opens the pages each demo role uses, in both
languages; any error fails it with the traceback.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PAGES = r"""
from django.test import Client
from django.test.utils import override_settings
from discussions.models import Thread
from events.models import Event
from library.models import Document
from surveys.models import Survey

def check(client, url, expected=(200,)):
    response = client.get(url)
    assert response.status_code in expected, (url, response.status_code)
    return response

with override_settings(ALLOWED_HOSTS=["testserver"]):
    visitor = Client()
    for language in ("ar", "en"):
        check(visitor, f"/{language}/")
        check(visitor, f"/{language}/library/")
        check(visitor, f"/{language}/events/")
    for email in ("facilitator@example.org", "focal.jordan@example.org",
                  "member.jordan@example.org"):
        client = Client()
        response = client.post("/en/accounts/login/", {"login": email, "password": "%(password)s"})
        assert response.status_code == 302, (email, response.status_code)
        thread = Thread.objects.filter(is_hidden=False).order_by("pk").first()
        event = Event.objects.order_by("pk").first()
        document = Document.objects.filter(state="published").order_by("pk").first()
        for language in ("ar", "en"):
            for url in (
                "/", "/discussions/", thread.get_absolute_url().removeprefix("/en").removeprefix("/ar"),
                "/events/", f"/events/{event.pk}/", "/surveys/", "/library/",
                f"/library/{document.pk}/" if document else "/library/",
                "/members/", "/conversations/", "/search/?q=%%D8%%A7%%D9%%84%%D8%%B3%%D8%%AC%%D9%%84",
                "/search/?q=cash+transfers",
            ):
                check(client, f"/{language}{url}")
            if email != "member.jordan@example.org":
                for survey in Survey.objects.all():
                    for part in ("results/", "results/report/"):
                        check(client, f"/{language}/surveys/{survey.pk}/{part}")
                    check(client, f"/{language}/surveys/{survey.pk}/results/?country=JO")
print("first run: every page answered")
"""


@pytest.mark.timeout(600)
def test_the_embedded_first_run_migrates_seeds_and_serves_every_main_page(tmp_path: Path):
    from members.demo import DEMO_PASSWORD

    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}
    }
    # As `./dev up` runs it: DEBUG on (static files served from the apps, no collectstatic).
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'first-run.sqlite3'}", "DJANGO_DEBUG": "1"}
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]

    def run(*args, stdin=None):
        done = subprocess.run(
            [*manage, *args],
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=500,
            cwd=settings.BASE_DIR,
        )
        assert done.returncode == 0, done.stderr[-4000:]
        return done.stdout

    run("migrate", "-v", "0")
    assert "facilitator@example.org" in run("seed_demo")
    script = PAGES % {"password": DEMO_PASSWORD}
    assert "every page answered" in run("shell", stdin=script)
