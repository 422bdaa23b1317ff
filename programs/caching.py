"""Rendered program pages kept in the cache, and the data versions that make them stale.

A program dashboard recomputes task-group roll-ups, indicator attainment, registry counts and charts, and
renders them: by far the dearest part of the page, and it changes only when data behind it is written. So
that part is rendered once and kept under a key that names everything it depends on: the database, the page,
the program, the viewer's right to edit (the only thing about the viewer it shows), the language, the day
(overdue tasks) and the data versions.

Every write that can change what a program page shows calls `program_data_changed` (the services, the admin)
inside its transaction. The program's version takes a new random value at once, so that the rest of the
writing transaction never reads the page as it was, and again once the transaction commits, so that a page
computed meanwhile from the data before the commit is left under a version nobody asks for any more. A write
whose programs are not at hand (the admin, the demo data) calls `all_program_data_changed`, which renews the
version every key carries.

Only a cache shared by every worker process may hold them (settings.PROGRAM_PAGES_CACHED, on with Redis): a
local-memory cache is one per process, and a write handled by one worker could not make the others' copies
stale. The cache (Redis) only saves work: when it fails, pages are computed as if nothing had been cached. Entries
also expire after TTL_SECONDS, a bound on their age should a renewal be lost (Redis away during a write, a
write made outside the portal).
"""

import logging
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

TTL_SECONDS = 5 * 60
# A failing cache raises RedisError (the server is away) or OSError (the socket).
CACHE_ERRORS = (RedisError, OSError)

_ALL = "all"  # renewed by every change: the pages about every program (the overview)
_EPOCH = "epoch"  # renewed by changes whose programs are unknown: part of every key


def _version_key(name: str) -> str:
    # The database is part of every key: two portals (or test runs) sharing one Redis never share pages.
    return f"programs:version:{connection.settings_dict['NAME']}:{name}"


def _program(program_id: int) -> str:
    return f"program:{program_id}"


def _renew(names: Iterable[str]) -> None:
    try:
        cache.set_many({_version_key(name): uuid.uuid4().hex for name in names}, timeout=None)
    except CACHE_ERRORS as error:
        logger.warning("Cache unreachable, program pages not invalidated (they expire by themselves): %s", error)


def _renew_now_and_after_commit(names: list[str]) -> None:
    _renew(names)
    transaction.on_commit(lambda: _renew(names))


def program_data_changed(*program_ids: int) -> None:
    """Call inside the transaction that changes what these programs' pages show."""
    _renew_now_and_after_commit([*(_program(p) for p in set(program_ids) if p is not None), _ALL])


def all_program_data_changed() -> None:
    """Call inside a transaction that may change any program's pages."""
    _renew_now_and_after_commit([_EPOCH, _ALL])


def expire_all_program_pages() -> None:
    """Make every cached program page stale now, outside any transaction (a database replaced wholesale)."""
    _renew([_EPOCH, _ALL])


def _versions(names: list[str]) -> list[str]:
    """The current version of each name, created when missing (first use, or evicted). Raises CACHE_ERRORS."""
    keys = [_version_key(name) for name in names]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    for key in missing:
        cache.add(key, uuid.uuid4().hex, timeout=None)
    if missing:
        # Another process may have created it first: take whichever value won.
        found.update(cache.get_many(missing))
    return [found.get(key, "") for key in keys]


def _cached(name: str, parts: tuple, versions: list[str], compute: Callable[[], Any]) -> Any:
    """`compute()`, or its copy in the cache for the same key; None is never kept (nothing to show)."""
    if not settings.PROGRAM_PAGES_CACHED:
        return compute()
    try:
        current = _versions([_EPOCH, *versions])
        key = ":".join(["programs:cached", connection.settings_dict["NAME"], name, *map(str, parts), *current])
        value = cache.get(key)
    except CACHE_ERRORS as error:
        logger.warning("Cache unreachable, %s computed afresh: %s", name, error)
        return compute()
    if value is None:
        value = compute()
        if value is not None:
            try:
                cache.set(key, value, TTL_SECONDS)
            except CACHE_ERRORS as error:
                logger.warning("Cache unreachable, %s not kept: %s", name, error)
    return value


def cached_html(page: str, parts: tuple, versions: list[str], render: Callable[[], str]) -> SafeString:
    """`render()` (HTML rendered by the portal's own templates), or its copy in the cache for the same key.

    `parts` must name everything the HTML depends on besides the data versions, the language and the day.
    """
    parts = (*parts, translation.get_language() or "", timezone.localdate().isoformat())
    # Our own templates rendered it, autoescaping what came from the data.
    return mark_safe(_cached(page, parts, versions, lambda: str(render())))


def program_by_slug(slug: str, fetch: Callable[[], Any]) -> Any:
    """The program row (with its city) for a slug: it changes only in the admin, which renews the epoch."""
    return _cached("program", (slug,), [], fetch)


def program_html(page: str, program_id: int, parts: tuple, render: Callable[[], str]) -> SafeString:
    """A page part about one program: stale once the program's data (or any program's, via the epoch) change."""
    return cached_html(page, (program_id, *parts), [_program(program_id)], render)


def all_programs_html(page: str, parts: tuple, render: Callable[[], str]) -> SafeString:
    """A page part about every program: stale once any program's data change."""
    return cached_html(page, parts, [_ALL], render)
