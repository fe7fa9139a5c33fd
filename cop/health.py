"""Liveness of the two things the platform cannot work without."""

from pathlib import Path

from django.conf import settings
from django.db import connection


def database_state() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return False, exc.__class__.__name__
    return True, connection.vendor


def broker_state() -> tuple[bool, str]:
    url = settings.CELERY_BROKER_URL
    if url.startswith(("redis://", "rediss://")):
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        try:
            client.ping()
        except Exception as exc:
            return False, exc.__class__.__name__
        finally:
            client.close()
        return True, "redis"
    if url.startswith("filesystem://"):
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return False, exc.__class__.__name__
        return True, "filesystem"
    if url.startswith("memory://"):
        return True, "memory"
    return False, "unknown broker"
