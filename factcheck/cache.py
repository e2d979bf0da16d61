"""A cache that degrades instead of failing: Django's cache, with a local fallback.

The desk's cache holds nothing that must survive: rendered exports (rendered again
on a miss), request-rate and wrong-token counters, and the workers' heartbeats. So
when the configured cache (Redis, say) does not answer, `FailSafeCache` serves every
call from a small in-memory cache of this process instead of raising: pages, the API
and the public report keep answering (rate limits then count per process), the
outage is logged once, and after FACTCHECK_CACHE_RETRY_SECONDS the next call tries
the real cache again; its return is logged once too. Meanwhile nothing waits on the
dead server's timeout more than once per retry period.

Configured in settings: BACKEND "factcheck.cache.FailSafeCache" with the real
backend's dotted path and options in OPTIONS (docs/OPERATIONS.md).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def _unreachable_errors() -> tuple[type[BaseException], ...]:
    """What a cache server that is down, restarting or unreachable raises: socket
    and file errors, and every error of the Redis client (connection refused, a
    timeout, a server still loading its data or out of memory)."""
    errors: list[type[BaseException]] = [OSError]
    try:
        import redis
    except ImportError:  # pragma: no cover - redis is a pinned requirement
        pass
    else:
        errors.append(redis.exceptions.RedisError)
    return tuple(errors)


UNREACHABLE = _unreachable_errors()

# The fallback keeps small values only: a rendered PDF is better rendered again
# than kept in every web process's memory.
FALLBACK_MAX_VALUE_BYTES = 256 * 1024


class _Fallback(LocMemCache):
    """This process's stand-in: a small memory cache that skips large values."""

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if isinstance(value, bytes | str) and len(value) > FALLBACK_MAX_VALUE_BYTES:
            return
        super().set(key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if isinstance(value, bytes | str) and len(value) > FALLBACK_MAX_VALUE_BYTES:
            return False
        return super().add(key, value, timeout, version)


class FailSafeCache(BaseCache):
    """The configured cache, or this process's memory while that one is down.

    OPTIONS: BACKEND (the real backend's dotted path), OPTIONS (its own options),
    RETRY_SECONDS (how long to use the fallback before trying the real one again).
    TIMEOUT, KEY_PREFIX, VERSION and KEY_FUNCTION apply to both.
    """

    def __init__(self, location, params):
        params = dict(params)
        options = dict(params.pop("OPTIONS", None) or {})
        super().__init__(params)
        backend = options.pop("BACKEND")
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 5.0))
        shared = {
            name: params[name]
            for name in ("TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION")
            if name in params
        }
        self.backend_name = backend.rsplit(".", 1)[-1]
        self.primary: BaseCache = import_string(backend)(
            location, {**shared, "OPTIONS": options.pop("OPTIONS", None) or {}}
        )
        self.fallback = _Fallback(
            f"failsafe-{id(self)}", {**shared, "OPTIONS": {"MAX_ENTRIES": 1000}}
        )
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._retry_at = 0.0

    # --- the circuit ------------------------------------------------------------

    @property
    def reachable(self) -> bool:
        """False while the real cache is taken for down."""
        return self._down_since is None

    def _use_primary(self) -> bool:
        with self._lock:
            return self._down_since is None or time.monotonic() >= self._retry_at

    def _failed(self, error: BaseException) -> None:
        with self._lock:
            first = self._down_since is None
            if first:
                self._down_since = time.monotonic()
            self._retry_at = time.monotonic() + self.retry_seconds
        if first:
            logger.error(
                "The cache (%s) is unreachable (%s: %s): this process uses a memory "
                "cache of its own until it answers; request limits count per "
                "process meanwhile. Said once until then.",
                self.backend_name,
                type(error).__name__,
                error,
            )

    def _succeeded(self) -> None:
        if self._down_since is None:
            return
        with self._lock:
            down_since, self._down_since = self._down_since, None
        if down_since is not None:
            logger.warning(
                "The cache (%s) answers again after %.0f s.",
                self.backend_name,
                time.monotonic() - down_since,
            )

    def _call(self, name: str, *args, **kwargs):
        if self._use_primary():
            try:
                result = getattr(self.primary, name)(*args, **kwargs)
            except UNREACHABLE as error:
                self._failed(error)
            else:
                self._succeeded()
                return result
        return getattr(self.fallback, name)(*args, **kwargs)

    # --- the cache API ------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def decr(self, key, delta=1, version=None):
        return self._call("decr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        self.fallback.clear()
        return self._call("clear")

    def close(self, **kwargs):
        with contextlib.suppress(UNREACHABLE):
            self.primary.close(**kwargs)
