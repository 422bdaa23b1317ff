"""core.cache.cached_value: a value computed once however many processes miss it at the same moment, the others
waiting for it rather than computing it too; a holder too slow or gone never makes them hang; the cache away is
not an error."""

import threading
import time

import pytest
from django.core.cache import cache

from core.cache import cached_value

UNREACHABLE_REDIS = {"default": {"BACKEND": "portal.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}


@pytest.fixture(autouse=True)
def _shared_cache(settings):
    # One cache all the threads share, as Redis is shared by the worker processes.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


def _rush(count: int, compute, **options) -> list:
    start = threading.Barrier(count)
    results = [None] * count

    def ask(i: int) -> None:
        start.wait()
        results[i] = cached_value("test:page", compute, timeout=60, **options)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_concurrent_misses_compute_once():
    computed = []

    def compute() -> str:
        computed.append(1)
        time.sleep(0.3)
        return "<p>trang</p>"

    assert _rush(8, compute) == ["<p>trang</p>"] * 8
    assert len(computed) == 1
    assert cached_value("test:page", compute, timeout=60) == "<p>trang</p>" and len(computed) == 1


def test_a_slow_holder_makes_the_others_wait_only_so_long():
    computed = []

    def compute() -> str:
        computed.append(1)
        time.sleep(1.0)
        return "<p>trang</p>"

    started = time.monotonic()
    assert _rush(3, compute, wait_seconds=0.2) == ["<p>trang</p>"] * 3
    assert len(computed) == 3  # the two waiting gave up after 0.2 s and computed it themselves
    assert time.monotonic() - started < 3


def test_a_lock_left_by_a_dead_holder_expires():
    cache.add("test:page:computing", "a process that died", 1)
    started = time.monotonic()
    assert cached_value("test:page", lambda: "<p>trang</p>", timeout=60, wait_seconds=5) == "<p>trang</p>"
    assert time.monotonic() - started < 3  # waited for the lock to expire, not for the whole wait
    assert not cache.get("test:page:computing")


def test_a_failed_computation_releases_the_lock():
    def fail() -> str:
        raise ValueError("boom")

    with pytest.raises(ValueError):
        cached_value("test:page", fail, timeout=60)
    assert cache.get("test:page:computing") is None
    assert cached_value("test:page", lambda: "<p>trang</p>", timeout=60, wait_seconds=0.1) == "<p>trang</p>"


def test_nothing_is_kept_for_none():
    assert cached_value("test:page", lambda: None, timeout=60) is None
    assert cache.get("test:page") is None


def test_the_cache_away_computes_every_time(settings):
    settings.CACHES = UNREACHABLE_REDIS
    computed = []

    def compute() -> str:
        computed.append(1)
        return "<p>trang</p>"

    for _ in range(2):
        assert cached_value("test:page", compute, timeout=60) == "<p>trang</p>"
    assert len(computed) == 2
