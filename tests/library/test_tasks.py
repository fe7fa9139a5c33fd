"""The library's background jobs are registered, scheduled and idempotent."""

import pytest
from django.conf import settings

from cop.celery import app
from library import tasks

pytestmark = pytest.mark.django_db


def test_the_milestone_scanner_is_on_beat_and_both_tasks_are_registered():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "library.send_milestone_reminders" in scheduled
    app.loader.import_default_modules()
    assert {"library.send_milestone_reminders", "library.notify_publication"} <= set(app.tasks)


def test_the_notice_task_for_a_version_that_no_longer_exists_does_nothing():
    assert tasks.notify_publication(987654) == 0


def test_publishing_queues_the_notices_only_after_commit(
    in_review, facilitator, django_capture_on_commit_callbacks, monkeypatch
):
    from library import services

    published = []
    monkeypatch.setattr(
        tasks.notify_publication, "apply_async", lambda *a, **k: published.append(a)
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.document_publish(document=in_review, by=facilitator, visibility="public")
    assert published == [] and len(callbacks) == 1
