"""Values kept in the shared cache (Redis) under a key that names everything they depend on.

- A key never has to be deleted: whoever asks builds it from the data's current versions, so a value left under
  an old key is simply never asked for again, and expires after its timeout.
- Single flight: on a miss, one process computes the value (it holds `<key>:computing`, taken with `cache.add`)
  while the others wait up to `wait_seconds` for it to appear. Whoever waited longer, or finds the holder gone
  (its lock expires after `lock_seconds`), computes the value itself: a slow or dead process never makes
  others hang.
- The cache only saves work: when it fails (CACHE_ERRORS), the value is computed as if nothing had been kept.
- None is never kept (nothing to show).
"""

import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# A failing cache raises RedisError (the server is away) or OSError (the socket).
CACHE_ERRORS = (RedisError, OSError)

_POLL_SECONDS = 0.05


def _lock_key(key: str) -> str:
    return f"{key}:computing"


def _wait_for(key: str, wait_seconds: float) -> Any:
    """The value once another process has kept it, or None after `wait_seconds` (or once its lock is gone)."""
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        time.sleep(_POLL_SECONDS)
        found = cache.get_many([key, _lock_key(key)])
        if key in found or _lock_key(key) not in found:
            return found.get(key)
    return None


def cached_value(
    key: str,
    compute: Callable[[], Any],
    *,
    timeout: int,
    lock_seconds: int = 30,
    wait_seconds: float = 5.0,
) -> Any:
    """`compute()`, or its copy kept under `key`; on a miss only one process at a time computes it."""
    try:
        value = cache.get(key)
        if value is not None:
            return value
        token = uuid.uuid4().hex
        leader = cache.add(_lock_key(key), token, lock_seconds)
        if not leader:
            value = _wait_for(key, wait_seconds)
            if value is not None:
                return value
    except CACHE_ERRORS as error:
        logger.warning("Cache unreachable, %s computed afresh: %s", key, error)
        return compute()
    try:
        value = compute()
        if value is not None:
            try:
                cache.set(key, value, timeout)
            except CACHE_ERRORS as error:
                logger.warning("Cache unreachable, %s not kept: %s", key, error)
    finally:
        if leader:
            _release(key, token)  # after the value is kept: a process waiting finds it, not an empty slot
    return value


def _release(key: str, token: str) -> None:
    # Only a lock still ours: once it expired, another process may hold it.
    try:
        if cache.get(_lock_key(key)) == token:
            cache.delete(_lock_key(key))
    except CACHE_ERRORS:
        pass  # it expires by itself
