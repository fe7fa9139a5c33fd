import pytest

from discussions import demo
from discussions.models import Post, Thread, Topic
from members import demo as members_demo

pytestmark = pytest.mark.django_db


def test_seed_writes_readable_threads_once():
    members_demo.seed()
    assert demo.seed() == []
    assert Topic.objects.count() == 10
    assert Topic.objects.filter(is_public=True).exists()
    threads = Thread.objects.count()
    assert threads == len(demo.THREADS)
    assert Thread.objects.filter(accepted_answer__isnull=False).exists()
    assert Thread.objects.exclude(title_translation="").exists()
    assert Post.objects.filter(depth__gte=3).exists()  # nested replies
    assert set(Thread.objects.values_list("language", flat=True)) == {"ar", "en"}
    demo.seed()
    assert Thread.objects.count() == threads


def test_seed_tolerates_missing_people():
    demo.seed()  # no demo accounts at all
    assert Topic.objects.count() == 10 and Thread.objects.count() == 0
