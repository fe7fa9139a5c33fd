"""The Redis cache, tolerant of a Redis outage: a request never fails because the cache is away.

What the platform keeps in the cache can be lost without harm: allauth's rate
limits (sign-in, signup, password reset) and short-lived values. While Redis
is unreachable each operation answers as if the cache were empty and accepted
the write (`add` reports success, so allauth's cache lock is taken and its
limits are skipped: the limiter fails open for the outage). The first failure
opens a breaker for `OUTAGE_RETRY_SECONDS`: meanwhile nobody waits for a
timeout, and the outage is logged once per interval, not once per request.
"""

import logging
import threading
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class OutageTolerantRedisCache(RedisCache):
    """Django's Redis cache whose operations degrade to a miss while Redis is unreachable."""

    OUTAGE_RETRY_SECONDS = 30.0

    # Per process, per server: when to try Redis again (0: it answers).
    _retry_at: dict[str, float] = {}
    _lock = threading.Lock()

    def _outage_key(self) -> str:
        return ",".join(self._servers)

    def _guarded(self, operation, fallback, *args, **kwargs):
        key = self._outage_key()
        if self._retry_at.get(key, 0.0) > time.monotonic():
            return fallback()
        try:
            result = operation(*args, **kwargs)
        except OUTAGE_ERRORS as error:
            with self._lock:
                self._retry_at[key] = time.monotonic() + self.OUTAGE_RETRY_SECONDS
            logger.warning(
                "The cache at %s is unreachable (%s): rate limits are not applied and "
                "nothing is cached for the next %d s.",
                self._safe_location(),
                error,
                self.OUTAGE_RETRY_SECONDS,
            )
            return fallback()
        if self._retry_at.pop(key, None):
            logger.warning("The cache at %s answers again.", self._safe_location())
        return result

    def _safe_location(self) -> str:
        # Never log a password written in the URL.
        return ", ".join(server.rsplit("@", 1)[-1] for server in self._servers)

    @classmethod
    def forget_outages(cls) -> None:
        """Try every server again at the next operation (tests, a manual recovery)."""
        cls._retry_at.clear()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().add, lambda: True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded(super().get, lambda: default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().set, lambda: None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().touch, lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(super().delete, lambda: False, key, version)

    def get_many(self, keys, version=None):
        return self._guarded(super().get_many, dict, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(super().has_key, lambda: False, key, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")

        return self._guarded(super().incr, missing, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().set_many, lambda: list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guarded(super().delete_many, lambda: None, keys, version)

    def clear(self):
        return self._guarded(super().clear, lambda: False)
